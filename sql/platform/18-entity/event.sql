--------------------------------------------------------------------------------
-- entity module: event handlers of the classes object, reference, document
-- (spec 15 §6.4, §8). Bound by name in db.event; a configuration replaces
-- one by redefining it.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventObjectCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Object created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Object opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Object updated.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Object saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Object enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Object disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Object deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventObjectRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Object restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Physical removal: everything hanging off the object, then the object.
-- Tables of later modules (comments, notices) are cleared when installed.
CREATE OR REPLACE FUNCTION EventObjectDrop (
  pObject     uuid DEFAULT context_object()
) RETURNS     void
AS $$
DECLARE
  vLabel      text := GetObjectLabel(pObject);
BEGIN
  IF to_regclass('db.comment') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.comment WHERE object = $1' USING pObject;
  END IF;
  IF to_regclass('db.notice') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.notice WHERE object = $1' USING pObject;
  END IF;

  DELETE FROM db.object_link WHERE object = pObject OR linked = pObject;
  DELETE FROM db.object_reference WHERE object = pObject;
  DELETE FROM db.object_file WHERE object = pObject;
  DELETE FROM db.object_data WHERE object = pObject;
  DELETE FROM db.object_coordinates WHERE object = pObject;
  DELETE FROM db.object_group_member WHERE object = pObject;
  DELETE FROM db.object_state WHERE object = pObject;
  DELETE FROM db.method_stack WHERE object = pObject;
  DELETE FROM db.notification WHERE object = pObject;
  DELETE FROM db.log WHERE object = pObject;

  UPDATE db.object SET parent = null WHERE parent = pObject;

  DELETE FROM db.object WHERE id = pObject;

  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', format('[%s] [%s] Object dropped.', pObject, coalesce(vLabel, '')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Reference
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventReferenceCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1000, 'create', 'Reference created.', pObject);
  PERFORM DoEnable(pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'open', 'Reference opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'edit', 'Reference updated.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'save', 'Reference saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'enable', 'Reference enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'disable', 'Reference disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'delete', 'Reference deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'restore', 'Reference restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReferenceDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.reference WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2000, 'drop', 'Reference dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Document
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventDocumentCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'create', 'Document created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'open', 'Document opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'edit', 'Document updated.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'save', 'Document saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'enable', 'Document enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'disable', 'Document disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'delete', 'Document deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1000, 'restore', 'Document restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventDocumentDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.document WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2000, 'drop', 'Document dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
