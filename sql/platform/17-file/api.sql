--------------------------------------------------------------------------------
-- file module: api functions (after view.sql: several return its row types)
--------------------------------------------------------------------------------

-- Changing an entry needs its w bit; changing its owner or mask (chmod/chown)
-- is for its owner; giving an entry away is only to oneself or to a group
-- one belongs to. Administrators and services may do anything.
CREATE OR REPLACE FUNCTION api.check_file_change (
  pId           uuid,
  pOwner        uuid,
  pMask         bit(9)
) RETURNS       void
AS $$
DECLARE
  c             record;
  r             record;
BEGIN
  SELECT * INTO c FROM FileCaller();
  IF c.superuser THEN
    RETURN;
  END IF;

  IF pId IS NOT NULL THEN
    SELECT owner, mask INTO r FROM db.file WHERE id = pId;
    IF FOUND THEN
      IF FileRights(r.owner, r.mask, c.userid, c.superuser, c.groups) & B'010' <> B'010' THEN
        PERFORM AccessDenied();
      END IF;
      IF (pOwner IS DISTINCT FROM r.owner AND pOwner IS NOT NULL OR pMask IS DISTINCT FROM r.mask AND pMask IS NOT NULL)
         AND r.owner IS DISTINCT FROM c.userid THEN
        PERFORM AccessDenied();
      END IF;
    END IF;
  END IF;

  IF pOwner IS NOT NULL AND pOwner IS DISTINCT FROM c.userid AND NOT pOwner = ANY (c.groups) THEN
    PERFORM AccessDenied();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.file_mask (
  pMask         integer
) RETURNS       bit(9)
AS $$
BEGIN
  IF pMask IS NULL THEN
    RETURN NULL;
  END IF;
  IF pMask NOT BETWEEN 0 AND 511 THEN
    PERFORM ValueOutOfRange(pMask);
  END IF;
  RETURN pMask::bit(9);
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_file (
  pId           uuid,
  pType         char DEFAULT null,
  pMask         integer DEFAULT null,
  pOwner        uuid DEFAULT null,
  pRoot         uuid DEFAULT null,
  pParent       uuid DEFAULT null,
  pLink         uuid DEFAULT null,
  pName         text DEFAULT null,
  pPath         text DEFAULT null,
  pSize         integer DEFAULT null,
  pDate         timestamptz DEFAULT null,
  pData         text DEFAULT null,
  pMime         text DEFAULT null,
  pText         text DEFAULT null,
  pHash         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       SETOF api.file
AS $$
DECLARE
  uId           uuid := pId;
  uRoot         uuid := pRoot;
  uParent       uuid := pParent;
  vPath         text := CASE WHEN pPath IN ('/', '') THEN null ELSE pPath END;
  bMask         bit(9) := api.file_mask(pMask);
BEGIN
  IF pType IS NOT NULL AND pType NOT IN ('-', 'd', 'l', 's') THEN
    PERFORM IncorrectCode(pType, ARRAY['-', 'd', 'l', 's']);
  END IF;

  IF uId IS NULL THEN
    uId := GetFile(pName, NormalizeFilePath(vPath));
  ELSIF vPath IS NULL THEN
    SELECT nullif(path, '/') INTO vPath FROM db.file WHERE id = uId;
  END IF;

  PERFORM api.check_file_change(uId, pOwner, bMask);

  IF vPath IS NOT NULL AND NormalizeFilePath(vPath) <> '/' THEN
    uParent := NewFilePath(vPath);
    SELECT root INTO uRoot FROM db.file WHERE id = uParent;
  END IF;

  uId := SetFile(uId, pType, bMask, pOwner, uRoot, uParent, pLink, pName, pSize, pDate, decode(pData, 'base64'),
                 pMime, pText, pHash, pDone, pFail);

  RETURN QUERY SELECT * FROM api.file WHERE id = uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Beyond upstream: a streamed upload keeps its bytes in the storage back end
-- (the file service's directory, or a bucket) and registers only where they
-- are, their hash and size. Without a storage URL the entry is a regular file
-- with no inline bytes (the sync worker has nothing to write; the file server
-- serves its local copy); with one it is a storage entry whose url is the
-- bucket's. Re-registering the same path and name replaces the entry.
CREATE OR REPLACE FUNCTION api.register_file (
  pPath         text,
  pName         text,
  pSize         integer,
  pHash         text,
  pMime         text DEFAULT null,
  pStorage      text DEFAULT null,
  pText         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       SETOF api.file
AS $$
DECLARE
  uId           uuid;
  uParent       uuid;
  uRoot         uuid;
  cType         char := CASE WHEN nullif(pStorage, '') IS NULL THEN '-' ELSE 's' END;
  bData         bytea := convert_to(nullif(pStorage, ''), 'UTF8');
BEGIN
  IF pSize IS NULL OR pSize < 0 THEN
    PERFORM ValueOutOfRange(coalesce(pSize, -1));
  END IF;
  IF coalesce(pHash, '') !~ '^[0-9a-fA-F]{32,128}$' THEN
    PERFORM IncorrectJsonType(coalesce(pHash, 'null'), 'hex digest');
  END IF;
  IF cType = 's' AND pStorage !~ '^https?://[^/\s]+' THEN
    PERFORM IncorrectJsonType(pStorage, 'http(s) URL');
  END IF;

  PERFORM CheckFileCallback(pDone);
  PERFORM CheckFileCallback(pFail);

  uId := GetFile(pName, NormalizeFilePath(pPath));
  PERFORM api.check_file_change(uId, null, null);

  IF uId IS NULL THEN
    IF NormalizeFilePath(pPath) <> '/' THEN
      uParent := NewFilePath(pPath);
      SELECT root INTO uRoot FROM db.file WHERE id = uParent;
    END IF;
    uId := NewFile(null, uRoot, uParent, pName, cType, current_userid(), B'111110100', null, pSize, now(), bData,
                   pMime, pText, lower(pHash), nullif(pDone, ''), nullif(pFail, ''));
  ELSE
    UPDATE db.file
       SET type = cType, data = bData, size = pSize, hash = lower(pHash), date = now(),
           mime = coalesce(pMime, mime), text = coalesce(pText, text),
           done = coalesce(nullif(pDone, ''), done), fail = coalesce(nullif(pFail, ''), fail)
     WHERE id = uId AND type <> 'd';
    IF NOT FOUND THEN
      PERFORM OperationNotPossible();
    END IF;
  END IF;

  RETURN QUERY SELECT * FROM api.file WHERE id = uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_file (
  pId           uuid
) RETURNS       SETOF api.file_data
AS $$
  SELECT * FROM api.file_data WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_file_id (
  pName         text,
  pPath         text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT GetFile(coalesce(pName, 'index.html'), NormalizeFilePath(pPath));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_file (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.file WHERE id = pId) THEN
    RETURN false;
  END IF;
  PERFORM api.check_file_change(pId, null, null);
  RETURN DeleteFile(pId);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_file (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'file', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_file (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.file
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'file', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["sortlist"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Callbacks for the file-sync worker (spec 17 §7.1), for rows that name them
-- in done/fail. The worker runs them after api.authorize(bot session).
--------------------------------------------------------------------------------

-- Records what was written. Updating only on a difference ends the loop the
-- UPDATE notification would otherwise start (the worker re-syncs the row once,
-- finds the same size and hash, and this call then changes nothing).
CREATE OR REPLACE FUNCTION api.file_sync_done (
  pId           uuid,
  pAbsoluteName text,
  pSize         integer,
  pHash         text,
  pMime         text
) RETURNS       boolean
AS $$
BEGIN
  UPDATE db.file
     SET size = pSize, hash = pHash, mime = coalesce(mime, pMime)
   WHERE id = pId
     AND (size, hash, mime) IS DISTINCT FROM (pSize, pHash, coalesce(mime, pMime));
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.file_sync_fail (
  pId           uuid,
  pMessage      text
) RETURNS       void
AS $$
BEGIN
  PERFORM WriteToEventLog('E', 4000, 'file', 'sync', format('[%s] [%s] %s', pId,
    (SELECT path || name FROM db.file WHERE id = pId), coalesce(pMessage, 'file sync failed')));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
