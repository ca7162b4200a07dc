--------------------------------------------------------------------------------
-- entity module: the workflow runtime — state history, method stack, method
-- execution (spec 15 §7). Catalogue lookups (GetMethod, GetState, …) belong to
-- the workflow module and are resolved at call time.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddObjectState (
  pObject     uuid,
  pState      uuid,
  pDateFrom   timestamptz DEFAULT oper_date()
) RETURNS     uuid
AS $$
DECLARE
  r           record;
  uId         uuid;
  dDateTo     timestamptz := MAXDATE();
BEGIN
  SELECT id, validFromDate, validToDate INTO r
    FROM db.object_state
   WHERE object = pObject
     AND validFromDate <= pDateFrom
     AND validToDate > pDateFrom
   ORDER BY validFromDate DESC
   LIMIT 1;

  IF FOUND THEN
    IF r.validFromDate = pDateFrom THEN
      UPDATE db.object_state SET state = pState WHERE id = r.id;
      uId := r.id;
    ELSE
      UPDATE db.object_state SET validToDate = pDateFrom WHERE id = r.id;
      dDateTo := r.validToDate;
    END IF;
  END IF;

  IF uId IS NULL THEN
    INSERT INTO db.object_state (object, state, validFromDate, validToDate)
    VALUES (pObject, pState, pDateFrom, dDateTo)
    RETURNING id INTO uId;
  END IF;

  UPDATE db.object SET state = pState WHERE id = pObject AND state IS DISTINCT FROM pState;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectState (
  pObject     uuid,
  pDate       timestamptz
) RETURNS     uuid
AS $$
  SELECT state
    FROM db.object_state
   WHERE object = pObject
     AND validFromDate <= pDate
     AND validToDate > pDate
   ORDER BY validFromDate DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetNewState (
  pMethod     uuid
) RETURNS     uuid
AS $$
  SELECT newstate FROM db.transition WHERE method = pMethod;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Method stack
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddMethodStack (
  pResult     jsonb,
  pObject     uuid DEFAULT context_object(),
  pMethod     uuid DEFAULT context_method()
) RETURNS     void
AS $$
BEGIN
  INSERT INTO db.method_stack (object, method, result)
  VALUES (pObject, pMethod, pResult)
  ON CONFLICT (object, method) DO UPDATE
     SET result = coalesce(db.method_stack.result, '{}'::jsonb) || coalesce(EXCLUDED.result, '{}'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ClearMethodStack (
  pObject     uuid,
  pMethod     uuid
) RETURNS     void
AS $$
BEGIN
  UPDATE db.method_stack SET result = null WHERE object = pObject AND method = pMethod AND result IS NOT NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetMethodStack (
  pObject     uuid,
  pMethod     uuid
) RETURNS     jsonb
AS $$
  SELECT result FROM db.method_stack WHERE object = pObject AND method = pMethod;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- State change and action execution
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ChangeObjectState (
  pObject     uuid DEFAULT context_object(),
  pMethod     uuid DEFAULT context_method()
) RETURNS     void
AS $$
DECLARE
  uNewState   uuid;
  uAction     uuid;
  jState      jsonb;
BEGIN
  uNewState := GetNewState(pMethod);

  IF uNewState IS NULL THEN
    RETURN;
  END IF;

  PERFORM AddObjectState(pObject, uNewState);

  SELECT action INTO uAction FROM db.method WHERE id = pMethod;

  SELECT jsonb_build_object('id', s.id, 'type', s.type, 'typecode', st.code, 'typename', stt.name,
                            'typedescription', stt.description, 'code', s.code, 'label', sx.label,
                            'sequence', s.sequence)
    INTO jState
    FROM db.state s
    INNER JOIN db.state_type st ON st.id = s.type
     LEFT JOIN db.state_type_text stt ON stt.type = st.id AND stt.locale = current_locale()
     LEFT JOIN db.state_text sx ON sx.state = s.id AND sx.locale = current_locale()
   WHERE s.id = uNewState;

  PERFORM AddMethodStack(jsonb_build_object(
    'object', pObject,
    'method', pMethod,
    'action', jsonb_build_object('id', uAction, 'code', (SELECT code FROM db.action WHERE id = uAction)),
    'newstate', jState), pObject, pMethod);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteAction (
  pClass      uuid DEFAULT context_class(),
  pAction     uuid DEFAULT context_action()
) RETURNS     void
AS $$
DECLARE
  r           record;
  uParent     uuid;
BEGIN
  FOR r IN
    SELECT e.type, et.code AS typecode, e.text
      FROM db.event e INNER JOIN db.event_type et ON et.id = e.type
     WHERE e.class = pClass
       AND e.action = pAction
       AND e.enabled
     ORDER BY e.sequence
  LOOP
    CASE r.typecode
    WHEN 'parent' THEN
      SELECT parent INTO uParent FROM db.class_tree WHERE id = pClass;
      IF uParent IS NOT NULL THEN
        PERFORM ExecuteAction(uParent, pAction);
      END IF;
    WHEN 'event' THEN
      -- Late binding by name: a configuration replaces a handler by
      -- redefining the function the text names.
      EXECUTE 'SELECT ' || r.text;
    WHEN 'plpgsql' THEN
      EXECUTE r.text;
    ELSE
      NULL;
    END CASE;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteMethod (
  pObject     uuid,
  pMethod     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  uSaveObject uuid;
  uSaveClass  uuid;
  uSaveMethod uuid;
  uSaveAction uuid;
  jSaveParams jsonb;
  uClass      uuid;
  uOldState   uuid;
  uNewState   uuid;
  uAction     uuid;
  uEntity     uuid;
BEGIN
  -- apibot per spec; kernel too: the installer's seeds run as kernel without
  -- an application session (upstream signs in as admin instead).
  IF session_user NOT IN ('apibot', 'kernel') THEN
    IF NOT CheckObjectMethodAccess(pObject, pMethod, B'100') THEN
      PERFORM ExecuteMethodError((SELECT label FROM db.method_text WHERE method = pMethod AND locale = current_locale()));
    END IF;
  END IF;

  uSaveObject := context_object();
  uSaveClass := context_class();
  uSaveMethod := context_method();
  uSaveAction := context_action();
  jSaveParams := context_params();

  PERFORM ClearMethodStack(pObject, pMethod);

  SELECT class, state, entity INTO uClass, uOldState, uEntity FROM db.object WHERE id = pObject;
  SELECT action INTO uAction FROM db.method WHERE id = pMethod;

  PERFORM InitContext(pObject, uClass, pMethod, uAction);
  PERFORM InitParams(pParams);

  PERFORM ExecuteAction(uClass, uAction);

  PERFORM InitContext(uSaveObject, uSaveClass, uSaveMethod, uSaveAction);
  PERFORM InitParams(jSaveParams);

  SELECT state INTO uNewState FROM db.object WHERE id = pObject;

  IF FOUND THEN
    INSERT INTO db.notification (entity, class, action, method, state_old, state_new, object, userid)
    VALUES (uEntity, uClass, uAction, pMethod, uOldState, uNewState, pObject,
            coalesce(current_userid(), '00000000-0000-4000-a001-000000000001'::uuid));
  END IF;

  RETURN GetMethodStack(pObject, pMethod);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectMethod (
  pObject     uuid,
  pAction     uuid
) RETURNS     uuid
AS $$
DECLARE
  uClass      uuid;
  uState      uuid;
BEGIN
  SELECT class, state INTO uClass, uState FROM db.object WHERE id = pObject;
  RETURN GetMethod(uClass, pAction, uState);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteObjectAction (
  pObject     uuid,
  pAction     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  uMethod     uuid;
BEGIN
  uMethod := GetObjectMethod(pObject, pAction);

  IF uMethod IS NULL THEN
    PERFORM MethodActionNotFound(pObject, pAction);
  END IF;

  RETURN ExecuteMethod(pObject, uMethod, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteMethodForAllChild (
  pObject     uuid DEFAULT context_object(),
  pClass      uuid DEFAULT context_class(),
  pMethod     uuid DEFAULT context_method(),
  pAction     uuid DEFAULT context_action(),
  pParams     jsonb DEFAULT context_params()
) RETURNS     jsonb
AS $$
DECLARE
  r           record;
  uMethod     uuid;
  aResult     jsonb := '[]'::jsonb;
BEGIN
  FOR r IN SELECT id FROM db.object WHERE parent = pObject AND class = pClass
  LOOP
    uMethod := GetObjectMethod(r.id, pAction);
    IF uMethod IS NOT NULL THEN
      aResult := aResult || jsonb_build_array(ExecuteMethod(r.id, uMethod, pParams));
    END IF;
  END LOOP;

  RETURN aResult;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Helpers and predicates
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION DoAction (
  pObject     uuid,
  pAction     text,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
BEGIN
  RETURN ExecuteObjectAction(pObject, GetAction(pAction), pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoTryAction (
  pObject     uuid,
  pAction     text,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  vMessage    text;
  vContext    text;
BEGIN
  RETURN DoAction(pObject, pAction, pParams);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM WriteDiagnostics(vMessage, vContext, pObject);
  RETURN null;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoCreate (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'create'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoEnable (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'enable'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoDisable (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'disable'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoDelete (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'delete'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoComplete (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'complete'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoDone (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'done'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoFail (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'fail'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoCancel (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'cancel'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoRestore (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'restore'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoDrop (pObject uuid) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'drop'); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoUpdate (pObject uuid, pParams jsonb DEFAULT null) RETURNS jsonb
AS $$ BEGIN RETURN DoAction(pObject, 'update', pParams); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The stateless save method, whatever state the object is in.
CREATE OR REPLACE FUNCTION DoSave (
  pObject     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  uMethod     uuid;
BEGIN
  uMethod := GetMethod(GetObjectClass(pObject), GetAction('save'));
  IF uMethod IS NULL THEN
    PERFORM MethodActionNotFound(pObject, GetAction('save'));
  END IF;
  RETURN ExecuteMethod(pObject, uMethod, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsCreated (pObject uuid) RETURNS boolean
AS $$ SELECT GetObjectStateTypeCode(pObject) = 'created'; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsEnabled (pObject uuid) RETURNS boolean
AS $$ SELECT GetObjectStateTypeCode(pObject) = 'enabled'; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsDisabled (pObject uuid) RETURNS boolean
AS $$ SELECT GetObjectStateTypeCode(pObject) = 'disabled'; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsDeleted (pObject uuid) RETURNS boolean
AS $$ SELECT GetObjectStateTypeCode(pObject) = 'deleted'; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsActive (pObject uuid) RETURNS boolean
AS $$ SELECT GetObjectStateTypeCode(pObject) IN ('created', 'enabled'); $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
