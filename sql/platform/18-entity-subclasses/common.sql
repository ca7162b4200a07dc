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

-- api.get_<entity>_id: an id is taken as given (even one that does not exist),
-- anything else is looked up as a reference code of entity pEntity.
CREATE OR REPLACE FUNCTION ReferenceIdOrCode (
  pValue    text,
  pEntity   text
) RETURNS   uuid
AS $$
BEGIN
  IF IsUuidText(pValue) THEN
    RETURN pValue::uuid;
  END IF;

  RETURN GetReference(pValue, pEntity);
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

-- The lifecycle every reference subclass shares, in registration order (n): the
-- past tense of event labels and log lines, whether the parent's handlers run
-- before the subclass's own (while the object lives) or after them (while it goes
-- away, so the subclass cleans up first), and the subclass's event log entry.
CREATE OR REPLACE FUNCTION ReferenceSubclassActions ()
RETURNS TABLE (n integer, action text, done text, parent_first boolean, log_type char, log_code integer, log_scope text)
AS $$
  VALUES (1, 'create',  'created',  true,  'M'::char, 1001, 'lifecycle'),
         (2, 'open',    'opened',   true,  'M'::char, 1002, 'lifecycle'),
         (3, 'edit',    'changed',  true,  'M'::char, 1003, 'lifecycle'),
         (4, 'save',    'saved',    true,  'M'::char, 1004, 'lifecycle'),
         (5, 'enable',  'enabled',  true,  'M'::char, 2001, 'workflow'),
         (6, 'disable', 'disabled', true,  'M'::char, 2002, 'workflow'),
         (7, 'delete',  'deleted',  false, 'M'::char, 2003, 'workflow'),
         (8, 'restore', 'restored', false, 'M'::char, 2004, 'workflow'),
         (9, 'drop',    'dropped',  false, 'W'::char, 2005, 'workflow');
$$ LANGUAGE sql IMMUTABLE;

-- The class of pType, which must be a class of entity pEntity: Create/Edit of a
-- subclass refuse a type of another entity with IncorrectClassType.
CREATE OR REPLACE FUNCTION SubclassOfType (
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

-- Runs the class-level method of pAction (not the one of the object's current
-- state), which is what an edit of a subclass triggers.
CREATE OR REPLACE FUNCTION ExecuteClassAction (
  pObject   uuid,
  pAction   text,
  pParams   jsonb DEFAULT null
) RETURNS   void
AS $$
DECLARE
  uClass    uuid;
BEGIN
  SELECT class INTO uClass FROM db.object WHERE id = pObject;

  PERFORM ExecuteMethod(pObject, GetMethod(uClass, GetAction(pAction)), pParams);
END;
$$ LANGUAGE plpgsql
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
