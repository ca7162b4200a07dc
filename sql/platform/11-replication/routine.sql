--------------------------------------------------------------------------------
-- replication module: log, relay, apply, enrolment
--------------------------------------------------------------------------------

-- Rows after pFrom that did not come from pSource. Upstream compared with `<>`,
-- so a caller naming itself never received the NULL-source (locally captured)
-- rows; IS DISTINCT FROM is the spec'd NULL-safe filter.
CREATE OR REPLACE FUNCTION replication.log (
  pFrom         bigint,
  pSource       text,
  pLimit        integer DEFAULT 500
) RETURNS       SETOF replication.log
AS $$
  SELECT *
    FROM replication.log
   WHERE id > pFrom
     AND source IS DISTINCT FROM pSource
   ORDER BY id
   LIMIT coalesce(pLimit, 500);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.add_log (
  pDateTime     timestamptz,
  pAction       char,
  pSchema       text,
  pName         text,
  pKey          jsonb,
  pData         jsonb,
  pSource       text DEFAULT null
) RETURNS       bigint
AS $$
  INSERT INTO replication.log (datetime, action, schema, name, key, data, source)
  VALUES (coalesce(pDateTime, now()), pAction, pSchema, pName, pKey, pData, pSource)
  RETURNING id;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.add_relay (
  pSource       text,
  pId           bigint,
  pDateTime     timestamptz,
  pAction       char,
  pSchema       text,
  pName         text,
  pKey          jsonb,
  pData         jsonb,
  pProxy        boolean DEFAULT false
) RETURNS       bigint
AS $$
  INSERT INTO replication.relay (source, id, datetime, action, schema, name, key, data, proxy)
  VALUES (pSource, pId, pDateTime, pAction, pSchema, pName, pKey, pData, coalesce(pProxy, false))
  RETURNING id;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A JSON array as a PostgreSQL array literal (nested arrays become nested
-- braces): how calendar day lists and schedules travel.
CREATE OR REPLACE FUNCTION replication.array_literal (
  pValue        jsonb
) RETURNS       text
AS $$
  SELECT CASE jsonb_typeof(pValue)
           WHEN 'array' THEN '{' || coalesce((SELECT string_agg(replication.array_literal(e), ',' ORDER BY n)
                                                FROM jsonb_array_elements(pValue) WITH ORDINALITY AS x (e, n)), '') || '}'
           WHEN 'null' THEN 'NULL'
           WHEN 'string' THEN '"' || replace(replace(pValue #>> '{}', '\', '\\'), '"', '\"') || '"'
           ELSE pValue #>> '{}'
         END;
$$ LANGUAGE sql IMMUTABLE;

-- The SQL expression of a JSON value for a column of the target table. Every
-- value is a quoted literal that PostgreSQL casts to the column type; arrays
-- for array columns become array literals, objects for composite columns
-- (e.g. a `value` of type Variant) are rebuilt with jsonb_populate_record.
CREATE OR REPLACE FUNCTION replication.value_sql (
  pSchema       text,
  pName         text,
  pColumn       text,
  pValue        jsonb
) RETURNS       text
AS $$
DECLARE
  r             record;
BEGIN
  IF pValue IS NULL OR jsonb_typeof(pValue) = 'null' THEN
    RETURN 'NULL';
  END IF;

  IF jsonb_typeof(pValue) IN ('array', 'object') THEN
    SELECT t.typtype, t.typcategory, format_type(a.atttypid, a.atttypmod) AS type INTO r
      FROM pg_attribute a
      INNER JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = to_regclass(format('%I.%I', pSchema, pName))
       AND a.attname = pColumn
       AND NOT a.attisdropped;

    IF r.typcategory = 'A' AND jsonb_typeof(pValue) = 'array' THEN
      RETURN quote_literal(replication.array_literal(pValue));
    END IF;

    IF r.typtype = 'c' AND jsonb_typeof(pValue) = 'object' THEN
      RETURN format('(jsonb_populate_record(NULL::%s, %L::jsonb))', r.type, pValue::text);
    END IF;

    RETURN quote_literal(pValue::text);
  END IF;

  RETURN quote_literal(pValue #>> '{}');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The statement replaying one relay row. Identifiers are quoted, values are
-- literals: relay rows come from a peer and are not trusted as SQL.
CREATE OR REPLACE FUNCTION replication.relay_sql (
  pAction       char,
  pSchema       text,
  pName         text,
  pKey          jsonb,
  pData         jsonb
) RETURNS       text
AS $$
DECLARE
  vTable        text := format('%I.%I', pSchema, pName);
  vColumns      text;
  vValues       text;
  vSet          text;
  vWhere        text;
BEGIN
  IF pAction = 'I' THEN
    SELECT string_agg(quote_ident(key), ', ' ORDER BY key),
           string_agg(replication.value_sql(pSchema, pName, key, value), ', ' ORDER BY key)
      INTO vColumns, vValues
      FROM jsonb_each(pData);
    RETURN format('INSERT INTO %s (%s) VALUES (%s)', vTable, vColumns, vValues);
  END IF;

  SELECT string_agg(CASE WHEN jsonb_typeof(value) = 'null' THEN format('%I IS NULL', key)
                         ELSE format('%I = %L', key, value #>> '{}') END, ' AND ' ORDER BY key)
    INTO vWhere
    FROM jsonb_each(CASE WHEN jsonb_typeof(pKey) = 'object' THEN pKey ELSE '{}'::jsonb END);

  IF pAction = 'U' THEN
    SELECT string_agg(format('%I = %s', key, replication.value_sql(pSchema, pName, key, value)), ', ' ORDER BY key)
      INTO vSet
      FROM jsonb_each(pData);
    RETURN format('UPDATE %s SET %s WHERE %s', vTable, vSet, coalesce(vWhere, ''));
  END IF;

  RETURN format('DELETE FROM %s WHERE %s', vTable, coalesce(vWhere, ''));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.apply_relay (
  pSource       text,
  pId           bigint
) RETURNS       void
AS $$
DECLARE
  r             replication.relay%rowtype;
  vSql          text;
  vMessage      text;
  vContext      text;
BEGIN
  SELECT * INTO r FROM replication.relay WHERE source = pSource AND id = pId;

  IF NOT FOUND THEN
    PERFORM NotFound();
  END IF;

  BEGIN
    vSql := replication.relay_sql(r.action, r.schema, r.name, r.key, r.data);

    -- Replayed changes must not fire the table's own triggers (and so are not
    -- captured again). Inside this block a failure rolls the ALTERs back too.
    EXECUTE format('ALTER TABLE %I.%I DISABLE TRIGGER USER', r.schema, r.name);
    EXECUTE vSql;
    EXECUTE format('ALTER TABLE %I.%I ENABLE TRIGGER USER', r.schema, r.name);

    PERFORM SetErrorMessage('Success');
    UPDATE replication.relay SET state = 1, message = null WHERE source = pSource AND id = pId;

    -- The peer's name becomes the source, so the change is never sent back to it.
    IF r.proxy THEN
      PERFORM replication.add_log(r.datetime, r.action, r.schema, r.name, r.key, r.data, pSource);
    END IF;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;

    PERFORM WriteDiagnostics(vMessage, vContext, 'replication');
    PERFORM SetErrorMessage(vMessage);
    PERFORM SetVar('kernel', 'replication_apply', 'false');
    PERFORM AddEventLog(pType => 'D', pCode => 9020, pScope => 'replication', pEvent => 'apply',
                        pText => coalesce(vSql, vMessage), pCategory => 'replication');

    UPDATE replication.relay SET state = 2, message = vMessage WHERE source = pSource AND id = pId;
  END;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Failed rows (state 2) are not retried here; /replication/relay/apply re-applies any row.
CREATE OR REPLACE FUNCTION replication.apply (
  pSource       text
) RETURNS       integer
AS $$
DECLARE
  nId           bigint;
  nCount        integer := 0;
BEGIN
  FOR nId IN
    SELECT id FROM replication.relay WHERE source = pSource AND state = 0 ORDER BY id LIMIT 1000
  LOOP
    PERFORM replication.apply_relay(pSource, nId);
    nCount := nCount + 1;
  END LOOP;
  RETURN nCount;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.set_table (
  pSchema       text,
  pName         text,
  pActive       boolean
) RETURNS       void
AS $$
BEGIN
  IF coalesce(pActive, false) THEN
    INSERT INTO replication.list (schema, name) VALUES (pSchema, pName)
    ON CONFLICT (schema, name) DO UPDATE SET updated = now();
  ELSE
    DELETE FROM replication.list WHERE schema = pSchema AND name = pName;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.set_key (
  pSchema       text,
  pName         text
) RETURNS       void
AS $$
BEGIN
  DELETE FROM replication.pkey WHERE schema = pSchema AND name = pName;

  INSERT INTO replication.pkey (schema, name, field)
  SELECT pSchema, pName, a.attname
    FROM pg_constraint c
    INNER JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
   WHERE c.conrelid = to_regclass(format('%I.%I', pSchema, pName))
     AND c.contype = 'p';
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.delete_key (
  pSchema       text,
  pName         text
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM replication.pkey WHERE schema = pSchema AND name = pName;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.create_trigger (
  pSchema       text,
  pName         text
) RETURNS       text
AS $$
  SELECT format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I.%I FOR EACH ROW EXECUTE PROCEDURE replication.ft_log()',
                't__' || pName || '_replication', pSchema, pName);
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION replication.drop_trigger (
  pSchema       text,
  pName         text
) RETURNS       text
AS $$
  SELECT format('DROP TRIGGER IF EXISTS %I ON %I.%I', 't__' || pName || '_replication', pSchema, pName);
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION replication.table (
  pSchema       text,
  pName         text,
  pActive       boolean
) RETURNS       void
AS $$
BEGIN
  IF to_regclass(format('%I.%I', pSchema, pName)) IS NULL THEN
    PERFORM ObjectNotFound('table', 'name', pSchema || '.' || pName);
  END IF;

  PERFORM replication.delete_key(pSchema, pName);
  EXECUTE replication.drop_trigger(pSchema, pName);
  PERFORM replication.set_table(pSchema, pName, pActive);

  IF coalesce(pActive, false) THEN
    PERFORM replication.set_key(pSchema, pName);
    EXECUTE replication.create_trigger(pSchema, pName);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.on ()
RETURNS         void
AS $$
DECLARE
  r             record;
  vMessage      text;
  vContext      text;
BEGIN
  DELETE FROM replication.pkey;

  FOR r IN SELECT schema, name, active FROM ReplicationTable
  LOOP
    BEGIN
      EXECUTE replication.drop_trigger(r.schema, r.name);
      IF r.active THEN
        PERFORM replication.set_key(r.schema, r.name);
        EXECUTE replication.create_trigger(r.schema, r.name);
      END IF;
    EXCEPTION WHEN others THEN
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
      PERFORM WriteDiagnostics(vMessage, vContext, 'replication');
    END;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION replication.off ()
RETURNS         void
AS $$
DECLARE
  r             record;
BEGIN
  FOR r IN SELECT schema, name FROM ReplicationTable
  LOOP
    EXECUTE replication.drop_trigger(r.schema, r.name);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
