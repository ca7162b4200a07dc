-- Form fields (a child table of form, not a workflow entity) and form building (18-subclasses §2).

CREATE OR REPLACE VIEW FormField
AS
  SELECT f.form, r.code AS formcode, t.name AS formname, t.description AS formdescription,
         f.key, f.type, f.label, f.format, f.value, f.data, f.mutable, f.sequence
    FROM db.form_field f INNER JOIN db.reference r ON r.id = f.form
                          LEFT JOIN db.reference_text t ON t.reference = f.form AND t.locale = current_locale();

GRANT SELECT ON FormField TO administrator;

CREATE OR REPLACE VIEW api.form_field
AS
  SELECT * FROM FormField;

GRANT SELECT ON api.form_field TO administrator;

-- Makes room for `pSequence` by pushing an occupant (and recursively its followers) by `pDelta`.
CREATE OR REPLACE FUNCTION SetFormFieldSequence (
  pForm     uuid,
  pKey      text,
  pSequence integer,
  pDelta    integer
) RETURNS   void
AS $$
DECLARE
  vKey      text;
BEGIN
  IF pDelta <> 0 THEN
    SELECT key INTO vKey FROM db.form_field WHERE form = pForm AND sequence = pSequence AND key <> pKey;
    IF FOUND THEN
      PERFORM SetFormFieldSequence(pForm, vKey, pSequence + pDelta, pDelta);
    END IF;
  END IF;

  UPDATE db.form_field SET sequence = pSequence WHERE form = pForm AND key = pKey;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateFormField (
  pForm     uuid,
  pKey      text,
  pType     text,
  pLabel    text,
  pFormat   text DEFAULT null,
  pValue    text DEFAULT null,
  pData     jsonb DEFAULT null,
  pMutable  boolean DEFAULT null,
  pSequence integer DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('form', 'id', pForm);
  END IF;

  IF NULLIF(pKey, '') IS NULL THEN
    PERFORM JsonKeyNotFound('/form/field/set', 'key');
  END IF;

  IF pType IS NULL THEN
    PERFORM JsonKeyNotFound('/form/field/set', 'type');
  END IF;

  IF pLabel IS NULL THEN
    PERFORM JsonKeyNotFound('/form/field/set', 'label');
  END IF;

  IF coalesce(pSequence, 0) <= 0 THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO pSequence FROM db.form_field WHERE form = pForm;
    INSERT INTO db.form_field (form, key, type, label, format, value, data, mutable, sequence)
    VALUES (pForm, pKey, pType, pLabel, pFormat, pValue, pData, coalesce(pMutable, false), pSequence);
  ELSE
    INSERT INTO db.form_field (form, key, type, label, format, value, data, mutable, sequence)
    VALUES (pForm, pKey, pType, pLabel, pFormat, pValue, pData, coalesce(pMutable, false), 0);
    PERFORM SetFormFieldSequence(pForm, pKey, pSequence, 1);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditFormField (
  pForm     uuid,
  pKey      text,
  pType     text DEFAULT null,
  pLabel    text DEFAULT null,
  pFormat   text DEFAULT null,
  pValue    text DEFAULT null,
  pData     jsonb DEFAULT null,
  pMutable  boolean DEFAULT null,
  pSequence integer DEFAULT null
) RETURNS   void
AS $$
DECLARE
  nOld      integer;
BEGIN
  SELECT sequence INTO nOld FROM db.form_field WHERE form = pForm AND key = pKey;

  UPDATE db.form_field
     SET type = coalesce(pType, type),
         label = coalesce(pLabel, label),
         format = CASE WHEN pFormat IS NULL THEN format ELSE NULLIF(pFormat, '') END,
         value = CASE WHEN pValue IS NULL THEN value ELSE NULLIF(pValue, '') END,
         data = CASE WHEN pData IS NULL THEN data WHEN pData = '{}'::jsonb THEN null ELSE pData END,
         mutable = coalesce(pMutable, mutable)
   WHERE form = pForm AND key = pKey;

  IF pSequence IS NOT NULL AND pSequence <> nOld THEN
    PERFORM SetFormFieldSequence(pForm, pKey, pSequence, CASE WHEN pSequence < nOld THEN 1 ELSE -1 END);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteFormEdit (
  pForm     uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM ExecuteMethod(pForm, GetMethod((SELECT class FROM db.object WHERE id = pForm), GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetFormField (
  pForm     uuid,
  pKey      text,
  pType     text DEFAULT null,
  pLabel    text DEFAULT null,
  pFormat   text DEFAULT null,
  pValue    text DEFAULT null,
  pData     jsonb DEFAULT null,
  pMutable  boolean DEFAULT null,
  pSequence integer DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF EXISTS (SELECT FROM db.form_field WHERE form = pForm AND key = pKey) THEN
    PERFORM EditFormField(pForm, pKey, pType, pLabel, pFormat, pValue, pData, pMutable, pSequence);
  ELSE
    PERFORM CreateFormField(pForm, pKey, pType, pLabel, pFormat, pValue, pData, pMutable, pSequence);
  END IF;

  PERFORM ExecuteFormEdit(pForm);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteFormField (
  pForm     uuid,
  pKey      text DEFAULT null
) RETURNS   boolean
AS $$
DECLARE
  nCount    integer;
BEGIN
  DELETE FROM db.form_field WHERE form = pForm AND (pKey IS NULL OR key = pKey);
  GET DIAGNOSTICS nCount = ROW_COUNT;

  IF nCount > 0 THEN
    PERFORM ExecuteFormEdit(pForm);
  END IF;

  RETURN nCount > 0;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetFormFieldJson (
  pForm     uuid
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(f ORDER BY f.sequence), '[]'::json) FROM FormField f WHERE f.form = pForm;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION BuildForm (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT coalesce(json_agg(json_build_object('key', key, 'type', type, 'label', label, 'format', format,
                                             'value', value, 'data', data, 'mutable', mutable) ORDER BY sequence), '[]'::json)
    FROM db.form_field
   WHERE form = pForm;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- API
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.build_form (
  pForm     uuid,
  pParams   jsonb DEFAULT null
) RETURNS   json
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM api.form WHERE id = pForm) THEN
    PERFORM NotFound();
  END IF;

  RETURN json_build_object('form', pForm, 'fields', BuildForm(pForm, pParams::json));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_form_field (
  pForm     uuid,
  pKey      text,
  pType     text DEFAULT null,
  pLabel    text DEFAULT null,
  pFormat   text DEFAULT null,
  pValue    text DEFAULT null,
  pData     jsonb DEFAULT null,
  pMutable  boolean DEFAULT null,
  pSequence integer DEFAULT null
) RETURNS   SETOF api.form_field
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('form', 'id', pForm);
  END IF;

  PERFORM SetFormField(pForm, pKey, pType, pLabel, pFormat, pValue, pData, pMutable, pSequence);
  RETURN QUERY SELECT * FROM api.form_field WHERE form = pForm AND key = pKey;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_form_field (
  pForm     uuid,
  pKey      text
) RETURNS   SETOF api.form_field
AS $$
  SELECT * FROM api.form_field WHERE form = pForm AND key = pKey;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_form_field (
  pForm     uuid,
  pKey      text DEFAULT null
) RETURNS   boolean
AS $$
  SELECT DeleteFormField(pForm, pKey);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.clear_form_field (
  pForm     uuid
) RETURNS   void
AS $$
  SELECT DeleteFormField(pForm, null);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_form_field_jsonb (
  pForm     uuid,
  pFields   jsonb
) RETURNS   SETOF api.form_field
AS $$
DECLARE
  r         record;
BEGIN
  IF NOT EXISTS (SELECT FROM db.form WHERE id = pForm) THEN
    PERFORM ObjectNotFound('form', 'id', pForm);
  END IF;

  IF jsonb_typeof(pFields) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pFields), 'null'), 'array');
  END IF;

  PERFORM CheckJsonbKeys('/form/field', ARRAY['key', 'type', 'label', 'format', 'value', 'data', 'mutable', 'sequence'], pFields);

  PERFORM api.clear_form_field(pForm);

  FOR r IN SELECT * FROM jsonb_to_recordset(pFields)
             AS x(key text, type text, label text, format text, value text, data jsonb, mutable boolean, sequence integer)
  LOOP
    PERFORM SetFormField(pForm, r.key, r.type, r.label, r.format, r.value, r.data, r.mutable, r.sequence);
  END LOOP;

  RETURN QUERY SELECT * FROM api.form_field WHERE form = pForm ORDER BY sequence;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_form_field_json (
  pForm     uuid,
  pFields   json
) RETURNS   SETOF api.form_field
AS $$
  SELECT * FROM api.set_form_field_jsonb(pForm, pFields::jsonb);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_form_field_json (
  pForm     uuid
) RETURNS   json
AS $$
  SELECT GetFormFieldJson(pForm);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_form_field (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'form_field', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(form)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_form_field (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.form_field
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'form_field', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST /form/field/* (also reached through /form/*)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.form_field (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/form/field' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['form', 'fields'], ARRAY['form'], true)
    LOOP
      IF e ? 'fields' THEN
        FOR x IN SELECT to_jsonb(t) FROM api.set_form_field_jsonb((e->>'form')::uuid, e->'fields') t
        LOOP
          RETURN NEXT x::json;
        END LOOP;
      ELSE
        RETURN NEXT api.get_form_field_json((e->>'form')::uuid);
      END IF;
    END LOOP;

  WHEN '/form/field/count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR x IN SELECT to_jsonb(c) FROM api.count_form_field(e->'search', e->'filter') AS c
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN '/form/field/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['form', 'key', 'type', 'label', 'format', 'value', 'data', 'mutable', 'sequence'],
                                       ARRAY['form', 'key'], true, true, ARRAY['key', 'type', 'label', 'format', 'value'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(form uuid, key text, type text, label text, format text, value text, data jsonb, mutable boolean, sequence integer);
      FOR x IN SELECT to_jsonb(t) FROM api.set_form_field(r.form, r.key, r.type, r.label, r.format, r.value, r.data, r.mutable, r.sequence) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/form/field/get' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['form', 'key', 'fields'], ARRAY['form', 'key'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_form_field((e->>'form')::uuid, e->>'key') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/form/field/delete' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['form', 'key'], ARRAY['form'], true, true)
    LOOP
      RETURN NEXT json_build_object('success', api.delete_form_field((e->>'form')::uuid, e->>'key'));
    END LOOP;

  WHEN '/form/field/list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_form_field(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE

    PERFORM RouteNotFound(pPath);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
