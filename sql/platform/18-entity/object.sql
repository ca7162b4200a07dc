--------------------------------------------------------------------------------
-- entity module: object core (spec 18 §2.3)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewObjectText (
  pObject     uuid,
  pLabel      text,
  pText       text,
  pLocale     uuid DEFAULT current_locale()
) RETURNS     void
AS $$
BEGIN
  INSERT INTO db.object_text (object, locale, label, text)
  VALUES (pObject, pLocale, nullif(pLabel, ''), nullif(pText, ''))
  ON CONFLICT (object, locale) DO UPDATE SET label = EXCLUDED.label, text = EXCLUDED.text;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- NULL keeps a field, '' clears it.
CREATE OR REPLACE FUNCTION EditObjectText (
  pObject     uuid,
  pLabel      text,
  pText       text,
  pLocale     uuid DEFAULT current_locale()
) RETURNS     void
AS $$
BEGIN
  UPDATE db.object_text
     SET label = CASE WHEN pLabel IS NULL THEN label ELSE nullif(pLabel, '') END,
         text = CASE WHEN pText IS NULL THEN text ELSE nullif(pText, '') END
   WHERE object = pObject AND locale = pLocale;

  IF NOT FOUND THEN
    PERFORM NewObjectText(pObject, pLabel, pText, pLocale);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateObject (
  pParent     uuid,
  pType       uuid,
  pLabel      text DEFAULT null,
  pText       text DEFAULT null,
  pLocale     uuid DEFAULT null
) RETURNS     uuid
AS $$
DECLARE
  uId         uuid := GetVar('object', 'id')::uuid;
BEGIN
  INSERT INTO db.object (id, parent, type)
  VALUES (uId, pParent, pType)
  RETURNING id INTO uId;

  IF pLocale IS NULL THEN
    INSERT INTO db.object_text (object, locale, label, text)
    SELECT uId, l.id, nullif(pLabel, ''), nullif(pText, '') FROM db.locale l;
  ELSE
    PERFORM NewObjectText(uId, pLabel, pText, pLocale);
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditObject (
  pId         uuid,
  pParent     uuid DEFAULT null,
  pType       uuid DEFAULT null,
  pLabel      text DEFAULT null,
  pText       text DEFAULT null,
  pLocale     uuid DEFAULT null
) RETURNS     void
AS $$
DECLARE
  r           record;
BEGIN
  UPDATE db.object
     SET type = coalesce(pType, type),
         parent = CASE WHEN pParent IS NULL THEN parent WHEN pParent = null_uuid() THEN null ELSE pParent END
   WHERE id = pId;

  IF pLabel IS NOT NULL OR pText IS NOT NULL THEN
    IF pLocale IS NULL THEN
      FOR r IN SELECT id FROM db.locale
      LOOP
        PERFORM EditObjectText(pId, pLabel, pText, r.id);
      END LOOP;
    ELSE
      PERFORM EditObjectText(pId, pLabel, pText, pLocale);
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetObjectParent (
  pObject     uuid,
  pParent     uuid
) RETURNS     void
AS $$
BEGIN
  UPDATE db.object SET parent = pParent WHERE id = pObject;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetObjectOwner (
  pId         uuid,
  pOwner      uuid
) RETURNS     void
AS $$
BEGIN
  UPDATE db.object SET owner = pOwner WHERE id = pId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetObjectLabel (
  pObject     uuid,
  pLabel      text,
  pLocale     uuid DEFAULT current_locale()
) RETURNS     void
AS $$
DECLARE
  r           record;
BEGIN
  IF pLocale IS NULL THEN
    FOR r IN SELECT id FROM db.locale
    LOOP
      PERFORM EditObjectText(pObject, coalesce(pLabel, ''), null, r.id);
    END LOOP;
  ELSE
    PERFORM EditObjectText(pObject, coalesce(pLabel, ''), null, pLocale);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectEntity (pObject uuid) RETURNS uuid
