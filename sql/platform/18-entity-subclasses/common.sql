-- Helpers shared by the dispatchers of this module.

CREATE OR REPLACE FUNCTION IsUuidText (
  pValue    text
) RETURNS   boolean
AS $$
  SELECT pValue ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
$$ LANGUAGE sql IMMUTABLE;

-- A REST `type` key may carry a type id or a type code ("email" or "email.agent").
CREATE OR REPLACE FUNCTION SubclassType (
  pType     text,
  pEntity   text
) RETURNS   uuid
AS $$
BEGIN
  IF pType IS NULL OR pType = '' THEN
    RETURN null;
  END IF;

  IF IsUuidText(pType) THEN
    IF NOT EXISTS (SELECT FROM db.type WHERE id = pType::uuid) THEN
      PERFORM ObjectNotFound('type', 'id', pType::uuid);
    END IF;
    RETURN pType::uuid;
  END IF;

  RETURN CodeToType(lower(pType), pEntity);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Resolves a reference given by id or by code; an unknown one is a 400, not a NULL
-- that would later break a NOT NULL column.
CREATE OR REPLACE FUNCTION SubclassReference (
  pValue    text,
  pEntity   text
) RETURNS   uuid
AS $$
DECLARE
  uId       uuid;
BEGIN
  IF pValue IS NULL OR pValue = '' THEN
    RETURN null;
  END IF;

  IF IsUuidText(pValue) THEN
    uId := pValue::uuid;
    IF NOT EXISTS (SELECT FROM db.reference WHERE id = uId AND entity = (SELECT id FROM db.entity WHERE code = pEntity)) THEN
      PERFORM ObjectNotFound(pEntity, 'id', uId);
    END IF;
    RETURN uId;
  END IF;

  uId := GetReference(pValue, pEntity);
  IF uId IS NULL THEN
    PERFORM ObjectNotFound(pEntity, 'code', pValue);
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SubclassVendor (
  pValue    text
) RETURNS   uuid
AS $$
  SELECT SubclassReference(pValue, 'vendor');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- /<e>/method: a single body answers the method rows, a batch answers {id, methods} per element.
CREATE OR REPLACE FUNCTION SubclassMethods (
  pPath     text,
  pPayload  jsonb
) RETURNS   SETOF json
AS $$
DECLARE
  e         jsonb;
  x         jsonb;
BEGIN
  IF jsonb_typeof(pPayload) = 'array' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true)
    LOOP
      RETURN NEXT json_build_object('id', e->'id', 'methods',
        (SELECT coalesce(jsonb_agg(to_jsonb(m)), '[]'::jsonb) FROM api.get_object_methods((e->>'id')::uuid) m));
    END LOOP;
  ELSE
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'])
    LOOP
      FOR x IN SELECT to_jsonb(m) FROM api.get_object_methods((e->>'id')::uuid) m
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Named errors of this module (registered by catalog.sql).
CREATE OR REPLACE FUNCTION JobExists (pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 54), pCode); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EmailAddressNotSet () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 55)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EmailAddressNotVerified (pEmail text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 56), pEmail); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION PhoneNumberNotSet () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 57)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION PhoneNumberNotVerified (pPhone text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 58), pPhone); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;
