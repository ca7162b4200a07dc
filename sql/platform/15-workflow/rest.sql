--------------------------------------------------------------------------------
-- workflow module: REST dispatcher rest.workflow (15-workflow §12.1)
--
-- /workflow/<catalogue>/<verb>, administrators only. The catalogue shortcuts
-- (/entity, /type, /class, /priority) and /state*, /action*, /method* are
-- dispatched by the api module (rest.api, rest.state, rest.action,
-- rest.method) on top of the api.* functions of this module.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION WorkflowCatalogue (
  pName         text
) RETURNS       boolean
AS $$
  SELECT pName IN ('entity', 'type', 'class', 'state', 'action', 'method', 'transition', 'event', 'priority');
$$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

-- get / count / list of one catalogue; the catalogue name comes from a fixed
-- list, so the dynamic statement has a closed set of shapes.
CREATE OR REPLACE FUNCTION WorkflowRead (
  pPath         text,
  pName         text,
  pVerb         text,
  pPayload      jsonb
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
BEGIN
  CASE pVerb
  WHEN 'get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.get_%s($1) t', pName) USING (e->>'id')::uuid
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN 'count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      EXECUTE format('SELECT * FROM api.count_%s($1, $2)', pName) INTO n USING e->'search', e->'filter';
      RETURN NEXT json_build_object('count', coalesce(n, 0));
    END LOOP;

  WHEN 'list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.list_%s($1, $2, $3, $4, $5) t', pName)
               USING e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby'
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN 'delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true, true)
    LOOP
      EXECUTE format('SELECT api.delete_%s($1)', pName) USING (e->>'id')::uuid;
      RETURN NEXT json_build_object('id', e->>'id', 'result', true, 'message', 'Success');
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION rest.workflow (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  aPath         text[];
  e             jsonb;
  x             jsonb;
  r             record;
  uClass        uuid;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  IF NOT IsWorkflowAdmin() THEN
    PERFORM AccessDenied();
  END IF;

  pPath := lower(pPath);
  aPath := string_to_array(trim(BOTH '/' FROM pPath), '/');

  IF aPath[1] IS DISTINCT FROM 'workflow' OR NOT coalesce(WorkflowCatalogue(aPath[2]), false) THEN
    PERFORM RouteNotFound(pPath);
  END IF;

  BEGIN
    CASE
    WHEN cardinality(aPath) = 3 AND aPath[3] IN ('get', 'count', 'list') THEN
      RETURN QUERY SELECT * FROM WorkflowRead(pPath, aPath[2], aPath[3], pPayload);

    -- entity, action and priority are read-only catalogues.
    WHEN cardinality(aPath) = 3 AND aPath[3] = 'delete' AND aPath[2] IN ('type', 'class', 'state', 'method', 'transition', 'event') THEN
      RETURN QUERY SELECT * FROM WorkflowRead(pPath, aPath[2], aPath[3], pPayload);

    WHEN pPath = '/workflow/type/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'class', 'code', 'name', 'description'], null, true, true, ARRAY['code', 'name', 'description'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, class uuid, code text, name text, description text);
        FOR x IN SELECT to_jsonb(t) FROM api.set_type(r.id, r.class, r.code, r.name, r.description) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/class/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'entity', 'code', 'label', 'abstract'], null, true, true, ARRAY['code', 'label'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, entity uuid, code text, label text, abstract boolean);
        FOR x IN SELECT to_jsonb(t) FROM api.set_class(r.id, r.parent, r.entity, r.code, r.label, r.abstract) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/class/copy' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['source', 'destination'], ARRAY['source', 'destination'], true, true)
      LOOP
        PERFORM api.copy_class((e->>'source')::uuid, (e->>'destination')::uuid);
        RETURN NEXT json_build_object('source', e->>'source', 'destination', e->>'destination', 'result', true, 'message', 'Success');
      END LOOP;

    WHEN pPath = '/workflow/class/clone' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['parent', 'entity', 'code', 'label', 'abstract'], ARRAY['parent', 'entity', 'code', 'label'], true, true, ARRAY['code', 'label'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(parent uuid, entity uuid, code text, label text, abstract boolean);
        uClass := api.clone_class(r.parent, r.entity, r.code, r.label, r.abstract);
        FOR x IN SELECT to_jsonb(t) FROM api.class t WHERE t.id = uClass
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/class/access' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true, ARRAY['code'])
      LOOP
        uClass := coalesce((e->>'id')::uuid, GetClass(e->>'code'));
        IF uClass IS NULL THEN
          PERFORM JsonKeyNotFound(pPath, 'id');
        END IF;
        FOR x IN SELECT to_jsonb(t) FROM api.class_access(uClass) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/class/access/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'mask', 'userid', 'recursive', 'objectset'], ARRAY['id', 'mask'], true, true)
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, mask integer, userid uuid, recursive boolean, objectset boolean);
        -- Through REST both flags default to false (§12.1), unlike api.chmodc.
        PERFORM api.chmodc(r.id, r.mask, coalesce(r.userid, current_userid()), coalesce(r.recursive, false), coalesce(r.objectset, false));
        RETURN NEXT e::json;
      END LOOP;

    WHEN pPath = '/workflow/class/access/list' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.list_class_access(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/class/access/decode' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'userid'], null, true, true, ARRAY['code'])
      LOOP
        uClass := coalesce((e->>'id')::uuid, GetClass(e->>'code'));
        IF uClass IS NULL THEN
          PERFORM JsonKeyNotFound(pPath, 'id');
        END IF;
        FOR x IN SELECT to_jsonb(t) FROM api.decode_class_access(uClass, coalesce((e->>'userid')::uuid, current_userid())) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/state/type' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.state_type t ORDER BY t.id
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/state/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'class', 'type', 'code', 'label', 'sequence'], null, true, true, ARRAY['code', 'label'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, class uuid, type uuid, code text, label text, sequence integer);
        FOR x IN SELECT to_jsonb(t) FROM api.set_state(r.id, r.class, r.type, r.code, r.label, r.sequence) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/method/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'class', 'state', 'action', 'code', 'label', 'sequence', 'visible'], null, true, true, ARRAY['code', 'label'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, class uuid, state uuid, action uuid, code text, label text, sequence integer, visible boolean);
        FOR x IN SELECT to_jsonb(t) FROM api.set_method(r.id, r.parent, r.class, r.state, r.action, r.code, r.label, r.sequence, r.visible) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/method/access' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], false, true)
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.method_access((e->>'id')::uuid) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/method/access/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'mask', 'userid'], ARRAY['id', 'mask'], true, true)
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, mask integer, userid uuid);
        PERFORM api.chmodm(r.id, r.mask, coalesce(r.userid, current_userid()));
        RETURN NEXT e::json;
      END LOOP;

    WHEN pPath = '/workflow/method/access/list' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.list_method_access(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/method/access/decode' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'userid'], ARRAY['id'], true, true)
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.decode_method_access((e->>'id')::uuid, coalesce((e->>'userid')::uuid, current_userid())) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/transition/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'state', 'method', 'newstate'], null, true, true)
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, state uuid, method uuid, newstate uuid);
        FOR x IN SELECT to_jsonb(t) FROM api.set_transition(r.id, r.state, r.method, r.newstate) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/event/type' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
      LOOP
        FOR x IN SELECT to_jsonb(t) FROM api.event_type t ORDER BY t.id
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END LOOP;

    WHEN pPath = '/workflow/event/set' THEN
      FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'class', 'type', 'action', 'label', 'text', 'sequence', 'enabled'], null, true, true, ARRAY['label', 'text'])
      LOOP
        SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, class uuid, type uuid, action uuid, label text, text text, sequence integer, enabled boolean);
        FOR x IN SELECT to_jsonb(t) FROM api.set_event(r.id, r.class, r.type, r.action, r.label, r.text, r.sequence, r.enabled) t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      END LOOP;

    ELSE
      PERFORM RouteNotFound(pPath);
    END CASE;
  EXCEPTION
  -- Malformed values (an id that is not a uuid, a mask that is not a number)
  -- are the caller's mistake: a 400 naming the value, never a 500.
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  END;

  RETURN;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
