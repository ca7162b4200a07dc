-- Event handlers of the reference subclasses: log lines, and drop removes the own row.
-- The workflow binds each handler by name ('EventVendorCreate();'), so every one
-- exists; what they log is ReferenceSubclassActions() in common.sql.

-- Writes the event log line of pAction for an object of the subclass named pLabel.
CREATE OR REPLACE FUNCTION LogSubclassEvent (
  pLabel    text,
  pAction   text,
  pObject   uuid
) RETURNS   void
AS $$
DECLARE
  r         record;
BEGIN
  SELECT * INTO STRICT r FROM ReferenceSubclassActions() WHERE action = pAction;
  PERFORM WriteToEventLog(r.log_type, r.log_code, r.log_scope, pAction, format('%s %s.', pLabel, r.done), pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Vendor events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventVendorCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Vendor', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.vendor WHERE id = pObject;
  PERFORM LogSubclassEvent('Vendor', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Agent events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventAgentCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Agent', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.agent WHERE id = pObject;
  PERFORM LogSubclassEvent('Agent', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Form events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventFormCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Form', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.form WHERE id = pObject;
  PERFORM LogSubclassEvent('Form', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Program events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventProgramCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Program', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.program WHERE id = pObject;
  PERFORM LogSubclassEvent('Program', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Scheduler events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventSchedulerCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Scheduler', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.scheduler WHERE id = pObject;
  PERFORM LogSubclassEvent('Scheduler', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Version events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventVersionCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'create', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'open', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'edit', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'save', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'enable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'disable', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'delete', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM LogSubclassEvent('Version', 'restore', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.version WHERE id = pObject;
  PERFORM LogSubclassEvent('Version', 'drop', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
