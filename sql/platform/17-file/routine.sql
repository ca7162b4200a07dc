--------------------------------------------------------------------------------
-- file module: paths and the kernel functions of the file tree (spec 17 §4–§5).
-- Kernel functions do not check the mask: platform code (attachments, report
-- outputs) writes files for its users. The api layer enforces it (access.sql).
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NormalizeFileName (
  pName         text,
  pLink         boolean DEFAULT false
) RETURNS       text
AS $$
BEGIN
  IF coalesce(pName, '') = '' OR strpos(pName, '/') > 0 THEN
    RAISE EXCEPTION 'ERR-40000: Invalid file name: %', coalesce(pName, 'null');
  END IF;

  IF pLink THEN
    RETURN URLEncode(pName);
  END IF;

  RETURN pName;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NormalizeFilePath (
  pPath         text,
  pLink         boolean DEFAULT false
) RETURNS       text
AS $$
DECLARE
  aSegments     text[];
BEGIN
  IF left(pPath, 1) = '.' OR strpos(pPath, '..') > 0 THEN
    RAISE EXCEPTION 'ERR-40000: Invalid file path: %', pPath;
  END IF;

  IF pPath = '~' OR left(pPath, 2) = '~/' THEN
    pPath := substr(pPath, 2);
  END IF;

  aSegments := path_to_array(pPath);

  IF aSegments IS NULL THEN
    RETURN '/';
  END IF;

  IF pLink THEN
    SELECT array_agg(URLEncode(s) ORDER BY n) INTO aSegments FROM unnest(aSegments) WITH ORDINALITY AS t(s, n);
  END IF;

  RETURN '/' || array_to_string(aSegments, '/') || '/';
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

-- We keep upstream's observable behaviour: the registry lookup it intends
-- never matches there, so clients receive URLs relative to the API host
-- (`/file/docs/a%20b.txt`). A storage entry's base is its bucket URL.
CREATE OR REPLACE FUNCTION FileUrl (
  pType         char,
  pPath         text,
  pName         text,
  pData         bytea
) RETURNS       text
AS $$
  SELECT CASE WHEN pType = 's' THEN rtrim(coalesce(convert_from(pData, 'UTF8'), ''), '/') ELSE '/file' END ||
         NormalizeFilePath(pPath, true) || NormalizeFileName(pName, true);
$$ LANGUAGE sql STABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CollectFilePath (
  pId           uuid
) RETURNS       text
AS $$
  WITH RECURSIVE up (id, parent, name, depth) AS (
    SELECT id, parent, name, 0 FROM db.file WHERE id = pId
    UNION ALL
    SELECT f.id, f.parent, f.name, u.depth + 1 FROM db.file f INNER JOIN up u ON f.id = u.parent
  )
  SELECT '/' || coalesce(string_agg(name, '/' ORDER BY depth DESC), '') FROM up;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Callback names are interpolated into SQL by the file-sync worker: only an
