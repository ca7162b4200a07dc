-- admin module: REST dispatcher for /admin/* (administrators only).

-- Validates a payload and yields one object per operation: arrays only where the route
-- accepts them, known keys only, required keys present.
CREATE OR REPLACE FUNCTION AdminPayload(pPath text, pPayload jsonb, pKeys text[], pArray boolean DEFAULT false,
  pRequired text[] DEFAULT null, pEmpty boolean DEFAULT true)
RETURNS SETOF jsonb AS $$
DECLARE
  vItem jsonb;
  vKey  text;
BEGIN
  IF pPayload IS NULL OR jsonb_typeof(pPayload) = 'null' THEN
    IF NOT pEmpty OR cardinality(pRequired) > 0 THEN
      PERFORM JsonIsEmpty();
    END IF;
    pPayload := '{}'::jsonb;
  END IF;

  IF jsonb_typeof(pPayload) = 'array' THEN
    IF NOT pArray THEN
      PERFORM IncorrectJsonType('array', 'object');
    END IF;
  ELSIF jsonb_typeof(pPayload) <> 'object' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pPayload), 'object');
  ELSE
    pPayload := jsonb_build_array(pPayload);
  END IF;

  FOR vItem IN SELECT value FROM jsonb_array_elements(pPayload)
  LOOP
    IF jsonb_typeof(vItem) <> 'object' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(vItem), 'object');
    END IF;
    PERFORM CheckJsonbKeys(pPath, pKeys, vItem);
    FOREACH vKey IN ARRAY coalesce(pRequired, '{}')
    LOOP
      IF vItem->vKey IS NULL OR jsonb_typeof(vItem->vKey) = 'null' THEN
        PERFORM JsonKeyNotFound(pPath, vKey);
      END IF;
    END LOOP;
    RETURN NEXT vItem;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AdminFields(pFields jsonb, pView text)
RETURNS text AS $$
  SELECT JsonbToFields(pFields, GetColumns(pView, 'api'));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Rows of `SELECT <fields> FROM <pFrom>` as JSON; pFrom is a fixed call text with $1..$5.
CREATE OR REPLACE FUNCTION AdminQuery(pFrom text, pView text, pFields jsonb, p1 jsonb DEFAULT null, p2 jsonb DEFAULT null,
  p3 jsonb DEFAULT null, p4 jsonb DEFAULT null, p5 jsonb DEFAULT null)
RETURNS SETOF json AS $$
BEGIN
  RETURN QUERY EXECUTE format('SELECT row_to_json(t) FROM (SELECT %s FROM %s) t', AdminFields(pFields, pView), pFrom)
    USING p1, p2, p3, p4, p5;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- PL/pgSQL rather than SQL: a SQL function with a SET clause is planned again on every call.
CREATE OR REPLACE FUNCTION AdminList(pView text, pItem jsonb)
RETURNS SETOF json AS $$
BEGIN
  RETURN QUERY SELECT AdminQuery(format('api.list_%s($1, $2, ($3->>0)::integer, ($4->>0)::integer, $5)', pView), pView,
                      pItem->'fields', pItem->'search', pItem->'filter', jsonb_build_array(pItem->'reclimit'),
                      jsonb_build_array(pItem->'recoffset'), pItem->'orderby');
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AdminCount(pView text, pItem jsonb)
RETURNS SETOF json AS $$
BEGIN
  RETURN QUERY EXECUTE format('SELECT json_build_object(''count'', c) FROM api.count_%s($1, $2) c', pView)
    USING pItem->'search', pItem->'filter';
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The read paths every admin entity answers alike: <prefix>/count, /get and /list.
-- The view comes from a fixed table of path prefixes (never from the caller), as it
-- names the api.count_/get_/list_<view> functions of the dynamic queries above.
CREATE OR REPLACE FUNCTION AdminRead(pPath text, pPayload jsonb)
RETURNS SETOF json AS $$
DECLARE
  vPrefix   text := substring(pPath FROM '^(.*)/[^/]+$');
  vView     text;
  vKey      text := 'id';
  vKeyType  text := 'uuid';
  e         jsonb;
BEGIN
  CASE vPrefix
  WHEN '/admin/session' THEN
    vView := 'session'; vKey := 'code'; vKeyType := 'varchar';
  WHEN '/admin/event/log' THEN
    vView := 'event_log'; vKeyType := 'bigint';
  WHEN '/admin/api/log' THEN
    vView := 'log'; vKeyType := 'bigint';
  WHEN '/admin/user', '/admin/group', '/admin/area', '/admin/interface' THEN
    vView := substring(vPrefix FROM '[^/]+$');
  END CASE;

  CASE substring(pPath FROM '[^/]+$')
  WHEN 'count' THEN
    FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], true) LOOP
      RETURN QUERY SELECT AdminCount(vView, e);
    END LOOP;

  WHEN 'get' THEN
    FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY[vKey, 'fields'], true, ARRAY[vKey]) LOOP
      RETURN QUERY SELECT AdminQuery(format('api.get_%s(($1->>0)::%s)', vView, vKeyType), vView, e->'fields',
                                     jsonb_build_array(e->vKey));
    END LOOP;

  WHEN 'list' THEN
    FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby']) LOOP
      RETURN QUERY SELECT AdminList(vView, e);
    END LOOP;
  END CASE;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The reply of a write that has no row to show: the ids it acted on (`id`, then pKey
-- when given), then the result.
CREATE OR REPLACE FUNCTION AdminDone(pItem jsonb, pKey text DEFAULT null)
RETURNS json AS $$
BEGIN
  IF pKey IS NULL THEN
    RETURN json_build_object('id', pItem->>'id', 'result', true, 'message', 'Успешно.');
  END IF;
  RETURN json_build_object('id', pItem->>'id', pKey, pItem->>pKey, 'result', true, 'message', 'Успешно.');
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AdminUserId(pId uuid, pUserName text)
RETURNS uuid AS $$
  SELECT coalesce(pId, GetUser(pUserName));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION rest.admin(pPath text, pPayload jsonb DEFAULT null)
RETURNS SETOF json AS $$
DECLARE
  e         jsonb;
  r         record;
  vMessage  text;
  vDetail   text;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;
  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;
  IF session_user <> 'kernel' AND NOT IsUserRole('00000000-0000-4000-a000-000000000001'::uuid, current_userid()) THEN
    PERFORM AccessDenied();
  END IF;

  BEGIN
    CASE pPath

    -- The read paths of every entity: count, get and list ------------------------------
    WHEN '/admin/session/count', '/admin/session/get', '/admin/session/list',
         '/admin/event/log/count', '/admin/event/log/get', '/admin/event/log/list',
         '/admin/api/log/count', '/admin/api/log/get', '/admin/api/log/list',
         '/admin/user/count', '/admin/user/get', '/admin/user/list',
         '/admin/group/count', '/admin/group/get', '/admin/group/list',
         '/admin/area/count', '/admin/area/get', '/admin/area/list',
         '/admin/interface/count', '/admin/interface/get', '/admin/interface/list' THEN
      RETURN QUERY SELECT * FROM AdminRead(pPath, pPayload);

    -- Sessions and logs ----------------------------------------------------------------
    WHEN '/admin/session' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['userid', 'username']) LOOP
        RETURN QUERY SELECT row_to_json(s) FROM api.session((e->>'userid')::uuid, e->>'username') s;
      END LOOP;

    WHEN '/admin/event/log' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['username', 'type', 'code', 'scope', 'datefrom', 'dateto']) LOOP
        RETURN QUERY SELECT row_to_json(l) FROM api.event_log(e->>'username', (e->>'type')::char, (e->>'code')::integer,
          e->>'scope', (e->>'datefrom')::timestamptz, (e->>'dateto')::timestamptz) l;
      END LOOP;

    WHEN '/admin/event/log/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['type', 'code', 'scope', 'text'], false, ARRAY['text']) LOOP
        RETURN QUERY SELECT row_to_json(l) FROM api.write_to_log(coalesce(e->>'type', 'M')::char,
          coalesce((e->>'code')::integer, 9999), e->>'scope', e->>'text') l;
      END LOOP;

    WHEN '/admin/api/log' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['username', 'path', 'datefrom', 'dateto']) LOOP
        RETURN QUERY SELECT row_to_json(l) FROM api.log(e->>'username', e->>'path', (e->>'datefrom')::timestamptz,
          (e->>'dateto')::timestamptz) l;
      END LOOP;

    -- Users ----------------------------------------------------------------------------
    WHEN '/admin/user/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username', 'password', 'name', 'phone', 'email',
                 'description', 'passwordchange', 'passwordnotchange'], true, null, false) LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS x(id uuid, username text, password text, name text, phone text, email text,
          description text, passwordchange boolean, passwordnotchange boolean);
        -- upstream lets a NOT NULL violation escape here; name the missing key instead
        IF r.id IS NULL THEN
          IF r.passwordchange IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'passwordchange'); END IF;
          IF r.passwordnotchange IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'passwordnotchange'); END IF;
          IF NULLIF(r.username, '') IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'username'); END IF;
        END IF;
        RETURN QUERY SELECT row_to_json(u) FROM api.set_user(r.id, r.username, r.password, r.name, r.phone, r.email,
          r.description, r.passwordchange, r.passwordnotchange) u;
      END LOOP;

    WHEN '/admin/user/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], true, ARRAY['id']) LOOP
        PERFORM api.delete_user((e->>'id')::uuid);
        RETURN NEXT AdminDone(e);
      END LOOP;

    WHEN '/admin/user/profile/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['userid', 'familyname', 'givenname', 'patronymicname',
                 'locale', 'area', 'interface', 'picture'], true, null, false) LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS x(userid uuid, familyname text, givenname text, patronymicname text,
          locale text, area text, interface text, picture text);
        RETURN QUERY SELECT row_to_json(u) FROM api.set_user_profile(r.userid, r.familyname, r.givenname, r.patronymicname,
          r.locale, r.area, r.interface, r.picture) u;
      END LOOP;

    WHEN '/admin/user/member' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, '{}') LOOP
        RETURN QUERY SELECT row_to_json(g) FROM api.user_member() g;
      END LOOP;

    WHEN '/admin/user/password' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username', 'oldpass', 'newpass'], true, ARRAY['newpass']) LOOP
        PERFORM api.change_password(AdminUserId((e->>'id')::uuid, e->>'username'), e->>'oldpass', e->>'newpass');
        RETURN NEXT json_build_object('success', true);
      END LOOP;

    WHEN '/admin/user/lock' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username'], true) LOOP
        PERFORM api.user_lock(AdminUserId((e->>'id')::uuid, e->>'username'));
        RETURN NEXT json_build_object('success', true);
      END LOOP;

    WHEN '/admin/user/unlock' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username'], true) LOOP
        PERFORM api.user_unlock(AdminUserId((e->>'id')::uuid, e->>'username'));
        RETURN NEXT json_build_object('success', true);
      END LOOP;

    WHEN '/admin/user/iptable/get' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username', 'type'], true, null, false) LOOP
        RETURN QUERY SELECT row_to_json(t) FROM api.get_user_iptable(AdminUserId((e->>'id')::uuid, e->>'username'),
          AdminIpType(e->>'type')) t;
      END LOOP;

    WHEN '/admin/user/iptable/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username', 'type', 'iptable'], true, null, false) LOOP
        PERFORM api.set_user_iptable(AdminUserId((e->>'id')::uuid, e->>'username'), AdminIpType(e->>'type'), e->>'iptable');
        RETURN NEXT json_build_object('success', true);
      END LOOP;

    -- Groups ---------------------------------------------------------------------------
    WHEN '/admin/group/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'username', 'name', 'description'], true, null, false) LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS x(id uuid, username text, name text, description text);
        IF r.id IS NULL AND NULLIF(r.username, '') IS NULL THEN
          PERFORM JsonKeyNotFound(pPath, 'username');
        END IF;
        RETURN QUERY SELECT row_to_json(g) FROM api.set_group(r.id, r.username, r.name, r.description) g;
      END LOOP;

    WHEN '/admin/group/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], true, ARRAY['id']) LOOP
        PERFORM api.delete_group((e->>'id')::uuid);
        RETURN NEXT AdminDone(e);
      END LOOP;

    WHEN '/admin/group/member' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'name'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.group_member(coalesce((e->>'id')::uuid, GetGroup(e->>'name'))) m;
      END LOOP;

    WHEN '/admin/group/member/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id', 'member']) LOOP
        PERFORM api.group_member_add((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    WHEN '/admin/group/member/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id']) LOOP
        PERFORM api.group_member_delete((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    -- Areas ----------------------------------------------------------------------------
    WHEN '/admin/area/type' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['fields']) LOOP
        RETURN QUERY SELECT AdminQuery('api.area_type', 'area_type', e->'fields');
      END LOOP;

    WHEN '/admin/area/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'scope', 'code', 'name', 'description',
                 'sequence', 'validfromdate', 'validtodate'], true, null, false) LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS x(id uuid, parent uuid, type uuid, scope uuid, code text, name text,
          description text, sequence integer, validfromdate timestamptz, validtodate timestamptz);
        IF r.id IS NULL THEN
          IF NULLIF(r.code, '') IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'code'); END IF;
          IF NULLIF(r.name, '') IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'name'); END IF;
        END IF;
        RETURN QUERY SELECT row_to_json(a) FROM api.set_area(r.id, r.parent, r.type, r.scope, r.code, r.name, r.description,
          r.sequence, r.validfromdate, r.validtodate) a;
      END LOOP;

    WHEN '/admin/area/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], true, ARRAY['id']) LOOP
        PERFORM api.delete_area((e->>'id')::uuid);
        RETURN NEXT AdminDone(e);
      END LOOP;

    WHEN '/admin/area/delete/safely' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], true, ARRAY['id']) LOOP
        RETURN NEXT json_build_object('id', e->>'id', 'result', api.safely_delete_area((e->>'id')::uuid), 'message', GetErrorMessage());
      END LOOP;

    WHEN '/admin/area/clear' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, '{}') LOOP
        RETURN NEXT json_build_object('deleted', api.clear_area());
      END LOOP;

    WHEN '/admin/area/member' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'code'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.area_member(coalesce((e->>'id')::uuid, GetArea(e->>'code'))) m;
      END LOOP;

    WHEN '/admin/area/member/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id', 'member']) LOOP
        PERFORM api.area_member_add((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    WHEN '/admin/area/member/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id']) LOOP
        PERFORM api.area_member_delete((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    -- Interfaces -----------------------------------------------------------------------
    WHEN '/admin/interface/set' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'code', 'name', 'description'], true, null, false) LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS x(id uuid, code text, name text, description text);
        IF r.id IS NULL THEN
          IF NULLIF(r.code, '') IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'code'); END IF;
          IF NULLIF(r.name, '') IS NULL THEN PERFORM JsonKeyNotFound(pPath, 'name'); END IF;
        END IF;
        RETURN QUERY SELECT row_to_json(i) FROM api.set_interface(r.id, r.code, r.name, r.description) i;
      END LOOP;

    WHEN '/admin/interface/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], true, ARRAY['id']) LOOP
        PERFORM api.delete_interface((e->>'id')::uuid);
        RETURN NEXT AdminDone(e);
      END LOOP;

    WHEN '/admin/interface/member' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id'], false, ARRAY['id']) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.interface_member((e->>'id')::uuid) m;
      END LOOP;

    -- upstream quirk kept for wire compatibility: here `id` is the member and `member` the interface
    WHEN '/admin/interface/member/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id', 'member']) LOOP
        PERFORM api.interface_member_add((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    WHEN '/admin/interface/member/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'member'], true, ARRAY['id']) LOOP
        PERFORM api.member_interface_delete((e->>'id')::uuid, (e->>'member')::uuid);
        RETURN NEXT AdminDone(e, 'member');
      END LOOP;

    -- Membership seen from the member --------------------------------------------------
    WHEN '/admin/member/user' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'userid', 'name'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.group_member(
          coalesce((e->>'id')::uuid, (e->>'userid')::uuid, GetGroup(e->>'name'))) m;
      END LOOP;

    WHEN '/admin/member/group' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'userid', 'name'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.member_group(
          coalesce((e->>'id')::uuid, (e->>'userid')::uuid, GetUser(e->>'name'))) m;
      END LOOP;

    WHEN '/admin/member/group/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'groupid'], true, ARRAY['id', 'groupid']) LOOP
        PERFORM api.member_group_add((e->>'id')::uuid, (e->>'groupid')::uuid);
        RETURN NEXT AdminDone(e, 'groupid');
      END LOOP;

    WHEN '/admin/member/group/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'groupid'], true, ARRAY['id']) LOOP
        PERFORM api.member_group_delete((e->>'id')::uuid, (e->>'groupid')::uuid);
        RETURN NEXT AdminDone(e, 'groupid');
      END LOOP;

    WHEN '/admin/member/area' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'userid', 'name'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.member_area(
          coalesce((e->>'id')::uuid, (e->>'userid')::uuid, AdminMemberByName(e->>'name'))) m;
      END LOOP;

    WHEN '/admin/member/area/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'area'], true, ARRAY['id', 'area']) LOOP
        PERFORM api.member_area_add((e->>'id')::uuid, (e->>'area')::uuid);
        RETURN NEXT AdminDone(e, 'area');
      END LOOP;

    WHEN '/admin/member/area/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'area'], true, ARRAY['id']) LOOP
        PERFORM api.member_area_delete((e->>'id')::uuid, (e->>'area')::uuid);
        RETURN NEXT AdminDone(e, 'area');
      END LOOP;

    WHEN '/admin/member/interface' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'userid', 'name'], false, null, false) LOOP
        RETURN QUERY SELECT row_to_json(m) FROM api.member_interface(
          coalesce((e->>'id')::uuid, (e->>'userid')::uuid, AdminMemberByName(e->>'name'))) m;
      END LOOP;

    WHEN '/admin/member/interface/add' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'interface'], true, ARRAY['id', 'interface']) LOOP
        PERFORM api.member_interface_add((e->>'id')::uuid, (e->>'interface')::uuid);
        RETURN NEXT AdminDone(e, 'interface');
      END LOOP;

    WHEN '/admin/member/interface/delete' THEN
      FOR e IN SELECT * FROM AdminPayload(pPath, pPayload, ARRAY['id', 'interface'], true, ARRAY['id']) LOOP
        PERFORM api.member_interface_delete((e->>'id')::uuid, (e->>'interface')::uuid);
        RETURN NEXT AdminDone(e, 'interface');
      END LOOP;

    ELSE
      PERFORM RouteNotFound(pPath);
    END CASE;

  -- Conversion and constraint failures are the caller's bad input: report them as a 400
  -- with the database's own explanation instead of letting them surface as a 500.
  EXCEPTION
    WHEN data_exception OR integrity_constraint_violation OR invalid_text_representation THEN
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vDetail = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION 'ERR-400-000: Invalid value in (%): %', pPath,
        vMessage || coalesce(' (' || NULLIF(vDetail, '') || ')', '');
  END;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AdminIpType(pType text)
RETURNS char AS $$
BEGIN
  IF pType IS NULL THEN
    RETURN 'A';
  END IF;
  IF pType NOT IN ('A', 'D') THEN
    PERFORM IncorrectCode(pType, ARRAY['A', 'D']);
  END IF;
  RETURN pType;
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AdminMemberByName(pName text)
RETURNS uuid AS $$
  SELECT id FROM db.user WHERE username = pName ORDER BY type DESC LIMIT 1;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
