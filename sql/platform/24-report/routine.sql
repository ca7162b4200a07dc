-- Kernel functions of the report module (24-report §6).

--------------------------------------------------------------------------------
-- Errors and small helpers
--------------------------------------------------------------------------------

-- Upstream raises the legacy `ERR-40000` form here; we raise the normalised
-- code ParseMessage would produce, with the text in the session locale.
CREATE OR REPLACE FUNCTION InvalidReportType () RETURNS void
AS $$
BEGIN
  RAISE EXCEPTION 'ERR-400-000: %.', CASE locale_code()
    WHEN 'ru' THEN 'Недопустимый тип отчёта'
    WHEN 'de' THEN 'Ungültiger Berichtstyp'
    WHEN 'fr' THEN 'Type de rapport non valide'
    WHEN 'it' THEN 'Tipo di report non valido'
    WHEN 'es' THEN 'Tipo de informe no válido'
    ELSE 'Invalid report type'
  END;
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

-- A drop that would orphan rows still pointing at the object (RESTRICT keys).
CREATE OR REPLACE FUNCTION ReportObjectInUse (pWho text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 120), pWho); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

-- The entity a type belongs to must be pEntity (else ERR-400-012); returns the type's class.
CREATE OR REPLACE FUNCTION ReportCheckType (
  pType     uuid,
  pEntity   text
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  SELECT class INTO uClass FROM db.type WHERE id = pType;
  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM pEntity THEN
    PERFORM IncorrectClassType();
  END IF;
  RETURN uClass;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Trace context of the current request (session setting pgfleet.traceparent,
-- set per request by a service); a malformed value is dropped, never an error.
CREATE OR REPLACE FUNCTION ReportTraceContext () RETURNS text
AS $$
  SELECT CASE WHEN t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' THEN t END
    FROM (SELECT lower(nullif(current_setting('pgfleet.traceparent', true), '')) AS t) AS s;
$$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

-- Payload of NOTIFY report: the spec'd {session, id}, plus traceparent only
-- when the ready report carries one.
CREATE OR REPLACE FUNCTION ReportReadyNotifyPayload (
  pReady    uuid
) RETURNS   text
AS $$
  SELECT (jsonb_build_object('session', current_session(), 'id', pReady)
          || coalesce((SELECT jsonb_build_object('traceparent', r.traceparent)
                         FROM db.report_ready r WHERE r.id = pReady AND r.traceparent IS NOT NULL), '{}'::jsonb))::text;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Calls report.<pDefinition> by its quoted name; a missing function is a 400.
CREATE OR REPLACE FUNCTION ReportFunction (
  pDefinition text,
  pArgs       text
) RETURNS     text
AS $$
BEGIN
  IF coalesce(pDefinition, '') = '' OR to_regprocedure(format('report.%I(%s)', pDefinition, pArgs)) IS NULL THEN
    PERFORM ObjectNotFound('report function', 'definition', coalesce(pDefinition, ''));
  END IF;
  RETURN format('report.%I', pDefinition);
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report tree
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION SetReportTreeSequence (
  pId         uuid,
  pSequence   integer,
  pDelta      integer
) RETURNS     void
AS $$
DECLARE
  uNode       uuid;
  uRoot       uuid;
  uSibling    uuid;
BEGIN
  IF pDelta <> 0 THEN
    SELECT node, root INTO uNode, uRoot FROM db.report_tree WHERE id = pId;
    SELECT id INTO uSibling
      FROM db.report_tree
     WHERE node IS NOT DISTINCT FROM uNode
       AND (uNode IS NOT NULL OR root = id)
       AND sequence = pSequence AND id <> pId
     LIMIT 1;
    IF FOUND THEN
      PERFORM SetReportTreeSequence(uSibling, pSequence + pDelta, pDelta);
    END IF;
  END IF;

  UPDATE db.report_tree SET sequence = pSequence WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SortReportTree (
  pNode       uuid
) RETURNS     void
AS $$
  UPDATE db.report_tree r
     SET sequence = s.n
    FROM (SELECT id, row_number() OVER (ORDER BY sequence, id)::integer AS n
            FROM db.report_tree
           WHERE node IS NOT DISTINCT FROM pNode) AS s
   WHERE r.id = s.id AND r.sequence <> s.n;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream (quirk Q1 of 06-resource) shifts with the parent's id, so nothing
-- moves; an explicit position here pushes the colliding siblings down by one.
CREATE OR REPLACE FUNCTION CreateReportTree (
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
DECLARE
  uReference    uuid;
  uClass        uuid;
  uRoot         uuid := CheckNull(pRoot);
  uNode         uuid := CheckNull(pNode);
  vTypeCode     text;
  vNodeType     text;
  nLevel        integer := 0;
  nSequence     integer := nullif(pSequence, 0);
  uSibling      uuid;
BEGIN
  uClass := ReportCheckType(pType, 'report_tree');
  vTypeCode := GetTypeCode(pType);

  IF uNode IS NOT NULL THEN
    SELECT t.root, t.level, y.code INTO uRoot, nLevel, vNodeType
      FROM db.report_tree t
      JOIN db.object o ON o.id = t.id
      JOIN db.type y ON y.id = o.type
     WHERE t.id = uNode;

    IF NOT FOUND THEN
      PERFORM ObjectNotFound('report tree', 'node', uNode);
    END IF;

    IF vTypeCode = 'root.report_tree' OR (vTypeCode = 'node.report_tree' AND vNodeType = 'report.report_tree') THEN
      PERFORM InvalidReportType();
    END IF;

    nLevel := nLevel + 1;
  ELSE
    IF vTypeCode IS DISTINCT FROM 'root.report_tree' THEN
      PERFORM InvalidReportType();
    END IF;
    -- A root is its own root whatever the caller passed.
    uRoot := null;
  END IF;

  IF nSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO nSequence
      FROM db.report_tree
     WHERE node IS NOT DISTINCT FROM uNode
       AND (uNode IS NOT NULL OR root = id);
  ELSE
    SELECT id INTO uSibling
      FROM db.report_tree
     WHERE node IS NOT DISTINCT FROM uNode
       AND (uNode IS NOT NULL OR root = id)
       AND sequence = nSequence
     LIMIT 1;
    IF FOUND THEN
      PERFORM SetReportTreeSequence(uSibling, nSequence + 1, 1);
    END IF;
  END IF;

  uReference := CreateReference(CheckNull(pParent), pType, pCode, pName, pDescription);

  INSERT INTO db.report_tree (id, reference, root, node, level, sequence)
  VALUES (uReference, uReference, coalesce(uRoot, uReference), uNode, nLevel, nSequence);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReportTree (
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
DECLARE
  r             db.report_tree%rowtype;
  uClass        uuid;
  uRoot         uuid;
  uNode         uuid;
  nLevel        integer;
  nSequence     integer;
BEGIN
  SELECT * INTO r FROM db.report_tree WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM ObjectNotFound('report tree', 'id', pId);
  END IF;

  IF pType IS NOT NULL THEN
    PERFORM ReportCheckType(pType, 'report_tree');
  END IF;

  uRoot := coalesce(CheckNull(pRoot), r.root);
  uNode := coalesce(CheckNull(pNode), r.node);

  -- A node cannot hang under itself: the request is ignored.
  IF uNode = pId THEN
    uNode := r.node;
  END IF;

  nLevel := r.level;
  nSequence := coalesce(nullif(pSequence, 0), r.sequence);

  IF uNode IS DISTINCT FROM r.node THEN
    IF NOT EXISTS (SELECT FROM db.report_tree WHERE id = uNode) THEN
      PERFORM ObjectNotFound('report tree', 'node', uNode);
    END IF;

    -- The new parent is one of our children: it first takes our old place.
    UPDATE db.report_tree
       SET node = r.node, level = r.level
     WHERE id = uNode AND node = pId;

    SELECT root, level + 1 INTO uRoot, nLevel FROM db.report_tree WHERE id = uNode;
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.report_tree
     SET root = uRoot,
         node = uNode,
         level = nLevel
   WHERE id = pId;

  IF uNode IS DISTINCT FROM r.node THEN
    PERFORM SortReportTree(r.node);
    IF pSequence IS NULL OR pSequence = 0 THEN
      SELECT coalesce(max(sequence), 0) + 1 INTO nSequence FROM db.report_tree WHERE node IS NOT DISTINCT FROM uNode AND id <> pId;
      UPDATE db.report_tree SET sequence = nSequence WHERE id = pId;
    ELSE
      PERFORM SetReportTreeSequence(pId, nSequence, 1);
    END IF;
  ELSIF nSequence < r.sequence THEN
    PERFORM SetReportTreeSequence(pId, nSequence, 1);
  ELSIF nSequence > r.sequence THEN
    PERFORM SetReportTreeSequence(pId, nSequence, -1);
  END IF;

  SELECT class INTO uClass FROM db.object WHERE id = pId;
  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportTree (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT GetReference(pCode, 'report_tree');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report form
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateReportForm (
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDefinition   text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uReference    uuid;
  uClass        uuid;
BEGIN
  uClass := ReportCheckType(pType, 'report_form');

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.report_form (id, reference, definition)
  VALUES (uReference, uReference, pDefinition);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReportForm (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDefinition   text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM ReportCheckType(pType, 'report_form');
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.report_form
     SET definition = coalesce(pDefinition, definition)
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;
  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportForm (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT GetReference(pCode, 'report_form');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportFormDefinition (
  pId       uuid
) RETURNS   text
AS $$
  SELECT definition FROM db.report_form WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The function name comes from a table row: quoted and checked, never spliced raw.
CREATE OR REPLACE FUNCTION BuildReportForm (
  pForm     uuid,
  pParams   json
) RETURNS   SETOF json
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.report_form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('report form', 'id', pForm);
  END IF;

  RETURN QUERY EXECUTE format('SELECT %s($1, $2)', ReportFunction(GetReportFormDefinition(pForm), 'uuid, json'))
    USING pForm, pParams;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateReport (
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
DECLARE
  uReference    uuid;
  uClass        uuid;
BEGIN
  uClass := ReportCheckType(pType, 'report');

  IF pTree IS NULL OR NOT EXISTS (SELECT FROM db.report_tree WHERE id = pTree) THEN
    PERFORM ObjectNotFound('report tree', 'tree', pTree);
  END IF;

  IF CheckNull(pForm) IS NOT NULL AND NOT EXISTS (SELECT FROM db.report_form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('report form', 'form', pForm);
  END IF;

  IF CheckNull(pBinding) IS NOT NULL AND NOT EXISTS (SELECT FROM db.class_tree WHERE id = pBinding) THEN
    PERFORM ObjectNotFound('class', 'binding', pBinding);
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.report (id, reference, tree, form, binding, info)
  VALUES (uReference, uReference, pTree, CheckNull(pForm), CheckNull(pBinding), pInfo);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- NULL keeps a value; the null uuid clears form/binding and '{}' clears info.
CREATE OR REPLACE FUNCTION EditReport (
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
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM ReportCheckType(pType, 'report');
  END IF;

  IF pTree IS NOT NULL AND NOT EXISTS (SELECT FROM db.report_tree WHERE id = pTree) THEN
    PERFORM ObjectNotFound('report tree', 'tree', pTree);
  END IF;

  IF CheckNull(pForm) IS NOT NULL AND NOT EXISTS (SELECT FROM db.report_form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('report form', 'form', pForm);
  END IF;

  IF CheckNull(pBinding) IS NOT NULL AND NOT EXISTS (SELECT FROM db.class_tree WHERE id = pBinding) THEN
    PERFORM ObjectNotFound('class', 'binding', pBinding);
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.report
     SET tree = coalesce(pTree, tree),
         form = CASE WHEN pForm IS NULL THEN form ELSE CheckNull(pForm) END,
         binding = CASE WHEN pBinding IS NULL THEN binding ELSE CheckNull(pBinding) END,
         info = CASE WHEN pInfo IS NULL THEN info ELSE CheckNull(pInfo) END
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;
  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReport (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT GetReference(pCode, 'report');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Form rfc_<code>, the report, and routine rpc_<code>: the naming convention
-- that lets a configuration register a report in one call.
CREATE OR REPLACE FUNCTION InitReport (
  pParent       uuid,
  pType         uuid,
  pTree         uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uForm         uuid;
  uReport       uuid;
BEGIN
  uForm := CreateReportForm(pParent, GetType('json.report_form'), 'rfc_' || pCode, pName, 'rfc_' || pCode, pDescription);
  uReport := CreateReport(pParent, pType, pTree, uForm, null, pCode, pName, pDescription);
  PERFORM CreateReportRoutine(pParent, GetType('plpgsql.report_routine'), uReport, 'rpc_' || pCode, pName, 'rpc_' || pCode, pDescription);
  RETURN uReport;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InitObjectReport (
  pParent       uuid,
  pTree         uuid,
  pForm         uuid,
  pBinding      uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uReport       uuid;
BEGIN
  uReport := CreateReport(pParent, GetType('object.report'), pTree, pForm, pBinding, pCode, pName, pDescription);
  PERFORM CreateReportRoutine(pParent, GetType('plpgsql.report_routine'), uReport, 'rpc_' || pCode, pName, 'rpc_' || pCode, pDescription);
  RETURN uReport;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Report routine
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION SetReportRoutineSequence (
  pId         uuid,
  pSequence   integer,
  pDelta      integer
) RETURNS     void
AS $$
DECLARE
  uReport     uuid;
  uSibling    uuid;
BEGIN
  IF pDelta <> 0 THEN
    SELECT report INTO uReport FROM db.report_routine WHERE id = pId;
    SELECT id INTO uSibling
      FROM db.report_routine
     WHERE report = uReport AND sequence = pSequence AND id <> pId
     LIMIT 1;
    IF FOUND THEN
      PERFORM SetReportRoutineSequence(uSibling, pSequence + pDelta, pDelta);
    END IF;
  END IF;

  UPDATE db.report_routine SET sequence = pSequence WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SortReportRoutine (
  pReport     uuid
) RETURNS     void
AS $$
  UPDATE db.report_routine r
     SET sequence = s.n
    FROM (SELECT id, row_number() OVER (ORDER BY sequence, id)::integer AS n
            FROM db.report_routine
           WHERE report = pReport) AS s
   WHERE r.id = s.id AND r.sequence <> s.n;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream passes the report id to the shift routine, so nothing shifts; here
-- an explicit sequence pushes the colliding routines down by one as intended.
CREATE OR REPLACE FUNCTION CreateReportRoutine (
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
DECLARE
  uReference    uuid;
  uClass        uuid;
  uSibling      uuid;
  nSequence     integer := nullif(pSequence, 0);
BEGIN
  uClass := ReportCheckType(pType, 'report_routine');

  IF pReport IS NULL OR NOT EXISTS (SELECT FROM db.report WHERE id = pReport) THEN
    PERFORM ObjectNotFound('report', 'report', pReport);
  END IF;

  IF coalesce(pDefinition, '') = '' THEN
    PERFORM JsonKeyNotFound('/report/routine/set', 'definition');
  END IF;

  IF EXISTS (SELECT FROM db.report_routine WHERE report = pReport AND definition = pDefinition) THEN
    PERFORM RecordExists(pDefinition);
  END IF;

  IF nSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO nSequence FROM db.report_routine WHERE report = pReport;
  ELSE
    SELECT id INTO uSibling FROM db.report_routine WHERE report = pReport AND sequence = nSequence LIMIT 1;
    IF FOUND THEN
      PERFORM SetReportRoutineSequence(uSibling, nSequence + 1, 1);
    END IF;
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.report_routine (id, reference, report, definition, sequence)
  VALUES (uReference, uReference, pReport, pDefinition, nSequence);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReportRoutine (
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
DECLARE
  r             db.report_routine%rowtype;
  uClass        uuid;
  nSequence     integer;
BEGIN
  SELECT * INTO r FROM db.report_routine WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM ObjectNotFound('report routine', 'id', pId);
  END IF;

  IF pType IS NOT NULL THEN
    PERFORM ReportCheckType(pType, 'report_routine');
  END IF;

  IF pReport IS NOT NULL AND NOT EXISTS (SELECT FROM db.report WHERE id = pReport) THEN
    PERFORM ObjectNotFound('report', 'report', pReport);
  END IF;

  IF EXISTS (SELECT FROM db.report_routine
              WHERE report = coalesce(pReport, r.report) AND definition = coalesce(nullif(pDefinition, ''), r.definition) AND id <> pId) THEN
    PERFORM RecordExists(coalesce(nullif(pDefinition, ''), r.definition));
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.report_routine
     SET report = coalesce(pReport, report),
         definition = coalesce(nullif(pDefinition, ''), definition)
   WHERE id = pId;

  nSequence := nullif(pSequence, 0);

  IF coalesce(pReport, r.report) <> r.report THEN
    PERFORM SortReportRoutine(r.report);
    IF nSequence IS NULL THEN
      SELECT coalesce(max(sequence), 0) + 1 INTO nSequence FROM db.report_routine WHERE report = pReport AND id <> pId;
      UPDATE db.report_routine SET sequence = nSequence WHERE id = pId;
    ELSE
      PERFORM SetReportRoutineSequence(pId, nSequence, 1);
    END IF;
  ELSIF nSequence < r.sequence THEN
    PERFORM SetReportRoutineSequence(pId, nSequence, 1);
  ELSIF nSequence > r.sequence THEN
    PERFORM SetReportRoutineSequence(pId, nSequence, -1);
  END IF;

  SELECT class INTO uClass FROM db.object WHERE id = pId;
  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportRoutine (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT GetReference(pCode, 'report_routine');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportRoutineDefinition (
  pId       uuid
) RETURNS   text
AS $$
  SELECT definition FROM db.report_routine WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Ready report
--------------------------------------------------------------------------------

-- The create event executes the document at once (→ progress → NOTIFY report).
CREATE OR REPLACE FUNCTION CreateReportReady (
  pParent       uuid,
  pType         uuid,
  pReport       uuid DEFAULT null,
  pForm         jsonb DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uDocument     uuid;
  uClass        uuid;
BEGIN
  uClass := ReportCheckType(pType, 'report_ready');

  IF pReport IS NULL OR NOT EXISTS (SELECT FROM db.report WHERE id = pReport) THEN
    PERFORM ObjectNotFound('report', 'id', pReport);
  END IF;

  uDocument := CreateDocument(pParent, pType, pLabel, pDescription);

  INSERT INTO db.report_ready (id, document, report, form, traceparent)
  VALUES (uDocument, uDocument, pReport, pForm, ReportTraceContext());

  PERFORM ExecuteMethod(uDocument, GetMethod(uClass, GetAction('create')));

  RETURN uDocument;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReportReady (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pReport       uuid DEFAULT null,
  pForm         text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM ReportCheckType(pType, 'report_ready');
  END IF;

  IF pReport IS NOT NULL AND NOT EXISTS (SELECT FROM db.report WHERE id = pReport) THEN
    PERFORM ObjectNotFound('report', 'report', pReport);
  END IF;

  PERFORM EditDocument(pId, pParent, pType, pLabel, pDescription, null, current_locale());

  UPDATE db.report_ready
     SET report = coalesce(pReport, report),
         form = coalesce(pForm::jsonb, form)
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;
  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReportReadyForm (
  pId       uuid
) RETURNS   jsonb
AS $$
  SELECT form FROM db.report_ready WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Runs every routine of the report in sequence order; state changes are the
-- routines' business (a synchronous routine completes or fails the document).
CREATE OR REPLACE FUNCTION ExecuteReportReady (
  pId       uuid
) RETURNS   void
AS $$
DECLARE
  r         record;
  jForm     jsonb;
BEGIN
  SELECT form INTO jForm FROM db.report_ready WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM ObjectNotFound('report ready', 'id', pId);
  END IF;

  FOR r IN
    SELECT t.definition
      FROM db.report_ready d
      JOIN db.report_routine t ON t.report = d.report
     WHERE d.id = pId
     ORDER BY t.sequence, t.id
  LOOP
    EXECUTE format('SELECT %s($1, $2)', ReportFunction(r.definition, 'uuid, jsonb')) USING pId, jForm;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION BuildReport (
  pReport       uuid,
  pType         uuid DEFAULT null,
  pForm         jsonb DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pReport IS NULL OR NOT EXISTS (SELECT FROM db.report WHERE id = pReport) THEN
    PERFORM ObjectNotFound('report', 'id', pReport);
  END IF;

  RETURN CreateReportReady(pReport, coalesce(pType, GetType('sync.report_ready')), pReport, pForm,
                           coalesce(pName, GetReferenceName(pReport)), coalesce(pDescription, GetReferenceDescription(pReport)));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Select lists for form functions
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetForReportDocumentJson (
  pEntity   uuid,
  pClasses  uuid[] DEFAULT null,
  pLimit    integer DEFAULT 500
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(json_build_object('value', x.id, 'label', x.label) ORDER BY x.label), '[]'::json)
    FROM (SELECT o.id, ot.label
            FROM db.document d
            JOIN db.object o ON o.id = d.id
            LEFT JOIN db.object_text ot ON ot.object = o.id AND ot.locale = current_locale()
           WHERE o.entity = pEntity
             AND (pClasses IS NULL OR o.class = ANY (pClasses))
             AND o.state_type = GetStateType('enabled')
             AND d.scope = current_scope()
           ORDER BY ot.label
           LIMIT pLimit) x;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetForReportReferenceJson (
  pEntity   uuid,
  pClasses  uuid[] DEFAULT null,
  pLimit    integer DEFAULT 500
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(json_build_object('value', x.id, 'label', x.label) ORDER BY x.label), '[]'::json)
    FROM (SELECT o.id, CASE WHEN pClasses IS NULL THEN rt.name ELSE coalesce(ot.label, rt.name) END AS label
            FROM db.reference r
            JOIN db.object o ON o.id = r.id
            LEFT JOIN db.reference_text rt ON rt.reference = r.id AND rt.locale = current_locale()
            LEFT JOIN db.object_text ot ON ot.object = o.id AND ot.locale = current_locale()
           WHERE o.entity = pEntity
             AND (pClasses IS NULL OR o.class = ANY (pClasses))
             AND o.state_type = GetStateType('enabled')
             AND r.scope = current_scope()
           ORDER BY 2
           LIMIT pLimit) x;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetForReportTypeJson (
  pEntity   uuid,
  pLimit    integer DEFAULT 500
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(json_build_object('value', x.id, 'label', x.name) ORDER BY x.name), '[]'::json)
    FROM (SELECT t.id, tt.name
            FROM db.type t
            JOIN db.class_tree c ON c.id = t.class
            LEFT JOIN db.type_text tt ON tt.type = t.id AND tt.locale = current_locale()
           WHERE c.entity = pEntity
           ORDER BY tt.name
           LIMIT pLimit) x;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetForReportStateJson (
  pClass    uuid,
  pLimit    integer DEFAULT 500
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(json_build_object('value', x.id, 'label', x.label) ORDER BY x.sequence, x.label), '[]'::json)
    FROM (SELECT s.id, st.label, s.sequence
            FROM db.state s
            LEFT JOIN db.state_text st ON st.state = s.id AND st.locale = current_locale()
           WHERE s.class = pClass
           ORDER BY s.sequence
           LIMIT pLimit) x;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- HTML helpers for routines
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ReportStyleHTML () RETURNS text
AS $$
  SELECT concat_ws(E'\n',
    '<style>',
    '  @page { size: A4 portrait; margin: 0.5in; }',
    '  body { font-family: "Helvetica Neue", Arial, sans-serif; }',
    '  .report-font-size { font-size: 0.8rem; }',
    '  .report-text { text-align: justify; }',
    '  .report-header { margin-bottom: 1rem; }',
    '  .report-li { margin-left: 1.5rem; }',
    '  table { border-collapse: collapse; width: 100%; }',
    '  .table-bordered td, .table-bordered th { border: 1px solid #dee2e6; padding: 0.25rem; }',
    '  .thead-light th { background-color: #e9ecef; }',
    '  .text-center { text-align: center; }',
    '  @media print {',
    '    .pb-after { page-break-after: always; }',
    '    .pb-inside { page-break-inside: avoid; }',
    '    p, li, td { orphans: 3; widows: 3; }',
    '  }',
    '</style>');
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION ReportHeadHTML (
  pTitle    text
) RETURNS   text
AS $$
  SELECT concat_ws(E'\n', '<head>', '<meta charset="UTF-8">',
                   '<title>' || ReportEscapeHTML(coalesce(pTitle, '')) || '</title>', ReportStyleHTML(), '</head>');
$$ LANGUAGE sql IMMUTABLE;

-- Every value a routine puts on a page goes through here: report data is user data.
CREATE OR REPLACE FUNCTION ReportEscapeHTML (
  pText     text
) RETURNS   text
AS $$
  SELECT replace(replace(replace(replace(replace(pText, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION ReportErrorHTML (
  pCode     integer,
  pMessage  text,
  pContext  text,
  pLocale   uuid DEFAULT current_locale()
) RETURNS   text
AS $$
DECLARE
  vTitle    text;
BEGIN
  vTitle := CASE (SELECT code FROM db.locale WHERE id = pLocale) WHEN 'ru' THEN 'Исключение' ELSE 'Exception' END;
  RETURN concat_ws(E'\n',
    '<!DOCTYPE html>',
    '<html lang="' || coalesce((SELECT code FROM db.locale WHERE id = pLocale), 'en') || '">',
    ReportHeadHTML(vTitle),
    '<body>',
    '<div class="report-header report-font-size">',
    format('<h3>%s (%s): %s</h3>', vTitle, coalesce(pCode::text, ''), ReportEscapeHTML(coalesce(pMessage, ''))),
    '<pre>' || ReportEscapeHTML(coalesce(pContext, '')) || '</pre>',
    '</div>',
    '</body>',
    '</html>');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Stores one output file on a ready document under /report_ready/<id>/ (§7.2).
CREATE OR REPLACE FUNCTION ReportSetFile (
  pReady    uuid,
  pName     text,
  pContent  text,
  pTitle    text,
  pMime     text
) RETURNS   uuid
AS $$
DECLARE
  bData     bytea := convert_to(pContent, 'UTF8');
BEGIN
  RETURN SetObjectFile(pReady, null, pName, null, length(bData), localtimestamp::timestamptz, bData, md5(bData), pTitle, pMime);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The routine contract's failure path (§7.3): log, fail the document, and
-- leave an error page as index.html.
CREATE OR REPLACE FUNCTION ReportRoutineFailed (
  pReady    uuid,
  pMessage  text,
  pContext  text
) RETURNS   void
AS $$
DECLARE
  nCode     integer;
  vText     text;
BEGIN
  SELECT errorCode, errorMessage INTO nCode, vText FROM WriteDiagnostics(pMessage, pContext, pReady);
  PERFORM DoAction(pReady, 'fail');
  PERFORM ReportSetFile(pReady, 'index.html', ReportErrorHTML(coalesce(nCode, -1), coalesce(vText, pMessage), pContext), 'exception', 'data:text/html;base64,');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
