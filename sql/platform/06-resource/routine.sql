-- Kernel functions of the resource module. Sibling lists are the children of
-- one parent (NULL-safe: top-level nodes are siblings of each other).

CREATE OR REPLACE FUNCTION SetResourceData (
  pResource     uuid,
  pLocale       uuid,
  pName         text,
  pDescription  text,
  pEncoding     text,
  pData         text
) RETURNS       void
AS $$
  -- NULL arguments keep the stored values (see the data trigger).
  INSERT INTO db.resource_data (resource, locale, name, description, encoding, data)
  VALUES (pResource, coalesce(pLocale, current_locale()), pName, pDescription, pEncoding, pData)
  ON CONFLICT (resource, locale) DO UPDATE
     SET name = EXCLUDED.name, description = EXCLUDED.description,
         encoding = EXCLUDED.encoding, data = EXCLUDED.data;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Moves pId to pSequence; a sibling already there is first moved on by
-- pDelta (and so on down the line), so positions stay distinct.
CREATE OR REPLACE FUNCTION SetResourceSequence (
  pId           uuid,
  pSequence     integer,
  pDelta        integer
) RETURNS       void
AS $$
DECLARE
  uNode         uuid;
  uSibling      uuid;
BEGIN
  IF pDelta <> 0 THEN
    SELECT node INTO uNode FROM db.resource WHERE id = pId;
    SELECT id INTO uSibling
      FROM db.resource
     WHERE node IS NOT DISTINCT FROM uNode AND sequence = pSequence AND id <> pId
     LIMIT 1;
    IF FOUND THEN
      PERFORM SetResourceSequence(uSibling, pSequence + pDelta, pDelta);
    END IF;
  END IF;

  UPDATE db.resource SET sequence = pSequence WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SortResource (
  pNode         uuid
) RETURNS       void
AS $$
  UPDATE db.resource r
     SET sequence = s.n
    FROM (SELECT id, row_number() OVER (ORDER BY sequence, id)::integer AS n
            FROM db.resource
           WHERE node IS NOT DISTINCT FROM pNode) AS s
   WHERE r.id = s.id AND r.sequence <> s.n;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream Q1: upstream shifted with the parent's id, so colliding siblings
-- kept their place; here an explicit position pushes the siblings from that
-- position on down by one, as intended.
CREATE OR REPLACE FUNCTION CreateResource (
  pId           uuid,
  pRoot         uuid,
  pNode         uuid,
  pType         text,
  pName         text,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid := coalesce(pId, gen_kernel_uuid());
  uNode         uuid := pNode;
  uSibling      uuid;
  nLevel        integer;
  nSequence     integer := nullif(pSequence, 0);
BEGIN
  -- The insert trigger hangs a node with a foreign root and no parent under that root.
  IF uNode IS NULL AND pRoot IS NOT NULL AND pRoot <> uId THEN
    uNode := pRoot;
  END IF;

  SELECT level + 1 INTO nLevel FROM db.resource WHERE id = uNode;

  IF nSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO nSequence FROM db.resource WHERE node IS NOT DISTINCT FROM uNode;
  ELSE
    SELECT id INTO uSibling FROM db.resource WHERE node IS NOT DISTINCT FROM uNode AND sequence = nSequence LIMIT 1;
    IF FOUND THEN
      PERFORM SetResourceSequence(uSibling, nSequence + 1, 1);
    END IF;
  END IF;

  INSERT INTO db.resource (id, root, node, type, level, sequence)
  VALUES (uId, pRoot, uNode, pType, coalesce(nLevel, 0), nSequence);

  PERFORM SetResourceData(uId, pLocale, pName, pDescription, pEncoding, pData);

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateResource (
  pId           uuid,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pType         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
DECLARE
  r             db.resource%rowtype;
  uNode         uuid;
  nLevel        integer;
  nSequence     integer;
BEGIN
  SELECT * INTO r FROM db.resource WHERE id = pId FOR UPDATE;

  IF NOT FOUND THEN
    PERFORM NotFound();
  END IF;

  -- The null uuid detaches the node; NULL keeps its parent.
  uNode := CASE WHEN pNode IS NULL THEN r.node WHEN pNode = null_uuid() THEN NULL ELSE pNode END;

  -- A node cannot move under itself or its own subtree (the tree views would loop).
  IF uNode IS DISTINCT FROM r.node AND uNode IS NOT NULL AND EXISTS (
       WITH RECURSIVE up AS (
         SELECT id, node FROM db.resource WHERE id = uNode
         UNION
         SELECT p.id, p.node FROM db.resource p INNER JOIN up ON p.id = up.node
       )
       SELECT FROM up WHERE id = pId) THEN
    PERFORM OperationNotPossible();
  END IF;

  SELECT level + 1 INTO nLevel FROM db.resource WHERE id = uNode;

  UPDATE db.resource
     SET root = coalesce(pRoot, root),
         node = uNode,
         type = coalesce(pType, type),
         level = coalesce(nLevel, 0)
   WHERE id = pId;

  IF uNode IS DISTINCT FROM r.node THEN
    IF coalesce(pSequence, 0) = 0 THEN
      SELECT coalesce(max(sequence), 0) + 1 INTO nSequence FROM db.resource WHERE node IS NOT DISTINCT FROM uNode AND id <> pId;
      PERFORM SetResourceSequence(pId, nSequence, 0);
    ELSE
      PERFORM SetResourceSequence(pId, pSequence, 1);
    END IF;
    PERFORM SortResource(r.node);

    -- Upstream left the levels of a moved subtree stale.
    WITH RECURSIVE down AS (
      SELECT id, coalesce(nLevel, 0) AS level FROM db.resource WHERE id = pId
      UNION ALL
      SELECT c.id, down.level + 1 FROM db.resource c INNER JOIN down ON c.node = down.id
    )
    UPDATE db.resource t SET level = down.level FROM down WHERE t.id = down.id AND t.level <> down.level;
  ELSIF coalesce(pSequence, 0) <> 0 AND pSequence <> r.sequence THEN
    PERFORM SetResourceSequence(pId, pSequence, CASE WHEN pSequence < r.sequence THEN 1 ELSE -1 END);
  END IF;

  PERFORM SetResourceData(pId, pLocale, pName, pDescription, pEncoding, pData);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- An unknown explicit id creates the node with that id (exception resources
-- use fixed ids).
CREATE OR REPLACE FUNCTION SetResource (
  pId           uuid,
  pRoot         uuid DEFAULT null,
  pNode         uuid DEFAULT null,
  pType         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null,
  pEncoding     text DEFAULT null,
  pData         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL OR NOT EXISTS (SELECT FROM db.resource WHERE id = pId) THEN
    RETURN CreateResource(pId, pRoot, pNode, pType, pName, pDescription, pEncoding, pData, pSequence, pLocale);
  END IF;

  PERFORM UpdateResource(pId, pRoot, pNode, pType, pName, pDescription, pEncoding, pData, pSequence, pLocale);
  RETURN pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- No fallback to another locale: callers wanting one ask again with 'en'.
CREATE OR REPLACE FUNCTION GetResource (
  pResource     uuid,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       text
AS $$
  SELECT data FROM db.resource_data WHERE resource = pResource AND locale = pLocale;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Children are not deleted with their parent: the foreign key refuses.
CREATE OR REPLACE FUNCTION DeleteResource (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  DELETE FROM db.resource WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM NotFound();
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
