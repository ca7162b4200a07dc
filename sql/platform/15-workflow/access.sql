--------------------------------------------------------------------------------
-- workflow module: class and method ACL (90-access-control §3–§4)
--
-- Effective rights of a user = OR of allow AND NOT OR of deny over the
-- principal set (the user and the groups it is a direct member of).
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION PrincipalSet (
  pUserId       uuid
) RETURNS       SETOF uuid
AS $$
  SELECT pUserId
  UNION
  SELECT userid FROM db.member_group WHERE member = pUserId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsWorkflowAdmin (
  pUserId       uuid DEFAULT current_userid()
) RETURNS       boolean
AS $$
  SELECT session_user = 'kernel'
      OR EXISTS (SELECT FROM db.member_group WHERE userid = '00000000-0000-4000-a000-000000000001' AND member = pUserId);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- ACU -----------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION acu (
  pUserId       uuid,
  OUT class     uuid,
  OUT deny      bit,
  OUT allow     bit,
  OUT mask      bit
) RETURNS       SETOF record
AS $$
  SELECT a.class, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.acu a
   WHERE a.userid IN (SELECT PrincipalSet(pUserId))
   GROUP BY a.class;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION acu (
  pUserId       uuid,
  pClass        uuid,
  OUT class     uuid,
  OUT deny      bit,
  OUT allow     bit,
  OUT mask      bit
) RETURNS       SETOF record
AS $$
  SELECT a.class, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.acu a
   WHERE a.class = pClass
     AND a.userid IN (SELECT PrincipalSet(pUserId))
   GROUP BY a.class;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClassAccessMask (
  pClass        uuid,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       bit
AS $$
  SELECT mask FROM acu(pUserId, pClass);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckClassAccess (
  pClass        uuid,
  pMask         bit,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       boolean
AS $$
  SELECT coalesce(GetClassAccessMask(pClass, pUserId) & pMask = pMask, false);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DecodeClassAccess (
  pClass        uuid,
  pUserId       uuid DEFAULT current_userid(),
  OUT a         boolean,
  OUT c         boolean,
  OUT s         boolean,
  OUT u         boolean,
  OUT d         boolean
) RETURNS       record
AS $$
DECLARE
  bMask         bit(5);
BEGIN
  bMask := coalesce(GetClassAccessMask(pClass, pUserId), B'00000');
  a := bMask & B'10000' = B'10000';
  c := bMask & B'01000' = B'01000';
  s := bMask & B'00100' = B'00100';
  u := bMask & B'00010' = B'00010';
  d := bMask & B'00001' = B'00001';
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- mask: deny a c s u d ‖ allow a c s u d (90 §3.1).
CREATE OR REPLACE FUNCTION chmodc (
  pClass        uuid,
  pMask         bit(10),
  pUserId       uuid DEFAULT current_userid(),
  pRecursive    boolean DEFAULT false,
  pObjectSet    boolean DEFAULT false
) RETURNS       void
AS $$
DECLARE
  bDeny         bit(5);
  bAllow        bit(5);
  bEffective    bit(5);
  bMethod       bit(3);
  r             record;
BEGIN
  IF NOT IsWorkflowAdmin() THEN
    PERFORM AccessDenied();
  END IF;

  IF pMask IS NULL OR pMask = B'0000000000' THEN
    DELETE FROM db.acu WHERE class = pClass AND userid = pUserId;
    bDeny := B'00000';
    bAllow := B'00000';
  ELSE
    bDeny := substring(pMask FROM 1 FOR 5);
    bAllow := substring(pMask FROM 6 FOR 5);
    INSERT INTO db.acu (class, userid, deny, allow) VALUES (pClass, pUserId, bDeny, bAllow)
    ON CONFLICT (class, userid) DO UPDATE SET deny = EXCLUDED.deny, allow = EXCLUDED.allow;
  END IF;

  -- Method rights follow the mask being set, not the user's aggregate rights.
  bEffective := bAllow & ~bDeny;
  FOR r IN SELECT id, coalesce(visible, true) AS visible FROM db.method WHERE class = pClass
  LOOP
    bMethod := CASE WHEN bEffective & B'01010' <> B'00000' THEN B'101' ELSE B'000' END
             | CASE WHEN r.visible THEN B'010' ELSE B'000' END;
    PERFORM chmodm(r.id, B'000' || bMethod, pUserId);
  END LOOP;

  IF coalesce(pObjectSet, false) THEN
    FOR r IN SELECT id FROM db.object WHERE class = pClass AND owner <> pUserId
    LOOP
      PERFORM chmodo(r.id, substring(bDeny FROM 3 FOR 3) || substring(bAllow FROM 3 FOR 3), pUserId);
    END LOOP;
  END IF;

  IF coalesce(pRecursive, false) THEN
    FOR r IN SELECT id FROM db.class_tree WHERE parent = pClass
    LOOP
      PERFORM chmodc(r.id, pMask, pUserId, pRecursive, pObjectSet);
    END LOOP;
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- AMU -----------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION amu (
  pUserId       uuid,
  OUT method    uuid,
  OUT deny      bit,
  OUT allow     bit,
  OUT mask      bit
) RETURNS       SETOF record
AS $$
  SELECT a.method, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.amu a
   WHERE a.userid IN (SELECT PrincipalSet(pUserId))
   GROUP BY a.method;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION amu (
  pUserId       uuid,
  pMethod       uuid,
  OUT method    uuid,
  OUT deny      bit,
  OUT allow     bit,
  OUT mask      bit
) RETURNS       SETOF record
AS $$
  SELECT a.method, bit_or(a.deny), bit_or(a.allow), bit_or(a.allow) & ~bit_or(a.deny)
    FROM db.amu a
   WHERE a.method = pMethod
     AND a.userid IN (SELECT PrincipalSet(pUserId))
   GROUP BY a.method;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetMethodAccessMask (
  pMethod       uuid,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       bit
AS $$
  SELECT mask FROM amu(pUserId, pMethod);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckMethodAccess (
  pMethod       uuid,
  pMask         bit,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       boolean
AS $$
  SELECT coalesce(GetMethodAccessMask(pMethod, pUserId) & pMask = pMask, false);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DecodeMethodAccess (
  pMethod       uuid,
  pUserId       uuid DEFAULT current_userid(),
  OUT x         boolean,
  OUT v         boolean,
  OUT e         boolean
) RETURNS       record
AS $$
DECLARE
  bMask         bit(3);
BEGIN
  bMask := coalesce(GetMethodAccessMask(pMethod, pUserId), B'000');
  x := bMask & B'100' = B'100';
  v := bMask & B'010' = B'010';
  e := bMask & B'001' = B'001';
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- mask: deny x v e ‖ allow x v e (90 §4).
CREATE OR REPLACE FUNCTION chmodm (
  pMethod       uuid,
  pMask         bit(6),
  pUserId       uuid DEFAULT current_userid()
) RETURNS       void
AS $$
BEGIN
  IF NOT IsWorkflowAdmin() THEN
    PERFORM AccessDenied();
  END IF;

  IF pMask IS NULL OR pMask = B'000000' THEN
    DELETE FROM db.amu WHERE method = pMethod AND userid = pUserId;
  ELSE
    INSERT INTO db.amu (method, userid, deny, allow)
    VALUES (pMethod, pUserId, substring(pMask FROM 1 FOR 3), substring(pMask FROM 4 FOR 3))
    ON CONFLICT (method, userid) DO UPDATE SET deny = EXCLUDED.deny, allow = EXCLUDED.allow;
  END IF;

  -- The per-object cache (entity module) is stale for every object and user.
  IF to_regclass('db.oma') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.oma WHERE method = $1' USING pMethod;
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
