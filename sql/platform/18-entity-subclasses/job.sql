-- Job: views, routines, api, REST, events and its own state machine (18-subclasses §7).

--------------------------------------------------------------------------------
-- Views
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Job
AS
  SELECT j.id, d.parent, j.document, d.class, d.classcode, d.classlabel, d.type, d.typecode, d.typename, d.typedescription,
         d.statetype, d.statetypecode, d.statetypename,
         j.scheduler, sr.code AS schedulercode, st.name AS schedulername,
         j.program, pr.code AS programcode, pt.name AS programname,
         d.created, d.lastupdate, d.operdate, j.code, d.label AS name, d.label, d.description,
         s.dateStart AS datestart, s.dateStop AS datestop, s.period, j.dateRun AS daterun,
         j.scope, d.statecode, d.statelabel
    FROM db.job j INNER JOIN ObjectDocument d ON d.id = j.document
                  INNER JOIN db.scheduler s ON s.id = j.scheduler
                   LEFT JOIN db.reference sr ON sr.id = j.scheduler
                   LEFT JOIN db.reference_text st ON st.reference = j.scheduler AND st.locale = current_locale()
                   LEFT JOIN db.reference pr ON pr.id = j.program
                   LEFT JOIN db.reference_text pt ON pt.reference = j.program AND pt.locale = current_locale();

GRANT SELECT ON Job TO administrator;

CREATE OR REPLACE VIEW AccessJob
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'job')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessJob TO administrator;

CREATE OR REPLACE VIEW ObjectJob
AS
  SELECT d.id, d.object, d.parent, d.entity, d.entitycode, d.entityname, d.class, d.classcode, d.classlabel,
         d.type, d.typecode, d.typename, d.typedescription, d.statetype, d.statetypecode, d.statetypename,
         d.state, d.statecode, d.statelabel, d.created, d.lastupdate, d.operdate,
         j.code, d.label AS name, d.label, d.description,
         j.scheduler, sr.code AS schedulercode, st.name AS schedulername,
         s.dateStart AS datestart, s.dateStop AS datestop, s.period, j.dateRun AS daterun,
         j.program, pr.code AS programcode, pt.name AS programname,
         d.priority, d.prioritycode, d.priorityname, d.prioritydescription,
         d.owner, d.ownercode, d.ownername, d.oper, d.opercode, d.opername,
         d.area, d.areacode, d.areaname, d.areadescription,
         d.scope, d.scopecode, d.scopename, d.scopedescription
    FROM db.job j INNER JOIN ObjectDocument d ON d.id = j.document
                  INNER JOIN db.scheduler s ON s.id = j.scheduler
                   LEFT JOIN db.reference sr ON sr.id = j.scheduler
                   LEFT JOIN db.reference_text st ON st.reference = j.scheduler AND st.locale = current_locale()
                   LEFT JOIN db.reference pr ON pr.id = j.program
                   LEFT JOIN db.reference_text pt ON pt.reference = j.program AND pt.locale = current_locale();

GRANT SELECT ON ObjectJob TO administrator;

