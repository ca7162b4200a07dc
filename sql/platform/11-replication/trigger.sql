--------------------------------------------------------------------------------
-- replication module: trigger functions (install creates the triggers; update
-- re-runs this file to replace their bodies)
--------------------------------------------------------------------------------

-- Announces a captured change; key and data stay in the table (NOTIFY payloads
-- are limited to 8000 bytes).
CREATE OR REPLACE FUNCTION replication.ft_log_after_insert()
RETURNS trigger
AS $$
BEGIN
  PERFORM pg_notify('replication', json_build_object('id', NEW.id, 'datetime', NEW.datetime, 'action', NEW.action,
                                                     'schema', NEW.schema, 'name', NEW.name, 'source', NEW.source)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Whether an object row belongs to a job or a message: those are local work
-- items and never replicated. Both tables come from later modules.
CREATE OR REPLACE FUNCTION replication.is_local_object(pObject uuid)
RETURNS boolean
AS $$
DECLARE
  bFound        boolean := false;
BEGIN
  IF pObject IS NULL THEN
    RETURN false;
  END IF;
  IF to_regclass('db.job') IS NOT NULL THEN
    EXECUTE 'SELECT EXISTS (SELECT FROM db.job WHERE id = $1)' INTO bFound USING pObject;
  END IF;
  IF NOT bFound AND to_regclass('db.message') IS NOT NULL THEN
    EXECUTE 'SELECT EXISTS (SELECT FROM db.message WHERE id = $1)' INTO bFound USING pObject;
  END IF;
  RETURN bFound;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Capture trigger of an enrolled table. Replication must never abort the
-- user's statement: any failure is logged and swallowed.
CREATE OR REPLACE FUNCTION replication.ft_log()
RETURNS trigger
AS $$
DECLARE
  jNew          jsonb;
  jOld          jsonb;
  jKey          jsonb;
  jData         jsonb;
  aKeys         text[];
  vMessage      text;
  vContext      text;
BEGIN
  IF TG_TABLE_NAME IN ('log', 'api_log', 'job', 'message', 'notification') THEN
    RETURN NULL;
  END IF;

  BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      jNew := to_jsonb(NEW);
      IF TG_TABLE_NAME IN ('object', 'document') AND replication.is_local_object((jNew->>'id')::uuid) THEN
        RETURN NULL;
      END IF;
      IF TG_TABLE_NAME IN ('object_state', 'method_stack') AND replication.is_local_object((jNew->>'object')::uuid) THEN
        RETURN NULL;
      END IF;
    END IF;

    SELECT array_agg(field) INTO aKeys FROM replication.pkey WHERE schema = TG_TABLE_SCHEMA AND name = TG_TABLE_NAME;

    IF TG_OP = 'INSERT' THEN
      jData := jNew;
      IF TG_TABLE_NAME = 'object_text' THEN
        jData := jData - 'searchable_en' - 'searchable_ru';
      END IF;
      PERFORM replication.add_log(now(), 'I', TG_TABLE_SCHEMA, TG_TABLE_NAME, null, jData);

    ELSIF TG_OP = 'UPDATE' THEN
      jOld := to_jsonb(OLD);
      SELECT jsonb_object_agg(n.key, n.value) FILTER (WHERE n.key = ANY (coalesce(aKeys, '{}'))),
             jsonb_object_agg(n.key, n.value) FILTER (WHERE n.value IS DISTINCT FROM jOld->n.key)
        INTO jKey, jData
        FROM jsonb_each(jNew) AS n;

      jData := coalesce(jData, '{}'::jsonb);
      IF TG_TABLE_NAME = 'object_text' THEN
        jData := jData - 'searchable_en' - 'searchable_ru';
      ELSIF TG_TABLE_NAME = 'user' THEN
        jData := jData - 'status';
      ELSIF TG_TABLE_NAME = 'profile' THEN
        jData := jData - 'input_count' - 'input_last' - 'lc_ip' - 'state';
      END IF;

      IF jData <> '{}'::jsonb THEN
        PERFORM replication.add_log(now(), 'U', TG_TABLE_SCHEMA, TG_TABLE_NAME, jKey, jData);
      END IF;

    ELSE
      -- Without a primary key a delete cannot be replayed: it is not logged.
      IF aKeys IS NOT NULL THEN
        jOld := to_jsonb(OLD);
        SELECT jsonb_object_agg(k, jOld->k) INTO jKey FROM unnest(aKeys) AS k;
        PERFORM replication.add_log(now(), 'D', TG_TABLE_SCHEMA, TG_TABLE_NAME, jKey, null);
      END IF;
    END IF;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
    BEGIN
      PERFORM WriteDiagnostics(vMessage, vContext, 'replication');
    EXCEPTION WHEN others THEN
      NULL;
    END;
  END;

  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