-- existing schema.function may be stored.
CREATE OR REPLACE FUNCTION CheckFileCallback (
  pName         text
) RETURNS       void
AS $$
BEGIN
  IF nullif(pName, '') IS NULL THEN
    RETURN;
  END IF;

  IF pName !~* '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$' OR NOT EXISTS (
       SELECT FROM pg_proc p INNER JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = lower(split_part(pName, '.', 1)) AND p.proname = lower(split_part(pName, '.', 2))) THEN
    RAISE EXCEPTION 'ERR-40000: Not found function: %', pName;
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewFile (
  pId           uuid,
  pRoot         uuid,
  pParent       uuid,
  pName         text,
  pType         char DEFAULT '-',
  pOwner        uuid DEFAULT current_userid(),
  pMask         bit(9) DEFAULT B'111110100',
  pLink         uuid DEFAULT null,
  pSize         integer DEFAULT 0,
  pDate         timestamptz DEFAULT now(),
  pData         bytea DEFAULT null,
  pMime         text DEFAULT null,
  pText         text DEFAULT null,
  pHash         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
  uParent       uuid := coalesce(pParent, pRoot);
  uRoot         uuid := pRoot;
  nLevel        integer := 0;
BEGIN
  IF uParent IS NOT NULL THEN
    SELECT level + 1, coalesce(uRoot, root) INTO nLevel, uRoot FROM db.file WHERE id = uParent;
    IF NOT FOUND THEN
      PERFORM ObjectNotFound('file', 'parent', uParent);
    END IF;
  END IF;

  INSERT INTO db.file (id, root, parent, link, owner, type, mask, level, path, name, size, date, data, mime, text, hash, done, fail)
  VALUES (coalesce(pId, gen_kernel_uuid('8')), uRoot, uParent, pLink, coalesce(pOwner, current_userid()), coalesce(pType, '-'),
          coalesce(pMask, B'111110100'), nLevel, CollectFilePath(uParent), pName, coalesce(pSize, 0), coalesce(pDate, now()),
          pData, pMime, pText, pHash, pDone, pFail)
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddFile (
  pRoot         uuid,
  pParent       uuid,
  pName         text,
  pType         char DEFAULT '-',
  pOwner        uuid DEFAULT current_userid(),
  pMask         bit(9) DEFAULT B'111110100',
  pLink         uuid DEFAULT null,
  pSize         integer DEFAULT 0,
  pDate         timestamptz DEFAULT now(),
  pData         bytea DEFAULT null,
  pMime         text DEFAULT null,
  pText         text DEFAULT null,
  pHash         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  PERFORM CheckFileCallback(pDone);
  PERFORM CheckFileCallback(pFail);

  RETURN NewFile(null, pRoot, pParent, pName, pType, pOwner, pMask, pLink, pSize, pDate, pData, pMime, pText, pHash,
                 nullif(pDone, ''), nullif(pFail, ''));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Beyond upstream: a move or a directory rename re-derives path, level and
-- root of the whole subtree, so stored paths never go stale (each row's
-- UPDATE notification lets the sync worker move its local copy).
CREATE OR REPLACE FUNCTION RefreshFileSubtree (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  r             record;
BEGIN
  FOR r IN SELECT id FROM db.file WHERE parent = pId AND id <> pId
  LOOP
    UPDATE db.file c
       SET path = CollectFilePath(pId),
           level = p.level + 1,
           root = p.root
      FROM db.file p
     WHERE c.id = r.id AND p.id = pId
       AND (c.path, c.level, c.root) IS DISTINCT FROM (NormalizeFilePath(CollectFilePath(pId)), p.level + 1, p.root);

    PERFORM RefreshFileSubtree(r.id);
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditFile (
  pId           uuid,
  pRoot         uuid DEFAULT null,
  pParent       uuid DEFAULT null,
  pName         text DEFAULT null,
  pOwner        uuid DEFAULT null,
  pMask         bit(9) DEFAULT null,
  pLink         uuid DEFAULT null,
  pSize         integer DEFAULT null,
  pDate         timestamptz DEFAULT null,
  pData         bytea DEFAULT null,
  pMime         text DEFAULT null,
  pText         text DEFAULT null,
  pHash         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       boolean
AS $$
DECLARE
  rOld          db.file%ROWTYPE;
  uParent       uuid;
  uRoot         uuid;
  nLevel        integer;
  vPath         text;
BEGIN
  SELECT * INTO rOld FROM db.file WHERE id = pId;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  PERFORM CheckFileCallback(pDone);
  PERFORM CheckFileCallback(pFail);

  uParent := coalesce(pParent, rOld.parent);
  uRoot := coalesce(pRoot, rOld.root);
  nLevel := rOld.level;
  vPath := rOld.path;

  IF uParent IS DISTINCT FROM rOld.parent THEN
    IF uParent = pId OR EXISTS (
         WITH RECURSIVE up (id, parent) AS (
           SELECT id, parent FROM db.file WHERE id = uParent
           UNION ALL
           SELECT f.id, f.parent FROM db.file f INNER JOIN up u ON f.id = u.parent
         ) SELECT FROM up WHERE id = pId) THEN
      RAISE EXCEPTION 'ERR-40000: Invalid file path: a directory cannot move into itself';
    END IF;

    SELECT level + 1, root INTO nLevel, uRoot FROM db.file WHERE id = uParent;
    IF NOT FOUND THEN
      PERFORM ObjectNotFound('file', 'parent', uParent);
    END IF;
    vPath := CollectFilePath(uParent);
  END IF;

  UPDATE db.file
     SET root = uRoot,
         parent = uParent,
         link = coalesce(pLink, link),
         owner = coalesce(pOwner, owner),
         mask = coalesce(pMask, mask),
         level = nLevel,
         path = vPath,
         name = coalesce(pName, name),
         size = coalesce(pSize, size),
         date = coalesce(pDate, date),
         data = coalesce(pData, data),
         mime = CASE WHEN pMime IS NULL THEN mime ELSE nullif(pMime, '') END,
         text = CASE WHEN pText IS NULL THEN text ELSE nullif(pText, '') END,
         hash = CASE WHEN pHash IS NULL THEN hash ELSE nullif(pHash, '') END,
         done = CASE WHEN pDone IS NULL THEN done ELSE nullif(pDone, '') END,
         fail = CASE WHEN pFail IS NULL THEN fail ELSE nullif(pFail, '') END
   WHERE id = pId;

  IF rOld.type = 'd' AND (uParent IS DISTINCT FROM rOld.parent OR coalesce(pName, rOld.name) <> rOld.name) THEN
    PERFORM RefreshFileSubtree(pId);
  END IF;

  RETURN true;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetFile (
  pId           uuid,
  pType         char DEFAULT null,
  pMask         bit(9) DEFAULT null,
  pOwner        uuid DEFAULT null,
  pRoot         uuid DEFAULT null,
  pParent       uuid DEFAULT null,
  pLink         uuid DEFAULT null,
  pName         text DEFAULT null,
  pSize         integer DEFAULT null,
  pDate         timestamptz DEFAULT null,
  pData         bytea DEFAULT null,
  pMime         text DEFAULT null,
  pText         text DEFAULT null,
  pHash         text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL THEN
    RETURN AddFile(pRoot, pParent, pName, coalesce(pType, '-'), coalesce(pOwner, current_userid()), coalesce(pMask, B'111110100'),
                   pLink, coalesce(pSize, 0), coalesce(pDate, now()), pData, pMime, pText, pHash, pDone, pFail);
  END IF;

  PERFORM EditFile(pId, pRoot, pParent, pName, pOwner, pMask, pLink, pSize, pDate, pData, pMime, pText, pHash, pDone, pFail);
  RETURN pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteFile (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.file WHERE id = pId;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteFiles (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  uChild        uuid;
BEGIN
  FOR uChild IN SELECT id FROM db.file WHERE parent = pId AND id <> pId
  LOOP
    PERFORM DeleteFiles(uChild);
  END LOOP;

  DELETE FROM db.file WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetFile (
  pParent       uuid,
  pName         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.file WHERE pParent IS NOT NULL AND parent = pParent AND name = pName
  UNION ALL
  SELECT id FROM db.file WHERE pParent IS NULL AND parent IS NULL AND name = pName
  LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetFile (
  pName         text,
  pPath         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.file WHERE path = pPath AND name = pName;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewFilePath (
  pPath         text,
  pRoot         uuid DEFAULT null,
  pOwner        uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  vSegment      text;
  uRoot         uuid := pRoot;
  uParent       uuid;
  uId           uuid;
BEGIN
  FOREACH vSegment IN ARRAY coalesce(path_to_array(NormalizeFilePath(pPath)), '{}')
  LOOP
    uId := GetFile(uParent, vSegment);
    IF uId IS NULL THEN
      uId := NewFile(null, uRoot, uParent, vSegment, 'd', coalesce(pOwner, current_userid()));
    END IF;
    uRoot := coalesce(uRoot, uId);
    uParent := uId;
  END LOOP;

  RETURN uParent;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION FindFile (
  pName         text
) RETURNS       uuid
AS $$
DECLARE
  vSegment      text;
  uId           uuid;
BEGIN
  FOREACH vSegment IN ARRAY coalesce(path_to_array(pName), '{}')
  LOOP
    uId := GetFile(uId, vSegment);
    IF uId IS NULL THEN
      RETURN NULL;
    END IF;
  END LOOP;

  RETURN uId;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION QueryFile (
  pFile         text
) RETURNS       uuid
AS $$
DECLARE
  vSegment      text;
  uId           uuid;
  uNext         uuid;
BEGIN
  FOREACH vSegment IN ARRAY coalesce(path_to_array(pFile), '{}')
  LOOP
    uNext := GetFile(uId, vSegment);
    EXIT WHEN uNext IS NULL;
    uId := uNext;
  END LOOP;

  RETURN uId;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
