--------------------------------------------------------------------------------
-- file module: the permission mask (beyond upstream, which stores `mask` but
-- never evaluates it).
--
-- Classes, as in UNIX: the owner's bits for the owner; the group bits for
-- members of the owner when the owner is a group (files of a deleted user go
-- to the administrator group, and a configuration may give a directory to a
-- group); the other bits for everyone else. Members of the `administrator`
-- and `system` groups (the services' bot sessions: the file-sync worker and
-- the file server's /public/ path) hold every right, and so does the
-- installer's kernel session.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION FileCaller (
  pUserId       uuid DEFAULT current_userid(),
  OUT userid    uuid,
  OUT superuser boolean,
  OUT groups    uuid[]
) RETURNS       record
AS $$
  SELECT pUserId,
         CASE WHEN pUserId IS NULL THEN session_user = 'kernel'
              ELSE EXISTS (SELECT FROM db.member_group
                            WHERE member = pUserId
                              AND userid IN ('00000000-0000-4000-a000-000000000000', '00000000-0000-4000-a000-000000000001'))
         END,
         ARRAY(SELECT userid FROM db.member_group WHERE member = pUserId);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- rwx of one entry for a caller described by FileCaller.
CREATE OR REPLACE FUNCTION FileRights (
  pOwner        uuid,
  pMask         bit(9),
  pUserId       uuid,
  pSuperUser    boolean,
  pGroups       uuid[]
) RETURNS       bit(3)
AS $$
  SELECT CASE
           WHEN pSuperUser THEN B'111'
           WHEN pUserId IS NULL THEN B'000'
           WHEN pOwner = pUserId THEN substring(pMask FROM 1 FOR 3)
           WHEN pOwner = ANY (pGroups) THEN substring(pMask FROM 4 FOR 3)
           ELSE substring(pMask FROM 7 FOR 3)
         END::bit(3);
$$ LANGUAGE sql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetFileRights (
  pId           uuid,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       bit(3)
AS $$
  SELECT FileRights(f.owner, f.mask, c.userid, c.superuser, c.groups)
    FROM db.file f, FileCaller(pUserId) c
   WHERE f.id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckFileAccess (
  pId           uuid,
  pMask         bit(3),
  pUserId       uuid DEFAULT current_userid()
) RETURNS       boolean
AS $$
  SELECT coalesce(GetFileRights(pId, pUserId) & pMask = pMask, false);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
