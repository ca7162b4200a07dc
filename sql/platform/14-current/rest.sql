--------------------------------------------------------------------------------
-- current module: REST /current/* — no session required: without one the
-- getters answer their fallbacks.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.current (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  x             jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  CASE pPath
  WHEN '/current/session' THEN
    FOR x IN SELECT to_jsonb(s) FROM api.current_session() s
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/current/user' THEN
    FOR x IN SELECT to_jsonb(u) FROM api.current_user() u
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/current/userid' THEN
    RETURN NEXT json_build_object('userid', CASE WHEN current_session() IS NOT NULL THEN api.current_userid() END);

  WHEN '/current/username' THEN
    RETURN NEXT json_build_object('username', CASE WHEN current_session() IS NOT NULL THEN api.current_username() END);

  WHEN '/current/area' THEN
    FOR x IN SELECT to_jsonb(a) FROM api.current_area() a
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/current/interface' THEN
    FOR x IN SELECT jsonb_build_object('id', i.id, 'code', i.code, 'name', i.name, 'description', i.description) FROM api.current_interface() i
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/current/locale' THEN
    FOR x IN SELECT jsonb_build_object('id', l.id, 'code', l.code, 'name', l.name, 'description', l.description) FROM api.current_locale() l
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/current/oper_date' THEN
    RETURN NEXT json_build_object('oper_date', api.oper_date());

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
