-- API functions of the kladr module (after view.sql: they return its row type).

CREATE OR REPLACE FUNCTION api.get_address_tree (
  pId           integer
) RETURNS       SETOF api.address_tree
AS $$
  SELECT * FROM api.address_tree WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_address_tree (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'address_tree', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_address_tree (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.address_tree
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'address_tree', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The node first, then its parent, and so on up to the country.
CREATE OR REPLACE FUNCTION api.get_address_tree_history (
  pId           integer
) RETURNS       SETOF api.address_tree
AS $$
  WITH RECURSIVE path AS (
    SELECT t.*, 0 AS depth FROM api.address_tree t WHERE t.id = pId
    UNION ALL
    SELECT t.*, p.depth + 1 FROM api.address_tree t INNER JOIN path p ON t.id = p.parent
  )
  SELECT id, parent, code, name, short, index, level FROM path ORDER BY depth;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_address_tree_string (
  pCode         varchar,
  pShort        integer DEFAULT 0,
  pLevel        integer DEFAULT 0
) RETURNS       text
AS $$
  SELECT GetAddressTreeString(pCode, pShort, pLevel);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
