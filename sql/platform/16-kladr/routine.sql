-- Kernel functions of the kladr module: building the address tree from the
-- raw classifier, and reading addresses back as arrays and strings.

CREATE OR REPLACE FUNCTION AddAddressTree (
  pParent       integer,
  pCode         varchar,
  pName         varchar,
  pShort        varchar,
  pIndex        varchar,
  pLevel        integer
) RETURNS       integer
AS $$
  INSERT INTO db.address_tree (parent, code, name, short, index, level)
  VALUES (pParent, pCode, pName, pShort, pIndex, pLevel)
  ON CONFLICT (code) DO NOTHING
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- pCode: SSRRRGGGPPP (11 characters); the current record (actuality 00) is used.
CREATE OR REPLACE FUNCTION AddKladrToTree (
  pParent       integer,
  pCode         varchar,
  pLevel        integer
) RETURNS       integer
AS $$
  SELECT AddAddressTree(pParent, '01' || pCode || '0000', k.name, k.socr, k.index, pLevel)
    FROM db.kladr k
   WHERE k.code = pCode || '00';
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- pCode: SSRRRGGGPPPUUUU (15 characters).
CREATE OR REPLACE FUNCTION AddStreetToTree (
  pParent       integer,
  pCode         varchar,
  pLevel        integer
) RETURNS       integer
AS $$
  SELECT AddAddressTree(pParent, '01' || pCode, s.name, s.socr, s.index, pLevel)
    FROM db.street s
   WHERE s.code = pCode || '00';
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAddressTreeId (
  pCode         varchar
) RETURNS       integer
AS $$
  SELECT id FROM db.address_tree WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Builds the subtree of region pCode (SS) under node pParent. A node's parent
-- is its nearest non-zero code prefix. Unlike upstream, an object that is
-- already in the tree is reused rather than skipped (so a re-run attaches its
-- children correctly), and a missing intermediate object makes the child
-- hang from the nearest ancestor that exists instead of from a stale sibling.
CREATE OR REPLACE FUNCTION CopyFromKladr (
  pParent       integer,
  pCode         varchar
) RETURNS       void
AS $$
DECLARE
  r             record;
  aParts        text[];
  aIds          integer[];
  aCodes        text[];
  nLevel        integer;
  nParent       integer;
  uParent       integer;
  nId           integer;
  vTreeCode     text;
  i             integer;
BEGIN
  -- Slot 0 is the region's parent; slot n the last node inserted at level n.
  aIds := array_fill(null::integer, ARRAY[6], ARRAY[0]);
  aCodes := array_fill(null::text, ARRAY[6], ARRAY[0]);
  aIds[0] := pParent;

  FOR r IN
    SELECT c FROM (
      SELECT DISTINCT substr(code, 1, 11) || '0000' AS c FROM db.kladr WHERE substr(code, 1, 2) = pCode AND substr(code, 12, 2) = '00'
      UNION
      SELECT DISTINCT substr(code, 1, 15) FROM db.street WHERE substr(code, 1, 2) = pCode AND substr(code, 16, 2) = '00'
    ) AS s
    ORDER BY c
  LOOP
    aParts := ARRAY[substr(r.c, 1, 2), substr(r.c, 3, 3), substr(r.c, 6, 3), substr(r.c, 9, 3), substr(r.c, 12, 4)];

    nLevel := 0;
    FOR i IN 1..5 LOOP
      IF aParts[i]::integer <> 0 THEN
        nLevel := i;
      END IF;
    END LOOP;

    CONTINUE WHEN nLevel = 0;

    -- The nearest non-zero component before the node's own is its parent.
    uParent := pParent;
    FOR i IN REVERSE nLevel - 1..1 LOOP
      CONTINUE WHEN aParts[i]::integer = 0;
      nParent := i;
      vTreeCode := '01' || rpad(array_to_string(aParts[1:i], ''), 15, '0');
      IF aCodes[i] IS NOT DISTINCT FROM vTreeCode THEN
        uParent := aIds[i];
      ELSE
        uParent := GetAddressTreeId(vTreeCode);
      END IF;
      EXIT WHEN uParent IS NOT NULL;
      uParent := pParent;
    END LOOP;

    vTreeCode := '01' || r.c;
    IF nLevel = 5 THEN
      nId := AddStreetToTree(uParent, r.c, nLevel);
    ELSE
      nId := AddKladrToTree(uParent, substr(r.c, 1, 11), nLevel);
    END IF;

    aIds[nLevel] := coalesce(nId, GetAddressTreeId(vTreeCode));
    aCodes[nLevel] := vTreeCode;
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream attached the regions to NULL when the country root already
-- existed; the existing root is looked up instead. Regions are those with a
-- current record (actuality 00), region 99 (other territories) excluded.
CREATE OR REPLACE FUNCTION LoadFromKladr (
  pCodes        text[] DEFAULT null
) RETURNS       void
AS $$
DECLARE
  nRoot         integer;
  vCode         text;
