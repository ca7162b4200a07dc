-- API functions of the resource module (after view.sql: several return its
-- row type). The locale is given by code.

CREATE OR REPLACE FUNCTION api.resource_locale (
  pLocaleCode   text
) RETURNS       uuid
AS $$
DECLARE
  uLocale       uuid;
BEGIN
  uLocale := GetLocale(coalesce(pLocaleCode, locale_code()));
  IF uLocale IS NULL THEN
    PERFORM IncorrectLocaleCode(pLocaleCode);
  END IF;
  RETURN uLocale;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.create_resource (
  pId           uuid,
  pRoot         uuid,
  pNode         uuid,
  pType         text,
  pName         text,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocaleCode   text DEFAULT locale_code()
) RETURNS       uuid
AS $$
  SELECT CreateResource(pId, pRoot, pNode, pType, pName, pDescription, pEncoding, pData, pSequence, api.resource_locale(pLocaleCode));
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_resource (
  pId           uuid,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pType         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocaleCode   text DEFAULT locale_code()
) RETURNS       void
AS $$
  SELECT UpdateResource(pId, pRoot, pNode, pType, pName, pDescription, pEncoding, pData, pSequence, api.resource_locale(pLocaleCode));
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The row comes back as seen in the session locale: empty when the content
-- was written for another locale only.
CREATE OR REPLACE FUNCTION api.set_resource (
  pId           uuid,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pType         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocaleCode   text DEFAULT locale_code()
) RETURNS       SETOF api.resource
AS $$
DECLARE
  uId           uuid;
BEGIN
  uId := SetResource(pId, pRoot, pNode, pType, pName, pDescription, pEncoding, pData, pSequence, api.resource_locale(pLocaleCode));
  RETURN QUERY SELECT * FROM api.resource WHERE id = uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_resource (
  pId           uuid
) RETURNS       SETOF api.resource
AS $$
  SELECT * FROM api.resource WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_resource (
  pId           uuid
) RETURNS       void
AS $$
  SELECT DeleteResource(pId);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_resource (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'resource', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_resource (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.resource
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'resource', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["level", "node", "sequence"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
