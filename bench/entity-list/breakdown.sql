-- Where one list call spends its time, inside the database: each step of
-- EntityRestList run in a PL/pgSQL loop, interleaved rounds, the minimum per
-- call kept (the minimum filters out time the backend spent descheduled on
-- the shared machine). Run as role kernel: psql -v user=<uuid> -f breakdown.sql
--
--   rest list       EntityRestList, the whole list of rest.object/document
--   list view       EntityListView (which view: id list or scan; kept per
--                   connection for a minute)
--   cached list     EntityListQuery: the list's prepared statement, what
--                   rest list runs on every call after the first
--   build sql       api.sql (the statement text; only on a cache miss)
--   plan + run      EXECUTE of that text, planned on every call: a list
--                   without the statement cache

SET search_path = kernel, public;
SET client_min_messages = warning;
SELECT bench.act_as(:'user') \gset

CREATE OR REPLACE FUNCTION pg_temp.breakdown (
  pView       text,
  pRounds     integer DEFAULT 5,
  pCalls      integer DEFAULT 10
) RETURNS     TABLE (list text, step text, us numeric)
AS $$
DECLARE
  vView       text := EntityListView(pView);
  vSql        text := 'SELECT to_json(t) FROM (' || api.sql('api', vView, null, null, 10, null, null) || ') t';
  aSteps      text[] := ARRAY['rest list', 'list view', 'cached list', 'build sql', 'plan + run'];
  aBest       numeric[] := ARRAY[null, null, null, null, null]::numeric[];
  t0          timestamptz;
  n           numeric;
  x           record;
BEGIN
  FOR r IN 1..pRounds LOOP
    FOR s IN 1..5 LOOP
      t0 := clock_timestamp();
      FOR i IN 1..pCalls LOOP
        CASE s
        WHEN 1 THEN PERFORM count(*) FROM EntityRestList('/' || pView || '/list', '{"reclimit":10}', pView);
        WHEN 2 THEN PERFORM EntityListView(pView);
        WHEN 3 THEN PERFORM count(*) FROM EntityListQuery(vView, null, null, 10, null, null);
        WHEN 4 THEN PERFORM api.sql('api', vView, null, null, 10, null, null);
        ELSE FOR x IN EXECUTE vSql LOOP END LOOP;
        END CASE;
      END LOOP;
      n := extract(epoch FROM clock_timestamp() - t0) * 1e6 / pCalls;
      aBest[s] := least(coalesce(aBest[s], n), n);
    END LOOP;
  END LOOP;

  FOR s IN 1..5 LOOP
    list := pView || ' (' || vView || ')';
    step := aSteps[s];
    us := round(aBest[s]);
    RETURN NEXT;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

SELECT * FROM pg_temp.breakdown('object')
UNION ALL
SELECT * FROM pg_temp.breakdown('document');
