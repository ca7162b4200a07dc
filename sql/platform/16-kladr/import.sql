-- Import of the raw classifier, fed by the loader script (load.ts) in
-- batches: each call upserts an array of records as JSON objects with the
-- lower-case column names of the public KLADR/STREET files. A re-import of a
-- newer edition overwrites the rows by code. Rebuilding the tree afterwards
-- is a separate step (LoadFromKladr), after ClearAddressTree when objects
-- were renamed or removed.

CREATE OR REPLACE FUNCTION ImportKladr (
  pRows         jsonb
) RETURNS       integer
AS $$
DECLARE
  nCount        integer;
  vBad          text;
BEGIN
  IF jsonb_typeof(pRows) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pRows), 'null'), 'array');
  END IF;

  SELECT coalesce(x.code, 'null') INTO vBad
    FROM jsonb_to_recordset(pRows) AS x(code text, name text)
   WHERE x.code IS NULL OR x.code !~ '^[0-9]{13}$' OR coalesce(x.name, '') = ''
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'Invalid KLADR record: code %', vBad USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO db.kladr (code, name, socr, index, gninmb, uno, ocatd, status)
  SELECT x.code, x.name, nullif(x.socr, ''), nullif(x.index, ''), nullif(x.gninmb, ''), nullif(x.uno, ''), nullif(x.ocatd, ''), nullif(x.status, '')
    FROM jsonb_to_recordset(pRows) AS x(code text, name text, socr text, index text, gninmb text, uno text, ocatd text, status text)
  ON CONFLICT (code) DO UPDATE
     SET name = EXCLUDED.name, socr = EXCLUDED.socr, index = EXCLUDED.index, gninmb = EXCLUDED.gninmb,
         uno = EXCLUDED.uno, ocatd = EXCLUDED.ocatd, status = EXCLUDED.status;

  GET DIAGNOSTICS nCount = ROW_COUNT;
  RETURN nCount;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ImportStreet (
  pRows         jsonb
) RETURNS       integer
AS $$
DECLARE
  nCount        integer;
  vBad          text;
BEGIN
  IF jsonb_typeof(pRows) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pRows), 'null'), 'array');
  END IF;

  SELECT coalesce(x.code, 'null') INTO vBad
    FROM jsonb_to_recordset(pRows) AS x(code text, name text)
   WHERE x.code IS NULL OR x.code !~ '^[0-9]{17}$' OR coalesce(x.name, '') = ''
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'Invalid STREET record: code %', vBad USING ERRCODE = 'invalid_parameter_value';
  END IF;

  INSERT INTO db.street (code, name, socr, index, gninmb, uno, ocatd)
  SELECT x.code, x.name, nullif(x.socr, ''), nullif(x.index, ''), nullif(x.gninmb, ''), nullif(x.uno, ''), nullif(x.ocatd, '')
    FROM jsonb_to_recordset(pRows) AS x(code text, name text, socr text, index text, gninmb text, uno text, ocatd text)
  ON CONFLICT (code) DO UPDATE
     SET name = EXCLUDED.name, socr = EXCLUDED.socr, index = EXCLUDED.index, gninmb = EXCLUDED.gninmb,
         uno = EXCLUDED.uno, ocatd = EXCLUDED.ocatd;

  GET DIAGNOSTICS nCount = ROW_COUNT;
  RETURN nCount;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Empties the tree (ids restart) before a rebuild.
CREATE OR REPLACE FUNCTION ClearAddressTree ()
RETURNS         void
AS $$
  TRUNCATE db.address_tree RESTART IDENTITY;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
