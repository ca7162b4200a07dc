--------------------------------------------------------------------------------
-- entity module: reference and document bases — kernel routines (spec 18 §8)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewReferenceText (
  pReference    uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
BEGIN
  INSERT INTO db.reference_text (reference, locale, name, description)
  VALUES (pReference, pLocale, nullif(pName, ''), nullif(pDescription, ''))
  ON CONFLICT (reference, locale) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReferenceText (
  pReference    uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
BEGIN
  UPDATE db.reference_text
     SET name = CASE WHEN pName IS NULL THEN name ELSE nullif(pName, '') END,
         description = CASE WHEN pDescription IS NULL THEN description ELSE nullif(pDescription, '') END
   WHERE reference = pReference AND locale = pLocale;

  IF NOT FOUND THEN
    PERFORM NewReferenceText(pReference, pName, pDescription, pLocale);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateReference (
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uObject       uuid;
BEGIN
  uObject := CreateObject(pParent, pType, pName, pDescription, pLocale);

  INSERT INTO db.reference (id, object, scope, code)
  VALUES (uObject, uObject, current_scope(), pCode);

  IF pLocale IS NULL THEN
    INSERT INTO db.reference_text (reference, locale, name, description)
    SELECT uObject, l.id, nullif(pName, ''), nullif(pDescription, '') FROM db.locale l;
  ELSE
    PERFORM NewReferenceText(uObject, pName, pDescription, pLocale);
  END IF;

  RETURN uObject;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditReference (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
DECLARE
  r             record;
BEGIN
  PERFORM EditObject(pId, pParent, pType, pName, pDescription, pLocale);

  UPDATE db.reference
     SET type = coalesce(pType, type),
         code = coalesce(nullif(pCode, ''), code)
   WHERE id = pId;

  IF pName IS NOT NULL OR pDescription IS NOT NULL THEN
    IF pLocale IS NULL THEN
      FOR r IN SELECT id FROM db.locale
      LOOP
        PERFORM EditReferenceText(pId, pName, pDescription, r.id);
      END LOOP;
    ELSE
      PERFORM EditReferenceText(pId, pName, pDescription, pLocale);
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReference (
  pEntity       uuid,
  pCode         text,
  pScope        uuid DEFAULT current_scope()
) RETURNS       uuid
AS $$
  SELECT id FROM db.reference WHERE scope = pScope AND entity = pEntity AND code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The entity defaults to what follows the first dot of the code
-- ('smtp.agent' → entity 'agent').
CREATE OR REPLACE FUNCTION GetReference (
  pCode         text,
  pEntityCode   text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT r.id
    FROM db.reference r INNER JOIN db.entity e ON e.id = r.entity
   WHERE r.scope = current_scope()
     AND r.code = pCode
     AND e.code = coalesce(pEntityCode, nullif(substr(pCode, strpos(pCode, '.') + 1), pCode));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReferenceCode (pId uuid) RETURNS text
AS $$ SELECT code FROM db.reference WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReferenceName (pId uuid, pLocale uuid DEFAULT current_locale()) RETURNS text
AS $$ SELECT name FROM db.reference_text WHERE reference = pId AND locale = pLocale; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReferenceDescription (pId uuid, pLocale uuid DEFAULT current_locale()) RETURNS text
AS $$ SELECT description FROM db.reference_text WHERE reference = pId AND locale = pLocale; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Document
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewDocumentText (
  pDocument     uuid,
  pDescription  text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
BEGIN
  INSERT INTO db.document_text (document, locale, description)
  VALUES (pDocument, pLocale, nullif(pDescription, ''))
  ON CONFLICT (document, locale) DO UPDATE SET description = EXCLUDED.description;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditDocumentText (
  pDocument     uuid,
  pDescription  text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
BEGIN
  IF pDescription IS NULL THEN
    RETURN;
  END IF;

  UPDATE db.document_text SET description = nullif(pDescription, '')
   WHERE document = pDocument AND locale = pLocale;

  IF NOT FOUND THEN
    PERFORM NewDocumentText(pDocument, pDescription, pLocale);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateDocument (
  pParent       uuid,
  pType         uuid,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pText         text DEFAULT null,
  pLocale       uuid DEFAULT null,
  pPriority     uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uObject       uuid;
BEGIN
  uObject := CreateObject(pParent, pType, pLabel, coalesce(pText, pDescription), pLocale);

  INSERT INTO db.document (id, object, priority, area)
  VALUES (uObject, uObject, pPriority, current_area());

  IF pLocale IS NULL THEN
    INSERT INTO db.document_text (document, locale, description)
    SELECT uObject, l.id, nullif(pDescription, '') FROM db.locale l;
  ELSE
    PERFORM NewDocumentText(uObject, pDescription, pLocale);
  END IF;

  RETURN uObject;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditDocument (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pText         text DEFAULT null,
  pLocale       uuid DEFAULT null,
  pPriority     uuid DEFAULT null
) RETURNS       void
AS $$
DECLARE
  r             record;
BEGIN
  PERFORM EditObject(pId, pParent, pType, pLabel, pText, pLocale);

  UPDATE db.document
     SET type = coalesce(pType, type),
         priority = coalesce(pPriority, priority)
   WHERE id = pId;

  IF pDescription IS NOT NULL THEN
    IF pLocale IS NULL THEN
      FOR r IN SELECT id FROM db.locale
      LOOP
        PERFORM EditDocumentText(pId, pDescription, r.id);
      END LOOP;
    ELSE
      PERFORM EditDocumentText(pId, pDescription, pLocale);
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDocumentDescription (pId uuid, pLocale uuid DEFAULT current_locale()) RETURNS text
AS $$ SELECT description FROM db.document_text WHERE document = pId AND locale = pLocale; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDocumentArea (pId uuid) RETURNS uuid
AS $$ SELECT area FROM db.document WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ChangeDocumentArea (
  pId           uuid,
  pArea         uuid
) RETURNS       void
AS $$
DECLARE
  r             record;
  uMethod       uuid;
BEGIN
  FOR r IN
    WITH RECURSIVE tree(id) AS (
      SELECT pId
      UNION
      SELECT o.id FROM db.object o INNER JOIN tree t ON o.parent = t.id
    )
    SELECT d.id, d.class, d.area FROM db.document d INNER JOIN tree t ON t.id = d.id
  LOOP
    IF r.area IS DISTINCT FROM pArea THEN
      UPDATE db.document SET area = pArea WHERE id = r.id;

      uMethod := GetMethod(r.class, GetAction('save'));
      IF uMethod IS NOT NULL THEN
        PERFORM ExecuteMethod(r.id, uMethod, jsonb_build_object('old', jsonb_build_object('area', r.area), 'new', jsonb_build_object('area', pArea)));
      END IF;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AccessDocumentUser (
  pUserId       uuid DEFAULT current_userid()
) RETURNS       TABLE (object uuid)
AS $$
  SELECT a.object
    FROM db.aou a INNER JOIN db.document d ON d.id = a.object
   WHERE a.userid = ANY (AccessPrincipals(pUserId))
   GROUP BY a.object
  HAVING bit_or(a.allow) & ~bit_or(a.deny) & B'100' = B'100';
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