AS $$ SELECT entity FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectParent (pObject uuid) RETURNS uuid
AS $$ SELECT parent FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectClass (pObject uuid) RETURNS uuid
AS $$ SELECT class FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectType (pObject uuid) RETURNS uuid
AS $$ SELECT type FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectTypeCode (pObject uuid) RETURNS text
AS $$ SELECT t.code FROM db.object o INNER JOIN db.type t ON t.id = o.type WHERE o.id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectState (pObject uuid) RETURNS uuid
AS $$ SELECT state FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectStateCode (pObject uuid) RETURNS text
AS $$ SELECT s.code FROM db.object o INNER JOIN db.state s ON s.id = o.state WHERE o.id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectStateType (pObject uuid) RETURNS uuid
AS $$ SELECT state_type FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectStateTypeCode (pObject uuid) RETURNS text
AS $$ SELECT s.code FROM db.object o INNER JOIN db.state_type s ON s.id = o.state_type WHERE o.id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectOwner (pObject uuid) RETURNS uuid
AS $$ SELECT owner FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectOper (pObject uuid) RETURNS uuid
AS $$ SELECT oper FROM db.object WHERE id = pObject; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectLabel (
  pObject     uuid,
  pLocale     uuid DEFAULT current_locale()
) RETURNS     text
AS $$
  SELECT label FROM db.object_text WHERE object = pObject AND locale = pLocale;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Value of a uuid payload key, with a 400 instead of a cast error.
CREATE OR REPLACE FUNCTION JsonUUID (
  pJson       jsonb,
  pKey        text
) RETURNS     uuid
AS $$
DECLARE
  v           text := pJson->>pKey;
BEGIN
  IF v IS NULL OR v = '' THEN
    RETURN null;
  END IF;
  IF jsonb_typeof(pJson->pKey) <> 'string' OR v !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN
    PERFORM IncorrectJsonType(pKey || ': ' || left(v, 64), 'uuid');
  END IF;
  RETURN v::uuid;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JsonInt (
  pJson       jsonb,
  pKey        text
) RETURNS     integer
AS $$
DECLARE
  v           text := pJson->>pKey;
BEGIN
  IF v IS NULL OR v = '' THEN
    RETURN null;
  END IF;
  IF jsonb_typeof(pJson->pKey) NOT IN ('number', 'string') OR v !~ '^-?[0-9]{1,9}$' THEN
    PERFORM IncorrectJsonType(pKey || ': ' || left(v, 64), 'integer');
  END IF;
  RETURN v::integer;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JsonText (
  pJson       jsonb,
  pKey        text
) RETURNS     text
AS $$
BEGIN
  IF jsonb_typeof(pJson->pKey) IN ('object', 'array') THEN
    PERFORM IncorrectJsonType(pKey || ': ' || jsonb_typeof(pJson->pKey), 'string');
  END IF;
  RETURN pJson->>pKey;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JsonTimestamp (
  pJson       jsonb,
  pKey        text
) RETURNS     timestamptz
AS $$
DECLARE
  v           text := JsonText(pJson, pKey);
BEGIN
  IF v IS NULL OR v = '' THEN
    RETURN null;
  END IF;
  BEGIN
    RETURN v::timestamptz;
  EXCEPTION WHEN others THEN
    PERFORM IncorrectJsonType(pKey || ': ' || left(v, 64), 'timestamp');
  END;
  RETURN null;
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JsonNumeric (
  pJson       jsonb,
  pKey        text
) RETURNS     numeric
AS $$
DECLARE
  v           text := pJson->>pKey;
BEGIN
  IF v IS NULL OR v = '' THEN
    RETURN null;
  END IF;
  IF jsonb_typeof(pJson->pKey) NOT IN ('number', 'string') OR v !~ '^\s*-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$' THEN
    PERFORM IncorrectJsonType(pKey || ': ' || left(v, 64), 'numeric');
  END IF;
  RETURN v::numeric;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JsonBool (
  pJson       jsonb,
  pKey        text
) RETURNS     boolean
AS $$
DECLARE
  v           text := lower(pJson->>pKey);
BEGIN
  IF v IS NULL OR v = '' THEN
    RETURN null;
  END IF;
  IF v NOT IN ('true', 'false', 't', 'f', '1', '0', 'yes', 'no') THEN
    PERFORM IncorrectJsonType(pKey || ': ' || left(v, 64), 'boolean');
  END IF;
  RETURN v::boolean;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;
