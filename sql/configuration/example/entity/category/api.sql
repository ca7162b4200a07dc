-- Category api.* layer: the view joins ObjectCategory with AccessCategory.

--------------------------------------------------------------------------------
-- api.category
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.category
AS
  SELECT o.* FROM ObjectCategory o INNER JOIN AccessCategory a ON a.object = o.id;

GRANT SELECT ON api.category TO administrator;

CREATE OR REPLACE FUNCTION api.add_category (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateCategory(pParent, coalesce(pType, GetType('service.category')), pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_category (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.category WHERE id = pId) THEN
    PERFORM ObjectNotFound('category', 'id', pId);
  END IF;

  PERFORM EditCategory(pId, pParent, pType, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_category (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.category
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetCategory(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_category(pParent, pType, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_category(uId, pParent, pType, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.category WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_category (
  pId       uuid
) RETURNS   SETOF api.category
AS $$
  SELECT * FROM api.category WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_category (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectCategory', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_category (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.category
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectCategory', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_category_id (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  IF IsUuidText(pCode) THEN
    RETURN pCode::uuid;
  END IF;

  RETURN GetCategory(pCode);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

