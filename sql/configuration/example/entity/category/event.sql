-- Category event handlers, bound by AddCategoryEvents in init.sql.

--------------------------------------------------------------------------------
-- Category events
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventCategoryCreate (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'lifecycle', 'create', 'Category created.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryOpen (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'lifecycle', 'open', 'Category opened.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryEdit (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'lifecycle', 'edit', 'Category changed.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategorySave (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'lifecycle', 'save', 'Category saved.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryEnable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow', 'enable', 'Category enabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryDisable (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow', 'disable', 'Category disabled.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryDelete (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow', 'delete', 'Category deleted.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryRestore (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow', 'restore', 'Category restored.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventCategoryDrop (
  pObject   uuid DEFAULT context_object()
) RETURNS   void
AS $$
BEGIN
  DELETE FROM db.category WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow', 'drop', 'Category dropped.', pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

