-- Event handlers of the reference subclasses: log lines, and drop removes the own row.

--------------------------------------------------------------------------------
-- Vendor events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventVendorCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Vendor created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Vendor opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Vendor changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Vendor saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Vendor enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Vendor disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Vendor deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Vendor restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVendorDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.vendor WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Vendor dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Agent events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventAgentCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Agent created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Agent opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Agent changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Agent saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Agent enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Agent disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Agent deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Agent restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventAgentDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.agent WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Agent dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Form events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventFormCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Form created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Form opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Form changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Form saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Form enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Form disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Form deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Form restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventFormDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.form WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Form dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Program events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventProgramCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Program created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Program opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Program changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Program saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Program enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Program disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Program deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Program restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventProgramDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.program WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Program dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Scheduler events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventSchedulerCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Scheduler created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Scheduler opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Scheduler changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Scheduler saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Scheduler enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Scheduler disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Scheduler deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Scheduler restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventSchedulerDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.scheduler WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Scheduler dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Version events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventVersionCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Version created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Version opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Version changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionSave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Version saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Version enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Version disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Version deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Version restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventVersionDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.version WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Version dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