--------------------------------------------------------------------------------
-- Routines
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateJob (
  pParent       uuid,
  pType         uuid,
  pScheduler    uuid DEFAULT null,
  pProgram      uuid DEFAULT null,
  pDateRun      timestamptz DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uDocument     uuid;
BEGIN
  PERFORM SubclassOfType(pType, 'job');

  IF pScheduler IS NULL OR NOT EXISTS (SELECT FROM db.scheduler WHERE id = pScheduler) THEN
    PERFORM ObjectNotFound('scheduler', 'id', pScheduler);
  END IF;

  IF pProgram IS NULL OR NOT EXISTS (SELECT FROM db.program WHERE id = pProgram) THEN
    PERFORM ObjectNotFound('program', 'id', pProgram);
  END IF;

  IF NULLIF(pCode, '') IS NOT NULL AND EXISTS (SELECT FROM db.job WHERE scope = current_scope() AND code = pCode) THEN
    PERFORM JobExists(pCode);
  END IF;

  uDocument := CreateDocument(pParent, pType, pLabel, pDescription);

  INSERT INTO db.job (id, document, scheduler, program, dateRun, code)
  VALUES (uDocument, uDocument, pScheduler, pProgram, pDateRun, pCode);

  PERFORM ExecuteClassAction(uDocument, 'create');

  RETURN uDocument;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditJob (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pScheduler    uuid DEFAULT null,
  pProgram      uuid DEFAULT null,
  pDateRun      timestamptz DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
DECLARE
  rOld          db.job%rowtype;
  rNew          db.job%rowtype;
BEGIN
  SELECT * INTO rOld FROM db.job WHERE id = pId;

  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, 'job');
  END IF;

  IF pScheduler IS NOT NULL AND NOT EXISTS (SELECT FROM db.scheduler WHERE id = pScheduler) THEN
    PERFORM ObjectNotFound('scheduler', 'id', pScheduler);
  END IF;

  IF pProgram IS NOT NULL AND NOT EXISTS (SELECT FROM db.program WHERE id = pProgram) THEN
    PERFORM ObjectNotFound('program', 'id', pProgram);
  END IF;

  IF NULLIF(pCode, '') IS NOT NULL AND pCode IS DISTINCT FROM rOld.code
     AND EXISTS (SELECT FROM db.job WHERE scope = rOld.scope AND code = pCode) THEN
    PERFORM JobExists(pCode);
  END IF;

  PERFORM EditDocument(pId, pParent, pType, pLabel, pDescription, pDescription, current_locale());

  UPDATE db.job
     SET scheduler = coalesce(pScheduler, scheduler),
         program = coalesce(pProgram, program),
         dateRun = coalesce(pDateRun, dateRun),
         code = coalesce(NULLIF(pCode, ''), code)
   WHERE id = pId
  RETURNING * INTO rNew;

  PERFORM ExecuteClassAction(pId, 'edit',
    jsonb_build_object('old', to_jsonb(rOld), 'new', to_jsonb(rNew)));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetJob (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT id FROM db.job WHERE code = pCode ORDER BY (scope = current_scope()) DESC LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- API
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.job
AS
  SELECT o.* FROM ObjectJob o INNER JOIN AccessJob a ON a.object = o.id;

GRANT SELECT ON api.job TO administrator;

CREATE OR REPLACE VIEW api.service_job
AS
  SELECT * FROM ObjectJob WHERE scope = current_scope();

GRANT SELECT ON api.service_job TO administrator, apibot;

CREATE OR REPLACE FUNCTION api.add_job (
  pParent       uuid,
  pType         uuid DEFAULT null,
  pScheduler    uuid DEFAULT null,
  pProgram      uuid DEFAULT null,
  pDateRun      timestamptz DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateJob(pParent, coalesce(pType, GetType('periodic.job')), pScheduler, pProgram, pDateRun, pCode, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_job (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pScheduler    uuid DEFAULT null,
  pProgram      uuid DEFAULT null,
  pDateRun      timestamptz DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.job WHERE id = pId) THEN
    PERFORM ObjectNotFound('job', 'id', pId);
  END IF;

  PERFORM EditJob(pId, pParent, pType, pScheduler, pProgram, pDateRun, pCode, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_job (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pScheduler    uuid DEFAULT null,
  pProgram      uuid DEFAULT null,
  pDateRun      timestamptz DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.job
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND NULLIF(pCode, '') IS NOT NULL THEN
    uId := GetJob(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_job(pParent, pType, pScheduler, pProgram, pDateRun, pCode, pLabel, pDescription);
  ELSE
    PERFORM api.update_job(uId, pParent, pType, pScheduler, pProgram, pDateRun, pCode, pLabel, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.job WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_job (
  pId       uuid
) RETURNS   SETOF api.job
AS $$
  SELECT * FROM api.job WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_job (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectJob', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_job (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.job
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectJob', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_job_id (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  IF IsUuidText(pCode) THEN
    RETURN pCode::uuid;
  END IF;
  RETURN GetJob(pCode);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The task scheduler's queue (§7.6): due jobs of the current scope in states of one state type.
CREATE OR REPLACE FUNCTION api.job (
  pStateType    uuid,
  pDateFrom     timestamptz DEFAULT now()
) RETURNS       TABLE (id uuid, typecode text, statecode text, created timestamptz, daterun timestamptz, body text)
AS $$
  SELECT j.id, t.code, s.code, o.pdate, j.dateRun, p.body
    FROM db.job j INNER JOIN db.object o ON o.id = j.document
                  INNER JOIN db.type t ON t.id = o.type
                  INNER JOIN db.state s ON s.id = o.state
                  INNER JOIN db.program p ON p.id = j.program
   WHERE j.scope = current_scope()
     AND o.state_type = pStateType
     AND j.dateRun <= coalesce(pDateFrom, now());
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.job (
  pStateType    text DEFAULT 'enabled',
  pDateFrom     double precision DEFAULT null
) RETURNS       TABLE (id uuid, typecode text, statecode text, created timestamptz, daterun timestamptz, body text)
AS $$
  SELECT * FROM api.job(GetStateType(coalesce(pStateType, 'enabled')), coalesce(to_timestamp(pDateFrom), now()));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.job (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/job/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('job', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'scheduler', 'program', 'daterun', 'code', 'label', 'description'],
                                     null, true, true, ARRAY['type', 'scheduler', 'program', 'code', 'label', 'description'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, scheduler text, program text, daterun timestamptz, code text, label text, description text);
    FOR x IN SELECT to_jsonb(t)
               FROM api.set_job(r.id, r.parent, SubclassType(r.type, 'job'), SubclassReference(r.scheduler, 'scheduler'),
                                SubclassReference(r.program, 'program'), r.daterun, r.code, r.label, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Events (log scope workflow.job)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventJobCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'workflow.job', 'create', 'Job created.', pObject);
  PERFORM DoEnable(pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1002, 'workflow.job', 'open', 'Job opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1003, 'workflow.job', 'edit', 'Job changed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1004, 'workflow.job', 'save', 'Job saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2001, 'workflow.job', 'enable', 'Job enabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2002, 'workflow.job', 'disable', 'Job disabled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobExecute (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2010, 'workflow.job', 'execute', 'Job running.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobComplete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2011, 'workflow.job', 'complete', 'Job completed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Next run: one period after the stored due time, never in the past (§7.5).
CREATE OR REPLACE FUNCTION EventJobDone (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
DECLARE
  tNext     timestamptz;
BEGIN
  SELECT least(j.dateRun, now()) + coalesce(s.period, interval '0')
    INTO tNext
    FROM db.job j INNER JOIN db.scheduler s ON s.id = j.scheduler
   WHERE j.id = pObject;

  IF tNext < now() THEN
    tNext := now();
  END IF;

  UPDATE db.job SET dateRun = tNext WHERE id = pObject;

  PERFORM WriteToEventLog('M', 2012, 'workflow.job', 'done', 'Job done.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobFail (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('W', 2021, 'workflow.job', 'fail', 'Job failed.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobAbort (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('W', 2025, 'workflow.job', 'abort', 'Job aborted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobCancel (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2020, 'workflow.job', 'cancel', 'Job canceling.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2003, 'workflow.job', 'delete', 'Job deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2004, 'workflow.job', 'restore', 'Job restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventJobDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.job WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow.job', 'drop', 'Job dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddJobEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Job created', 'EventJobCreate();');

  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Job opened', 'EventJobOpen();');

  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Job changed', 'EventJobEdit();');

  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Job saved', 'EventJobSave();');

  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Job enabled', 'EventJobEnable();');

  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Job disabled', 'EventJobDisable();');

  PERFORM AddEvent(pClass, uEvent, GetAction('execute'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('execute'), 'Job running', 'EventJobExecute();');

  PERFORM AddEvent(pClass, uEvent, GetAction('complete'), 'Job completed', 'EventJobComplete();');
  PERFORM AddEvent(pClass, uEvent, GetAction('complete'), 'State change', 'ChangeObjectState();');

  PERFORM AddEvent(pClass, uEvent, GetAction('done'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('done'), 'Job done', 'EventJobDone();');

  PERFORM AddEvent(pClass, uEvent, GetAction('fail'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('fail'), 'Job failed', 'EventJobFail();');

  PERFORM AddEvent(pClass, uEvent, GetAction('abort'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('abort'), 'Job aborted', 'EventJobAbort();');

  PERFORM AddEvent(pClass, uEvent, GetAction('cancel'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('cancel'), 'Job canceling', 'EventJobCancel();');

  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Job deleted', 'EventJobDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');

  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Job restored', 'EventJobRestore();');

  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Job dropped', 'EventJobDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- One state-bound method: label for every locale, then ru.
CREATE OR REPLACE FUNCTION AddSubclassMethod (
  pClass    uuid,
  pState    uuid,
  pAction   text,
  pLabelEN  text,
  pLabelRU  text,
  pVisible  boolean DEFAULT true
) RETURNS   uuid
AS $$
DECLARE
  uMethod   uuid;
BEGIN
  uMethod := AddMethod(null, pClass, pState, GetAction(pAction), null, pLabelEN, null, pVisible);
  PERFORM EditMethodText(uMethod, pLabelRU, GetLocale('ru'));
  RETURN uMethod;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddSubclassState (
  pClass      uuid,
  pStateType  text,
  pCode       text,
  pLabelEN    text,
  pLabelRU    text
) RETURNS     uuid
AS $$
DECLARE
  uState      uuid;
BEGIN
  uState := SetState(null, pClass, GetStateType(pStateType), pCode, pLabelEN);
  PERFORM EditStateText(uState, pLabelRU, GetLocale('ru'));
  RETURN uState;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddJobMethods (
  pClass      uuid
) RETURNS     void
AS $$
DECLARE
  uCreated    uuid;
  uEnabled    uuid;
  uExecuted   uuid;
  uCanceled   uuid;
  uAborted    uuid;
  uFailed     uuid;
  uDisabled   uuid;
  uCompleted  uuid;
  uDeleted    uuid;
  uMethod     uuid;
BEGIN
  PERFORM DefaultMethods(pClass);

  uCreated := AddSubclassState(pClass, 'created', 'created', 'Created', 'Создано');
  uEnabled := AddSubclassState(pClass, 'enabled', 'enabled', 'Enabled', 'Включено');
  uExecuted := AddSubclassState(pClass, 'enabled', 'executed', 'Executing', 'Выполняется');
  uCanceled := AddSubclassState(pClass, 'enabled', 'canceled', 'Canceling', 'Отменяется');
  uAborted := AddSubclassState(pClass, 'enabled', 'aborted', 'Aborted', 'Прервано');
  uFailed := AddSubclassState(pClass, 'enabled', 'failed', 'Failed', 'Ошибка');
  uDisabled := AddSubclassState(pClass, 'disabled', 'disabled', 'Disabled', 'Отключено');
  uCompleted := AddSubclassState(pClass, 'disabled', 'completed', 'Completed', 'Завершено');
  uDeleted := AddSubclassState(pClass, 'deleted', 'deleted', 'Deleted', 'Удалено');

  PERFORM DefaultTransition(pClass);

  uMethod := AddSubclassMethod(pClass, uCreated, 'enable', 'Enable', 'Включить');
  PERFORM AddTransition(uCreated, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uCreated, 'disable', 'Disable', 'Отключить');
  PERFORM AddTransition(uCreated, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uCreated, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uCreated, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uEnabled, 'execute', 'Execute', 'Выполнить');
  PERFORM AddTransition(uEnabled, uMethod, uExecuted);
  uMethod := AddSubclassMethod(pClass, uEnabled, 'disable', 'Disable', 'Отключить');
  PERFORM AddTransition(uEnabled, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uEnabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uEnabled, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uExecuted, 'complete', 'Complete', 'Завершить', false);
  PERFORM AddTransition(uExecuted, uMethod, uCompleted);
  uMethod := AddSubclassMethod(pClass, uExecuted, 'done', 'Done', 'Сделано', false);
  PERFORM AddTransition(uExecuted, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uExecuted, 'fail', 'Fail', 'Неудача', false);
  PERFORM AddTransition(uExecuted, uMethod, uFailed);
  uMethod := AddSubclassMethod(pClass, uExecuted, 'cancel', 'Cancel', 'Отменить');
  PERFORM AddTransition(uExecuted, uMethod, uCanceled);

  uMethod := AddSubclassMethod(pClass, uCanceled, 'abort', 'Abort', 'Прервать', false);
  PERFORM AddTransition(uCanceled, uMethod, uAborted);

  uMethod := AddSubclassMethod(pClass, uAborted, 'execute', 'Execute', 'Выполнить');
  PERFORM AddTransition(uAborted, uMethod, uExecuted);
  uMethod := AddSubclassMethod(pClass, uAborted, 'disable', 'Disable', 'Отключить');
  PERFORM AddTransition(uAborted, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uAborted, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uAborted, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uFailed, 'execute', 'Execute', 'Выполнить');
  PERFORM AddTransition(uFailed, uMethod, uExecuted);
  uMethod := AddSubclassMethod(pClass, uFailed, 'disable', 'Disable', 'Отключить');
  PERFORM AddTransition(uFailed, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uFailed, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uFailed, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDisabled, 'enable', 'Enable', 'Включить');
  PERFORM AddTransition(uDisabled, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uDisabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uDisabled, uMethod, uDeleted);

  -- Upstream binds enable here without a transition: it runs the handlers and stays completed.
  PERFORM AddSubclassMethod(pClass, uCompleted, 'enable', 'Enable', 'Включить');
  uMethod := AddSubclassMethod(pClass, uCompleted, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uCompleted, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDeleted, 'restore', 'Restore', 'Восстановить');
  PERFORM AddTransition(uDeleted, uMethod, uCreated);
  PERFORM AddSubclassMethod(pClass, uDeleted, 'drop', 'Drop', 'Уничтожить');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassJob (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'job', 'Job', false);
  PERFORM EditSubclassTexts(null, uClass, '{"ru": "Задание", "de": "Auftrag", "fr": "Tâche", "it": "Lavoro", "es": "Trabajo"}');

  PERFORM AddSubclassTypes(uClass, '[
    {"code": "periodic.job", "name": "Periodic", "description": "Periodic job.",
     "texts": {"ru": ["Периодическое", "Периодическое задание."], "de": ["Periodisch", "Periodischer Auftrag."], "fr": ["Périodique", "Tâche périodique."], "it": ["Periodico", "Lavoro periodico."], "es": ["Periódico", "Trabajo periódico."]}},
    {"code": "disposable.job", "name": "One-time", "description": "One-time job.",
     "texts": {"ru": ["Разовое", "Разовое задание."], "de": ["Einmalig", "Einmaliger Auftrag."], "fr": ["Ponctuel", "Tâche ponctuelle."], "it": ["Una tantum", "Lavoro una tantum."], "es": ["Puntual", "Trabajo puntual."]}}
  ]');

  PERFORM AddJobEvents(uClass);
  PERFORM AddJobMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityJob (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'job';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('job', 'Job');
    PERFORM EditSubclassTexts(uEntity, null, '{"ru": "Задание", "de": "Auftrag", "fr": "Tâche", "it": "Lavoro", "es": "Trabajo"}');
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'job') THEN
    PERFORM CreateClassJob(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
