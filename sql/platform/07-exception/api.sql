-- API of the error catalog (after view.sql: functions return its row type).

CREATE OR REPLACE FUNCTION api.add_error (
  pCode         text,
  pHttpCode     int,
  pSeverity     char DEFAULT 'E',
  pCategory     text DEFAULT 'validation',
  pMessage      text DEFAULT null,
  pDescription  text DEFAULT null,
  pResolution   text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  uId := CreateErrorCatalog(pCode, pHttpCode, coalesce(pSeverity, 'E'), coalesce(pCategory, 'validation'));
  IF pMessage IS NOT NULL THEN
    PERFORM SetErrorCatalogText(uId, current_locale(), pMessage, pDescription, pResolution);
  END IF;
  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_error (
  pId           uuid,
  pCode         text DEFAULT null,
  pHttpCode     int DEFAULT null,
  pSeverity     char DEFAULT null,
  pCategory     text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  PERFORM EditErrorCatalog(pId, pCode, pHttpCode, pSeverity, pCategory);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_error (
  pId           uuid,
  pCode         text DEFAULT null,
  pHttpCode     int DEFAULT null,
  pSeverity     char DEFAULT null,
  pCategory     text DEFAULT null,
  pMessage      text DEFAULT null,
  pDescription  text DEFAULT null,
  pResolution   text DEFAULT null
) RETURNS       SETOF api.error_catalog
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_error(pCode, pHttpCode, pSeverity, pCategory, pMessage, pDescription, pResolution);
  ELSE
    PERFORM api.update_error(pId, pCode, pHttpCode, pSeverity, pCategory);
    IF pMessage IS NOT NULL THEN
      PERFORM SetErrorCatalogText(pId, current_locale(), pMessage, pDescription, pResolution);
    END IF;
  END IF;

  RETURN QUERY SELECT * FROM api.error_catalog WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_error (pId uuid)
RETURNS SETOF api.error_catalog
AS $$
  SELECT * FROM api.error_catalog WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_error_by_code (pCode text)
RETURNS SETOF api.error_catalog
AS $$
  SELECT * FROM api.error_catalog WHERE code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_error (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'error_catalog', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_error (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.error_catalog
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'error_catalog', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
