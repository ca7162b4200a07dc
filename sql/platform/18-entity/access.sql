--------------------------------------------------------------------------------
-- entity module: object access control — AOU, AOM, OMA (spec 90 §5–§7)
--------------------------------------------------------------------------------

-- The principal set of a user: the user and every group it belongs to
-- directly (groups are not nested).
-- AccessPrincipals, AccessSelectable and ClassEntities run on every list and
-- get. They are PL/pgSQL rather than SQL: a SECURITY DEFINER SQL function is
-- never inlined, and PostgreSQL parses and plans its body again on every call
-- (a tenth of a whole /object/list in instructions); PL/pgSQL keeps the plan
-- for the connection.
CREATE OR REPLACE FUNCTION AccessPrincipals (
  pUser       uuid DEFAULT current_userid()
) RETURNS     uuid[]
AS $$
BEGIN
  IF pUser IS NULL THEN
    RETURN '{}'::uuid[];
  END IF;
  RETURN array_prepend(pUser, ARRAY(SELECT userid FROM db.member_group WHERE member = pUser));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION aou (
  pUserId     uuid,
  OUT object  uuid,
  OUT deny    bit,
  OUT allow   bit,
  OUT mask    bit
) RETURNS     SETOF record
AS $$
  SELECT a.object, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.aou a
   WHERE a.userid = ANY (AccessPrincipals(pUserId))
   GROUP BY a.object;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION aou (
  pUserId     uuid,
  pObject     uuid,
  OUT object  uuid,
  OUT deny    bit,
  OUT allow   bit,
  OUT mask    bit
) RETURNS     SETOF record
AS $$
  SELECT a.object, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.aou a
   WHERE a.object = pObject
     AND a.userid = ANY (AccessPrincipals(pUserId))
   GROUP BY a.object;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION access_entity (
  pUserId     uuid,
  pEntity     uuid,
  OUT object  uuid,
  OUT deny    bit,
  OUT allow   bit,
  OUT mask    bit
) RETURNS     SETOF record
AS $$
  SELECT a.object, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.aou a
   WHERE a.entity = pEntity
     AND a.userid = ANY (AccessPrincipals(pUserId))
   GROUP BY a.object;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectAccessMask (
  pObject     uuid,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     bit
AS $$
  SELECT bit_or(allow) & ~bit_or(deny)
    FROM db.aou
   WHERE object = pObject
     AND userid = ANY (AccessPrincipals(pUserId));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectMask (
  pObject     uuid,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     bit
AS $$
  SELECT CASE
           WHEN pUserId = o.owner THEN substring(m.mask FROM 1 FOR 3)
           WHEN (SELECT type FROM db.user WHERE id = pUserId) = 'G' THEN substring(m.mask FROM 4 FOR 3)
           ELSE substring(m.mask FROM 7 FOR 3)
         END
    FROM db.aom m INNER JOIN db.object o ON o.id = m.object
   WHERE m.object = pObject;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckObjectAccess (
  pObject     uuid,
  pMask       bit,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     boolean
AS $$
DECLARE
  bMask       bit(3);
BEGIN
  bMask := coalesce(GetObjectAccessMask(pObject, pUserId), GetObjectMask(pObject, pUserId));
  RETURN coalesce(bMask & pMask = pMask, false);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DecodeObjectAccess (
  pObject     uuid,
  pUserId     uuid DEFAULT current_userid(),
  OUT s       boolean,
  OUT u       boolean,
  OUT d       boolean
) RETURNS     record
AS $$
DECLARE
  bMask       bit(3);
BEGIN
  bMask := coalesce(GetObjectAccessMask(pObject, pUserId), GetObjectMask(pObject, pUserId), B'000');
  s := bMask & B'100' = B'100';
  u := bMask & B'010' = B'010';
  d := bMask & B'001' = B'001';
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The read predicate of every Access view and access-filtered list, written
-- for the planner: "some principal allows select and none denies it" is the
-- same test as bit_or(allow) & ~bit_or(deny) containing select, because
-- select is a single bit. Each half is one probe of a partial index.
CREATE OR REPLACE FUNCTION CanReadObject (
  pObject     uuid,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     boolean
AS $$
  SELECT EXISTS (SELECT FROM db.aou a WHERE a.object = pObject AND a.userid = ANY (AccessPrincipals(pUserId)) AND a.allow & B'100' = B'100')
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = pObject AND a.userid = ANY (AccessPrincipals(pUserId)) AND a.deny & B'100' = B'100');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AccessObjectUser (
  pEntity     uuid,
  pUserId     uuid DEFAULT current_userid(),
  pScope      uuid DEFAULT current_scope()
) RETURNS     TABLE (object uuid)
AS $$
  SELECT a.object
    FROM db.aou a INNER JOIN db.object o ON o.id = a.object AND o.scope = pScope
   WHERE a.entity = pEntity
     AND a.userid = ANY (AccessPrincipals(pUserId))
   GROUP BY a.object
  HAVING bit_or(a.allow) & ~bit_or(a.deny) & B'100' = B'100';
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION chmodo (
  pObject     uuid,
  pMask       bit(6),
  pUserId     uuid DEFAULT current_userid()
) RETURNS     void
AS $$
BEGIN
  IF session_user <> 'kernel' AND NOT IsAdmin() THEN
    PERFORM AccessDenied();
  END IF;

  IF pMask IS NULL OR pMask = B'000000' THEN
    DELETE FROM db.aou WHERE object = pObject AND userid = pUserId;
    RETURN;
  END IF;

  INSERT INTO db.aou (object, userid, deny, allow, entity)
  SELECT pObject, pUserId, substring(pMask FROM 1 FOR 3), substring(pMask FROM 4 FOR 3), o.entity
    FROM db.object o WHERE o.id = pObject
  ON CONFLICT (object, userid) DO UPDATE SET deny = EXCLUDED.deny, allow = EXCLUDED.allow;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- OMA: per (object, method, user) cache of the effective AMU mask
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetObjectMethodAccessMask (
  pObject     uuid,
  pMethod     uuid,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     bit
AS $$
  SELECT mask FROM db.oma WHERE object = pObject AND method = pMethod AND userid = pUserId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Computes and stores the cache row; NULL (and nothing stored) when the user
-- has no AMU row for the method.
CREATE OR REPLACE FUNCTION FillObjectMethodAccess (
  pObject     uuid,
  pMethod     uuid,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     bit
AS $$
DECLARE
  bMask       bit(3);
BEGIN
  SELECT mask INTO bMask FROM db.oma WHERE object = pObject AND method = pMethod AND userid = pUserId;
  IF FOUND THEN
    RETURN bMask;
  END IF;

  SELECT bit_or(allow) & ~bit_or(deny) INTO bMask
    FROM db.amu
   WHERE method = pMethod
     AND userid = ANY (AccessPrincipals(pUserId));

  IF bMask IS NOT NULL THEN
    INSERT INTO db.oma (object, method, userid, mask)
    VALUES (pObject, pMethod, pUserId, bMask)
    ON CONFLICT (object, method, userid) DO UPDATE SET mask = EXCLUDED.mask;
  END IF;

  RETURN bMask;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckObjectMethodAccess (
  pObject     uuid,
  pMethod     uuid,
  pMask       bit,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     boolean
AS $$
BEGIN
  RETURN coalesce(FillObjectMethodAccess(pObject, pMethod, pUserId) & pMask = pMask, false);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Ids of the objects the user may read, optionally of some entities only:
-- the aggregate of spec 90 §9.2 over the user's principal rows. Its cost
-- follows the rows of the user's principals, never the objects they cannot
-- see; API views compare their driving table's key with it (`= ANY`), so an
-- id may appear more than once (once per principal that allows it).
-- "Some principal allows select and none denies it" is the same test as
-- bit_or(allow) & ~bit_or(deny) because select is a single bit (bit 0, the
-- leftmost of the three): one pass over the principals' rows collects the
-- allowed and the denied ids, with no grouping; deny rows are rare.
-- The plan is kept generic and must walk aou_userid_idx: with the principals
-- as a parameter the planner prices every custom plan below the generic one
-- and planned the statement again on every call (a third of its cost), and
-- a generic plan may otherwise read db.aou whole (enable_seqscan) or a
-- partial select index whose size it cannot estimate (the bit tests are
-- written with get_bit, which matches no partial index's predicate).
-- (PL/pgSQL for its kept plan, see AccessPrincipals.)
CREATE OR REPLACE FUNCTION AccessSelectable (
  pEntities   uuid[] DEFAULT null,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     uuid[]
AS $$
DECLARE
  aPrincipals uuid[] := AccessPrincipals(pUserId);
  aAllow      uuid[];
  aDeny       uuid[];
BEGIN
  -- The entity test stays out of the WHERE clause, so no plan can take an
  -- entity index and read every object of the entity.
  SELECT array_agg(a.object) FILTER (WHERE get_bit(a.allow, 0) = 1 AND (pEntities IS NULL OR a.entity = ANY (pEntities))),
         array_agg(a.object) FILTER (WHERE get_bit(a.deny, 0) = 1)
    INTO aAllow, aDeny
    FROM db.aou a
   WHERE a.userid = ANY (aPrincipals);
  IF aDeny IS NULL THEN
    RETURN coalesce(aAllow, '{}');
  END IF;
  RETURN ARRAY(SELECT x FROM unnest(aAllow) x WHERE NOT x = ANY (aDeny));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
   SET plan_cache_mode = force_generic_plan
   SET enable_seqscan = off;

-- Entities of the classes under a class (itself included).
-- (PL/pgSQL for its kept plan, see AccessPrincipals.)
CREATE OR REPLACE FUNCTION ClassEntities (
  pCode       text
) RETURNS     uuid[]
AS $$
BEGIN
  RETURN (WITH RECURSIVE tree(id, entity) AS (
            SELECT id, entity FROM db.class_tree WHERE code = pCode
            UNION
            SELECT c.id, c.entity FROM db.class_tree c INNER JOIN tree t ON c.parent = t.id
          )
          SELECT coalesce(array_agg(DISTINCT entity), '{}') FROM tree);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
