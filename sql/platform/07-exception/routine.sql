-- Error catalog maintenance and lookup.

CREATE OR REPLACE FUNCTION kernel.CheckErrorCode (pCode text)
RETURNS void
AS $$
BEGIN
  IF pCode IS NULL OR pCode !~ '^ERR-[0-9]{3}-[0-9]{3}$' THEN
    PERFORM IncorrectCode(coalesce(pCode, '<null>'), ARRAY['ERR-GGG-CCC']);
  END IF;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.CheckErrorSeverity (pSeverity text)
RETURNS void
AS $$
BEGIN
  IF pSeverity IS NULL OR pSeverity NOT IN ('E', 'W') THEN
    PERFORM IncorrectCode(coalesce(pSeverity, '<null>'), ARRAY['E', 'W']);
  END IF;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.CreateErrorCatalog (
  pCode       text,
  pHttpCode   int,
  pSeverity   char DEFAULT 'E',
  pCategory   text DEFAULT 'validation'
) RETURNS     uuid
AS $$
DECLARE
  uId         uuid;
BEGIN
  PERFORM CheckErrorCode(pCode);
  PERFORM CheckErrorSeverity(coalesce(pSeverity, 'E'));

  IF EXISTS (SELECT FROM db.error_catalog WHERE code = pCode) THEN
    PERFORM RecordExists(pCode);
  END IF;

  INSERT INTO db.error_catalog (code, http_code, severity, category)
  VALUES (pCode, coalesce(pHttpCode, substr(pCode, 5, 3)::int), coalesce(pSeverity, 'E'), coalesce(pCategory, 'validation'))
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.EditErrorCatalog (
  pId         uuid,
  pCode       text DEFAULT null,
  pHttpCode   int DEFAULT null,
  pSeverity   char DEFAULT null,
  pCategory   text DEFAULT null
) RETURNS     void
AS $$
BEGIN
  IF pCode IS NOT NULL THEN
    PERFORM CheckErrorCode(pCode);
    IF EXISTS (SELECT FROM db.error_catalog WHERE code = pCode AND id <> pId) THEN
      PERFORM RecordExists(pCode);
    END IF;
  END IF;
  IF pSeverity IS NOT NULL THEN
    PERFORM CheckErrorSeverity(pSeverity);
  END IF;

  UPDATE db.error_catalog
     SET code = coalesce(pCode, code),
         http_code = coalesce(pHttpCode, http_code),
         severity = coalesce(pSeverity, severity),
         category = coalesce(pCategory, category)
   WHERE id = pId;

  IF NOT FOUND THEN
    PERFORM ObjectNotFound('error', 'id', pId);
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetErrorCatalog (pCode text)
RETURNS uuid
AS $$
  SELECT id FROM db.error_catalog WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DeleteErrorCatalog (pId uuid)
RETURNS void
AS $$
BEGIN
  DELETE FROM db.error_catalog WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SetErrorCatalogText (
  pErrorId      uuid,
  pLocale       uuid,
  pMessage      text,
  pDescription  text DEFAULT null,
  pResolution   text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  INSERT INTO db.error_catalog_text (error_id, locale, message, description, resolution)
  VALUES (pErrorId, pLocale, pMessage, pDescription, pResolution)
  ON CONFLICT (error_id, locale) DO UPDATE
     SET message = EXCLUDED.message,
         description = EXCLUDED.description,
         resolution = EXCLUDED.resolution;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- One index probe per locale candidate: this runs for every raised error.
CREATE OR REPLACE FUNCTION kernel.GetErrorCatalogMessage (
  pCode     text,
  pLocale   uuid DEFAULT null
) RETURNS   text
AS $$
  SELECT t.message
    FROM db.error_catalog e
    JOIN db.error_catalog_text t ON t.error_id = e.id
   WHERE e.code = pCode
     AND t.locale IN (coalesce(pLocale, kernel.current_locale()), '00000000-0000-4001-a000-000000000001'::uuid)
   ORDER BY (t.locale = coalesce(pLocale, kernel.current_locale())) DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Existing http code, severity and category are kept: the first registration wins.
CREATE OR REPLACE FUNCTION kernel.RegisterError (
  pCode         text,
  pHttpCode     int,
  pSeverity     char,
  pCategory     text,
  pLocaleCode   text,
  pMessage      text,
  pDescription  text DEFAULT null,
  pResolution   text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
  uLocale       uuid;
BEGIN
  uId := GetErrorCatalog(pCode);
  IF uId IS NULL THEN
    uId := CreateErrorCatalog(pCode, pHttpCode, coalesce(pSeverity, 'E'), coalesce(pCategory, 'validation'));
  END IF;

  uLocale := GetLocale(pLocaleCode);
  IF uLocale IS NOT NULL AND pMessage IS NOT NULL THEN
    PERFORM SetErrorCatalogText(uId, uLocale, pMessage, pDescription, pResolution);
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
