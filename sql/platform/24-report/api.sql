-- api.* of the report module (24-report §8). Functions returning a view row
-- follow their view (update drops both).

--------------------------------------------------------------------------------
-- Report tree
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.report_tree
AS
  SELECT o.* FROM ObjectReportTree o INNER JOIN AccessReportTree a ON a.object = o.id;

GRANT SELECT ON api.report_tree TO administrator;

CREATE OR REPLACE FUNCTION api.add_report_tree (
  pParent       uuid,
  pType         uuid,
  pRoot         uuid,
  pNode         uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReportTree(pParent, coalesce(pType, GetType('report.report_tree')), pRoot, pNode, pCode, pName, pDescription, pSequence);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_report_tree (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report_tree WHERE id = pId) THEN
    PERFORM ObjectNotFound('report tree', 'id', pId);
  END IF;

  PERFORM EditReportTree(pId, pParent, pType, pRoot, pNode, pCode, pName, pDescription, pSequence);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_report_tree (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       SETOF api.report_tree
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetReportTree(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_report_tree(pParent, pType, pRoot, pNode, pCode, pName, pDescription, pSequence);
  ELSE
    PERFORM api.update_report_tree(uId, pParent, pType, pRoot, pNode, pCode, pName, pDescription, pSequence);
  END IF;

  RETURN QUERY SELECT * FROM api.report_tree WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_report_tree (
  pId       uuid
) RETURNS   SETOF api.report_tree
AS $$
  SELECT * FROM api.report_tree WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report_tree (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportTree', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report_tree (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report_tree
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportTree', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report form
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.report_form
AS
  SELECT o.* FROM ObjectReportForm o INNER JOIN AccessReportForm a ON a.object = o.id;

GRANT SELECT ON api.report_form TO administrator;

CREATE OR REPLACE FUNCTION api.add_report_form (
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDefinition   text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReportForm(pParent, coalesce(pType, GetType('json.report_form')), pCode, pName, pDefinition, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_report_form (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDefinition   text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report_form WHERE id = pId) THEN
    PERFORM ObjectNotFound('report form', 'id', pId);
  END IF;

  PERFORM EditReportForm(pId, pParent, pType, pCode, pName, pDefinition, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_report_form (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDefinition   text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.report_form
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetReportForm(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_report_form(pParent, pType, pCode, pName, pDefinition, pDescription);
  ELSE
    PERFORM api.update_report_form(uId, pParent, pType, pCode, pName, pDefinition, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.report_form WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- pId is a form or a report (whose form is used); anything else is ERR-400-073.
CREATE OR REPLACE FUNCTION api.build_report_form (
  pId       uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
DECLARE
  uForm     uuid;
BEGIN
  SELECT id INTO uForm FROM db.report_form WHERE id = pId;

  IF uForm IS NULL THEN
    SELECT form INTO uForm FROM db.report WHERE id = pId;
  END IF;

  IF uForm IS NULL THEN
    PERFORM NotFound();
  END IF;

  RETURN (SELECT f FROM BuildReportForm(uForm, pParams) AS f LIMIT 1);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_report_form (
  pId       uuid
) RETURNS   SETOF api.report_form
AS $$
  SELECT * FROM api.report_form WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report_form (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportForm', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report_form (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report_form
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportForm', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.report
AS
  SELECT o.* FROM ObjectReport o INNER JOIN AccessReport a ON a.object = o.id;

GRANT SELECT ON api.report TO administrator;

CREATE OR REPLACE FUNCTION api.add_report (
  pParent       uuid,
  pType         uuid,
  pTree         uuid,
  pForm         uuid,
  pBinding      uuid,
  pCode         text,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pInfo         jsonb DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReport(pParent, coalesce(pType, GetType('report.report')), pTree, pForm, pBinding, pCode, pName, pDescription, pInfo);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_report (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pTree         uuid DEFAULT null,
  pForm         uuid DEFAULT null,
  pBinding      uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pInfo         jsonb DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report WHERE id = pId) THEN
    PERFORM ObjectNotFound('report', 'id', pId);
  END IF;

  PERFORM EditReport(pId, pParent, pType, pTree, pForm, pBinding, pCode, pName, pDescription, pInfo);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_report (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pTree         uuid DEFAULT null,
  pForm         uuid DEFAULT null,
  pBinding      uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pInfo         jsonb DEFAULT null
) RETURNS       SETOF api.report
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetReport(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_report(pParent, pType, pTree, pForm, pBinding, pCode, pName, pDescription, pInfo);
  ELSE
    PERFORM api.update_report(uId, pParent, pType, pTree, pForm, pBinding, pCode, pName, pDescription, pInfo);
  END IF;

  RETURN QUERY SELECT * FROM api.report WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The class and its ancestors, nearest first.
CREATE OR REPLACE FUNCTION ReportClassAncestors (
  pClass    uuid
) RETURNS   TABLE (class uuid, depth integer)
AS $$
  WITH RECURSIVE up(class, parent, depth) AS (
    SELECT c.id, c.parent, 0 FROM db.class_tree c WHERE c.id = pClass
    UNION ALL
    SELECT c.id, c.parent, up.depth + 1 FROM db.class_tree c INNER JOIN up ON c.id = up.parent
  )
  SELECT class, depth FROM up;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.report_object (
  pClass    uuid
) RETURNS   SETOF api.report
AS $$
  SELECT r.*
    FROM api.report r INNER JOIN ReportClassAncestors(pClass) a ON a.class = r.binding
   ORDER BY a.depth, r.code;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The class restriction rides in the filter, which the builder ANDs after the
-- (parenthesised) search, so no search can widen it.
CREATE OR REPLACE FUNCTION ReportObjectFilter (
  pClass    uuid,
  pFilter   jsonb
) RETURNS   jsonb
AS $$
  SELECT CASE WHEN jsonb_typeof(pFilter) = 'object' THEN pFilter ELSE '{}'::jsonb END
         || jsonb_build_object('binding', coalesce((SELECT jsonb_agg(class) FROM ReportClassAncestors(pClass)), '[]'::jsonb));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report_object (
  pClass    uuid,
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  IF pFilter IS NOT NULL AND jsonb_typeof(pFilter) NOT IN ('object', 'null') THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFilter), 'object');
  END IF;
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReport', pSearch, ReportObjectFilter(pClass, pFilter), 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report_object (
  pClass    uuid,
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report
AS $$
BEGIN
  IF pFilter IS NOT NULL AND jsonb_typeof(pFilter) NOT IN ('object', 'null') THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFilter), 'object');
  END IF;
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReport', pSearch, ReportObjectFilter(pClass, pFilter), pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Templates attached to the report's form object.
CREATE OR REPLACE FUNCTION api.get_report_form_files (
  pReport   uuid
) RETURNS   SETOF api.object_file
AS $$
  SELECT f.* FROM api.object_file f WHERE f.object = (SELECT r.form FROM db.report r WHERE r.id = pReport);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_report (
  pId       uuid
) RETURNS   SETOF api.report
AS $$
  SELECT * FROM api.report WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReport', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReport', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report routine
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.report_routine
AS
  SELECT o.* FROM ObjectReportRoutine o INNER JOIN AccessReportRoutine a ON a.object = o.id;

GRANT SELECT ON api.report_routine TO administrator;

CREATE OR REPLACE FUNCTION api.add_report_routine (
  pParent       uuid,
  pType         uuid,
  pReport       uuid,
  pCode         text,
  pName         text,
  pDefinition   text,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReportRoutine(pParent, coalesce(pType, GetType('plpgsql.report_routine')), pReport, pCode, pName, pDefinition, pDescription, pSequence);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_report_routine (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pReport       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDefinition   text DEFAULT null,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report_routine WHERE id = pId) THEN
    PERFORM ObjectNotFound('report routine', 'id', pId);
  END IF;

  PERFORM EditReportRoutine(pId, pParent, pType, pReport, pCode, pName, pDefinition, pDescription, pSequence);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_report_routine (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pReport       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDefinition   text DEFAULT null,
  pDescription  text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       SETOF api.report_routine
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetReportRoutine(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_report_routine(pParent, pType, pReport, pCode, pName, pDefinition, pDescription, pSequence);
  ELSE
    PERFORM api.update_report_routine(uId, pParent, pType, pReport, pCode, pName, pDefinition, pDescription, pSequence);
  END IF;

  RETURN QUERY SELECT * FROM api.report_routine WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_report_routine (
  pId       uuid
) RETURNS   SETOF api.report_routine
AS $$
  SELECT * FROM api.report_routine WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report_routine (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportRoutine', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report_routine (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report_routine
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportRoutine', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Ready report
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.report_ready
AS
  SELECT o.* FROM ObjectReportReady o INNER JOIN AccessReportReady a ON a.object = o.id;

GRANT SELECT ON api.report_ready TO administrator;

CREATE OR REPLACE FUNCTION api.add_report_ready (
  pParent       uuid,
  pType         uuid,
  pReport       uuid,
  pForm         jsonb DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReportReady(pParent, coalesce(pType, GetType('sync.report_ready')), pReport, pForm, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_report_ready (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pReport       uuid DEFAULT null,
  pForm         jsonb DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report_ready WHERE id = pId) THEN
    PERFORM ObjectNotFound('report ready', 'id', pId);
  END IF;

  PERFORM EditReportReady(pId, pParent, pType, pReport, pForm::text, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- No lookup by code: a ready report has none.
CREATE OR REPLACE FUNCTION api.set_report_ready (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pReport       uuid DEFAULT null,
  pForm         jsonb DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.report_ready
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL THEN
    uId := api.add_report_ready(pParent, pType, pReport, pForm, pLabel, pDescription);
  ELSE
    PERFORM api.update_report_ready(uId, pParent, pType, pReport, pForm, pLabel, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.report_ready WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The report worker's poll (services/report.md §3.2): static, indexed, no
-- access join, so a bot session sees every ready report of its scope.
CREATE OR REPLACE FUNCTION api.report_ready (
  pStateType  uuid
) RETURNS     TABLE (id uuid, typecode text, statecode text, created timestamptz)
AS $$
  SELECT r.id, t.code, s.code, o.pdate
    FROM db.report_ready r
   INNER JOIN db.object o ON o.id = r.document
   INNER JOIN db.document d ON d.id = r.document
   INNER JOIN db.type t ON t.id = o.type
   INNER JOIN db.state s ON s.id = o.state
   WHERE o.state_type = pStateType
     AND d.scope = current_scope()
   ORDER BY o.pdate;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.report_ready (
  pStateType  text DEFAULT 'enabled'
) RETURNS     TABLE (id uuid, typecode text, statecode text, created timestamptz)
AS $$
DECLARE
  uType       uuid := GetStateType(coalesce(pStateType, 'enabled'));
BEGIN
  IF uType IS NULL THEN
    PERFORM IncorrectValueInArray(pStateType, 'state type', ARRAY(SELECT st.code FROM db.state_type st ORDER BY st.id));
  END IF;
  RETURN QUERY SELECT * FROM api.report_ready(uType);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.build_report (
  pReport   uuid,
  pForm     jsonb DEFAULT null
) RETURNS   SETOF api.report_ready
AS $$
DECLARE
  uId       uuid;
BEGIN
  uId := BuildReport(pReport, GetType('sync.report_ready'), pForm);
  RETURN QUERY SELECT * FROM api.report_ready WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_report_ready (
  pId       uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM ExecuteReportReady(pId);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_report_ready (
  pId       uuid
) RETURNS   SETOF api.report_ready
AS $$
  SELECT * FROM api.report_ready WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_report_ready (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportReady', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_report_ready (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.report_ready
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectReportReady', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
