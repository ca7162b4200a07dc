-- Event handlers of the report classes (24-report §5). Scope of the log
-- entries: workflow.report.

--------------------------------------------------------------------------------
-- Shared
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ReportLog (
  pType     char,
  pCode     integer,
  pEvent    text,
  pText     text,
  pObject   uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog(pType, pCode, 'workflow.report', pEvent, pText, pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Runs an action on every direct child node that offers it in its current
-- state; each child's own event carries it further down.
CREATE OR REPLACE FUNCTION ReportTreePropagate (
  pObject   uuid,
  pAction   text
) RETURNS   void
AS $$
DECLARE
  r         record;
  uAction   uuid := GetAction(pAction);
BEGIN
  FOR r IN SELECT id FROM db.report_tree WHERE node = pObject AND id <> pObject ORDER BY sequence
  LOOP
    IF GetObjectMethod(r.id, uAction) IS NOT NULL THEN
      PERFORM ExecuteObjectAction(r.id, uAction);
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report tree
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventReportTreeCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1001, 'create', 'Report tree node created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1002, 'open', 'Report tree node opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1003, 'edit', 'Report tree node changed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1004, 'save', 'Report tree node saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportTreePropagate(pObject, 'enable');
  PERFORM ReportLog('M', 2001, 'enable', 'Report tree node enabled.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportTreePropagate(pObject, 'disable');
  PERFORM ReportLog('M', 2002, 'disable', 'Report tree node disabled.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportTreePropagate(pObject, 'delete');
  PERFORM ReportLog('W', 2003, 'delete', 'Report tree node deleted.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportTreePropagate(pObject, 'restore');
  PERFORM ReportLog('W', 2004, 'restore', 'Report tree node restored.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportTreeDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportTreePropagate(pObject, 'drop');
  DELETE FROM db.report_tree WHERE id = pObject;
  PERFORM ReportLog('W', 2005, 'drop', 'Report tree node dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report form
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventReportFormCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1001, 'create', 'Report form created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1002, 'open', 'Report form opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1003, 'edit', 'Report form changed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1004, 'save', 'Report form saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2001, 'enable', 'Report form enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2002, 'disable', 'Report form disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2003, 'delete', 'Report form deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2004, 'restore', 'Report form restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportFormDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.report_form WHERE id = pObject;
  PERFORM ReportLog('W', 2005, 'drop', 'Report form dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report routine
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventReportRoutineCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1001, 'create', 'Report routine created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1002, 'open', 'Report routine opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1003, 'edit', 'Report routine changed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1004, 'save', 'Report routine saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2001, 'enable', 'Report routine enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2002, 'disable', 'Report routine disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2003, 'delete', 'Report routine deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2004, 'restore', 'Report routine restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRoutineDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.report_routine WHERE id = pObject;
  PERFORM ReportLog('W', 2005, 'drop', 'Report routine dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventReportCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1001, 'create', 'Report created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1002, 'open', 'Report opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1003, 'edit', 'Report changed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1004, 'save', 'Report saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2001, 'enable', 'Report enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2002, 'disable', 'Report disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2003, 'delete', 'Report deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2004, 'restore', 'Report restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Walks each dependant to `deleted` through its own workflow, then drops it:
-- ready reports (created → delete, progress → cancel, canceled → abort,
-- closed → delete) and routines; the RESTRICT keys would refuse otherwise.
CREATE OR REPLACE FUNCTION EventReportDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
DECLARE
  r         record;
  vState    text;
  vType     text;
  nStep     integer;
BEGIN
  FOR r IN SELECT id FROM db.report_ready WHERE report = pObject
  LOOP
    FOR nStep IN 1..5
    LOOP
      vState := GetObjectStateCode(r.id);
      vType := GetObjectStateTypeCode(r.id);
      EXIT WHEN vType = 'deleted';
      PERFORM DoAction(r.id, CASE
        WHEN vState = 'progress' THEN 'cancel'
        WHEN vState = 'canceled' THEN 'abort'
        ELSE 'delete' END);
    END LOOP;
    PERFORM DoAction(r.id, 'drop');
  END LOOP;

  FOR r IN SELECT id FROM db.report_routine WHERE report = pObject
  LOOP
    IF GetObjectStateTypeCode(r.id) <> 'deleted' THEN
      PERFORM DoAction(r.id, 'delete');
    END IF;
    PERFORM DoAction(r.id, 'drop');
  END LOOP;

  DELETE FROM db.report WHERE id = pObject;
  PERFORM ReportLog('W', 2005, 'drop', 'Report dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Ready report
--------------------------------------------------------------------------------

-- A new ready report runs at once: execute moves it to progress, and the
-- notification of that method wakes the report worker (NOTIFY report).
CREATE OR REPLACE FUNCTION EventReportReadyCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM ReportLog('M', 1001, 'create', 'Report ready created.', pObject);
  PERFORM DoAction(pObject, 'execute');
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1002, 'open', 'Report ready opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  IF GetObjectStateTypeCode(pObject) = 'disabled' THEN
    PERFORM ChangesNotAllowed();
  END IF;
  PERFORM ReportLog('M', 1003, 'edit', 'Report ready changed.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadySave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 1004, 'save', 'Report ready saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Each run records the trace context of the request that started it, so the
-- worker's span joins that trace (beyond upstream).
CREATE OR REPLACE FUNCTION EventReportReadyExecute (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
DECLARE
  vTrace    text := ReportTraceContext();
BEGIN
  UPDATE db.report_ready SET traceparent = vTrace WHERE id = pObject AND traceparent IS DISTINCT FROM vTrace;
  PERFORM ReportLog('M', 2010, 'execute', 'Report ready in progress.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyComplete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2011, 'complete', 'Report ready completed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyFail (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2021, 'fail', 'Report ready failed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyCancel (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('M', 2020, 'cancel', 'Report ready canceling.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyAbort (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2025, 'abort', 'Report ready aborted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2003, 'delete', 'Report ready deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM ReportLog('W', 2004, 'restore', 'Report ready restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventReportReadyDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.object_file WHERE object = pObject;
  DELETE FROM db.report_ready WHERE id = pObject;
  PERFORM ReportLog('W', 2005, 'drop', 'Report ready dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