BEGIN
  nRoot := coalesce(AddAddressTree(null, '01000000000000000', 'Российская Федерация', null, null, 0), GetAddressTreeId('01000000000000000'));

  IF pCodes IS NULL THEN
    SELECT array_agg(DISTINCT substr(code, 1, 2) ORDER BY substr(code, 1, 2)) INTO pCodes
      FROM db.kladr
     WHERE substr(code, 12, 2) = '00' AND substr(code, 1, 2) <> '99';
  END IF;

  FOREACH vCode IN ARRAY coalesce(pCodes, '{}')
  LOOP
    PERFORM CopyFromKladr(nRoot, vCode);
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Names of the node and its ancestors, each at the subscript of its level
-- (levels without an ancestor stay NULL).
CREATE OR REPLACE FUNCTION GetAddressTree (
  pCode         varchar
) RETURNS       text[]
AS $$
DECLARE
  r             record;
  aResult       text[];
BEGIN
  FOR r IN
    WITH RECURSIVE path AS (
      SELECT t.id, t.parent, t.name, t.level FROM db.address_tree t WHERE t.code = pCode
      UNION ALL
      SELECT t.id, t.parent, t.name, t.level FROM db.address_tree t INNER JOIN path p ON t.id = p.parent
    )
    SELECT name, level FROM path ORDER BY level
  LOOP
    IF aResult IS NULL THEN
      aResult := array_fill(null::text, ARRAY[r.level + 1], ARRAY[0]);
    END IF;
    aResult[r.level] := r.name;
  END LOOP;

  RETURN aResult;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- pShort: 0 name only, 1 "<short>. <name>", anything else "<name> <short>.".
-- The postal code of a street leads the string when the whole path is printed.
CREATE OR REPLACE FUNCTION GetAddressTreeString (
  pCode         varchar,
  pShort        integer DEFAULT 0,
  pLevel        integer DEFAULT 0
) RETURNS       text
AS $$
  WITH RECURSIVE path AS (
    SELECT t.id, t.parent, t.name, t.short, t.index, t.level, 0 AS depth FROM db.address_tree t WHERE t.code = pCode
    UNION ALL
    SELECT t.id, t.parent, t.name, t.short, t.index, t.level, p.depth + 1 FROM db.address_tree t INNER JOIN path p ON t.id = p.parent
  )
  SELECT coalesce(CASE WHEN coalesce(pLevel, 0) = 0 THEN (SELECT index || ', ' FROM path WHERE level = 5 AND index IS NOT NULL LIMIT 1) END, '')
         || string_agg(CASE
                         WHEN short IS NULL OR coalesce(pShort, 0) = 0 THEN name
                         WHEN pShort = 1 THEN short || '. ' || name
                         ELSE name || ' ' || short || '.'
                       END, ', ' ORDER BY depth DESC)
    FROM path
   WHERE level >= coalesce(pLevel, 0)
  HAVING count(*) > 0;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
