--------------------------------------------------------------------------------
-- entity module: files attached to objects (spec 18 §4, spec 17 §11).
-- The virtual file system (db.file and NewFile, GetFile, EditFile, DeleteFile,
-- NewFilePath) belongs to the `file` module, which loads before this one.
-- Everything typed by db.file is created only when that module is installed;
-- without it the /object/file* routes answer "route not found".
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EntityRestFile (
  pPath       text,
  pPayload    jsonb
) RETURNS     SETOF json
AS $$
BEGIN
  IF to_regprocedure('rest.object_file(text,jsonb)') IS NULL THEN
    PERFORM RouteNotFound(pPath);
  END IF;

  RETURN QUERY EXECUTE 'SELECT * FROM rest.object_file($1, $2)' USING pPath, pPayload;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Default directory of an object's files: /<class code>/<object id>/.
CREATE OR REPLACE FUNCTION ObjectFilePath (
  pObject     uuid,
  pPath       text DEFAULT null
) RETURNS     text
AS $$
  SELECT CASE
           WHEN coalesce(pPath, '') IN ('', '~/', '~') THEN '/' || GetClassCode(GetObjectClass(pObject)) || '/' || pObject::text || '/'
           ELSE '/' || array_to_string(array_remove(string_to_array(pPath, '/'), ''), '/') || '/'
         END;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

DO $file$
BEGIN
  IF to_regclass('db.file') IS NULL THEN
    RETURN;
  END IF;

  EXECUTE $sql$
CREATE OR REPLACE VIEW ObjectFile (Object, File, Label, Owner, OwnerCode, OwnerName,
  Name, Path, Size, Date, Link, Hash, Text, Type, Loaded, Picture)
AS
  SELECT of.object, of.file,
         (SELECT x.label FROM db.object_text x WHERE x.object = of.object AND x.locale = (SELECT EntityLocale())),
         f.owner, u.username, u.name,
         f.name, f.path, f.size, f.date, f.url, f.hash, f.text, f.mime, of.updated,
         (SELECT p.picture FROM db.profile p WHERE p.userid = f.owner AND p.scope = (SELECT current_scope()))
    FROM db.object_file of
   INNER JOIN db.file f ON f.id = of.file
   INNER JOIN db.user u ON u.id = f.owner
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE VIEW ObjectFileData (Object, File, Label, Owner, OwnerCode, OwnerName,
  Name, Path, Size, Date, Data, Link, Hash, Text, Type, Loaded, Picture)
AS
  SELECT of.object, of.file,
         (SELECT x.label FROM db.object_text x WHERE x.object = of.object AND x.locale = (SELECT EntityLocale())),
         f.owner, u.username, u.name,
         f.name, f.path, f.size, f.date, encode(f.data, 'base64'), f.url, f.hash, f.text, f.mime, of.updated,
         (SELECT p.picture FROM db.profile p WHERE p.userid = f.owner AND p.scope = (SELECT current_scope()))
    FROM db.object_file of
   INNER JOIN db.file f ON f.id = of.file
   INNER JOIN db.user u ON u.id = f.owner
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE VIEW api.object_file
AS
  SELECT * FROM ObjectFile WHERE object = ANY ((SELECT AccessSelectable())::uuid[])
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE VIEW api.object_file_data
AS
  SELECT * FROM ObjectFileData WHERE object = ANY ((SELECT AccessSelectable())::uuid[])
  $sql$;

  EXECUTE 'GRANT SELECT ON ObjectFile, ObjectFileData, api.object_file, api.object_file_data TO administrator';

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.NewObjectFile (
  pObject     uuid,
  pFile       uuid,
  pName       text,
  pPath       text DEFAULT null,
  pSize       integer DEFAULT null,
  pDate       timestamptz DEFAULT null,
  pData       bytea DEFAULT null,
  pHash       text DEFAULT null,
  pText       text DEFAULT null,
  pMime       text DEFAULT null,
  pDone       text DEFAULT null,
  pFail       text DEFAULT null
) RETURNS     uuid
AS $$
DECLARE
  vPath       text;
  vClass      text := GetClassCode(GetObjectClass(pObject));
  uRoot       uuid;
  uParent     uuid;
  cType       char := CASE WHEN pMime = 'text/x-uri' THEN 'l' ELSE '-' END;
BEGIN
  IF pFile IS NULL THEN
    IF coalesce(pName, '') = '' THEN
      PERFORM JsonKeyNotFound('/object/file', 'name');
    END IF;

    vPath := ObjectFilePath(pObject, pPath);
    uRoot := NewFilePath('/' || vClass || '/', null, GetObjectOwner(pObject));
    uParent := NewFilePath(vPath, uRoot, GetObjectOwner(pObject));
    pFile := GetFile(pName, vPath);

    IF pFile IS NULL THEN
      IF cType = '-' AND pData IS NOT NULL THEN
        pHash := coalesce(pHash, encode(digest(pData, 'sha256'), 'hex'));
        pSize := coalesce(pSize, length(pData));
      END IF;
      pFile := NewFile(null, uRoot, uParent, pName, cType, GetObjectOwner(pObject), B'111110100', null,
                       coalesce(pSize, 0), coalesce(pDate, now()), pData, pMime, pText, pHash, pDone, pFail);
    END IF;
  END IF;

  INSERT INTO db.object_file (object, file) VALUES (pObject, pFile)
  ON CONFLICT (object, file) DO NOTHING;

  RETURN pFile;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.EditObjectFile (
  pObject     uuid,
  pFile       uuid,
  pName       text,
  pPath       text DEFAULT null,
  pSize       integer DEFAULT null,
  pDate       timestamptz DEFAULT null,
  pData       bytea DEFAULT null,
  pHash       text DEFAULT null,
  pText       text DEFAULT null,
  pMime       text DEFAULT null
) RETURNS     void
AS $$
BEGIN
  pFile := coalesce(pFile, GetFile(pName, ObjectFilePath(pObject, pPath)));
  IF pFile IS NULL THEN
    PERFORM NotFound();
  END IF;

  IF pData IS NOT NULL AND coalesce(pMime, '') <> 'text/x-uri' THEN
    pHash := coalesce(pHash, encode(digest(pData, 'sha256'), 'hex'));
    pSize := coalesce(pSize, length(pData));
  END IF;

  PERFORM EditFile(pFile, null, null, pName, null, null, null, pSize, pDate, pData, pMime, pText, pHash);
  UPDATE db.object_file SET updated = now() WHERE object = pObject AND file = pFile;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.DeleteObjectFile (
  pObject     uuid,
  pFile       uuid,
  pName       text DEFAULT null,
  pPath       text DEFAULT null
) RETURNS     boolean
AS $$
BEGIN
  pFile := coalesce(pFile, GetFile(pName, ObjectFilePath(pObject, pPath)));

  DELETE FROM db.object_file WHERE object = pObject AND file = pFile;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  -- The last attachment of a file takes the file with it.
  IF NOT EXISTS (SELECT FROM db.object_file WHERE file = pFile) THEN
    PERFORM DeleteFile(pFile);
  END IF;

  RETURN true;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.ClearObjectFiles (
  pObject     uuid
) RETURNS     void
AS $$
DECLARE
  r           record;
BEGIN
  FOR r IN SELECT file FROM db.object_file WHERE object = pObject
  LOOP
    PERFORM DeleteObjectFile(pObject, r.file);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.SetObjectFile (
  pObject     uuid,
  pFile       uuid,
  pName       text,
  pPath       text DEFAULT null,
  pSize       integer DEFAULT null,
  pDate       timestamptz DEFAULT null,
  pData       bytea DEFAULT null,
  pHash       text DEFAULT null,
  pText       text DEFAULT null,
  pMime       text DEFAULT null,
  pDone       text DEFAULT null,
  pFail       text DEFAULT null
) RETURNS     uuid
AS $$
BEGIN
  pFile := coalesce(pFile, GetFile(pName, ObjectFilePath(pObject, pPath)));

  IF pSize < 0 THEN
    PERFORM DeleteObjectFile(pObject, pFile, pName, pPath);
    RETURN pFile;
  END IF;

  IF pFile IS NULL THEN
    RETURN NewObjectFile(pObject, null, pName, pPath, pSize, pDate, pData, pHash, pText, pMime, pDone, pFail);
  END IF;

  INSERT INTO db.object_file (object, file) VALUES (pObject, pFile) ON CONFLICT (object, file) DO NOTHING;
  PERFORM EditObjectFile(pObject, pFile, pName, pPath, pSize, pDate, pData, pHash, pText, pMime);
  RETURN pFile;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.GetObjectFilesJsonb (
  pObject     uuid
) RETURNS     jsonb
AS $$
  SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.path, f.name), '[]'::jsonb)
    FROM ObjectFile f WHERE f.object = pObject;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.GetObjectFilesJson (pObject uuid) RETURNS json
AS $$ SELECT GetObjectFilesJsonb(pObject)::json; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION kernel.GetObjectFiles (
  pObject     uuid
) RETURNS     text[][]
AS $$
  SELECT coalesce(array_agg(ARRAY[f.file::text, f.name, f.path, f.size::text, f.date::text, f.link, f.hash, f.text, f.type] ORDER BY f.path, f.name), '{}')
    FROM ObjectFile f WHERE f.object = pObject;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.set_object_file (
  pObject     uuid,
  pFile       uuid,
  pName       text,
  pPath       text DEFAULT null,
  pSize       integer DEFAULT null,
  pDate       timestamptz DEFAULT null,
  pData       text DEFAULT null,
  pHash       text DEFAULT null,
  pText       text DEFAULT null,
  pType       text DEFAULT null
) RETURNS     SETOF api.object_file
AS $$
DECLARE
  bData       bytea;
BEGIN
  PERFORM EntityRequireAccess(pObject, B'010');
  BEGIN
    bData := decode(nullif(pData, ''), 'base64');
  EXCEPTION WHEN others THEN
    PERFORM IncorrectJsonType('data', 'base64');
  END;
  pFile := SetObjectFile(pObject, pFile, nullif(trim(pName), ''), nullif(trim(pPath), ''), pSize, pDate, bData,
                         nullif(trim(pHash), ''), nullif(trim(pText), ''), nullif(trim(pType), ''));
  RETURN QUERY SELECT * FROM api.object_file WHERE object = pObject AND file = pFile;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.set_object_files_jsonb (
  pObject     uuid,
  pFiles      jsonb
) RETURNS     SETOF api.object_file
AS $$
DECLARE
  e           jsonb;
BEGIN
  PERFORM EntityRequireAccess(pObject, B'010');
  IF jsonb_typeof(pFiles) = 'object' THEN
    pFiles := jsonb_build_array(pFiles);
  END IF;
  IF jsonb_typeof(pFiles) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pFiles), 'null'), 'array');
  END IF;
  FOR e IN SELECT jsonb_array_elements(pFiles)
  LOOP
    PERFORM CheckJsonbKeys('/object/file/files', ARRAY['file', 'name', 'path', 'size', 'date', 'data', 'hash', 'text', 'type'], e);
    PERFORM api.set_object_file(pObject, JsonUUID(e, 'file'), JsonText(e, 'name'), JsonText(e, 'path'), JsonInt(e, 'size'),
                                JsonTimestamp(e, 'date'), JsonText(e, 'data'), JsonText(e, 'hash'), JsonText(e, 'text'), JsonText(e, 'type'));
  END LOOP;
  RETURN QUERY SELECT * FROM api.object_file WHERE object = pObject ORDER BY path, name;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.set_object_files_json (pObject uuid, pFiles json) RETURNS SETOF api.object_file
AS $$ SELECT * FROM api.set_object_files_jsonb(pObject, pFiles::jsonb); $$
LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.get_object_files_json (
  pObject     uuid
) RETURNS     json
AS $$
BEGIN
  PERFORM EntityRequireAccess(pObject, B'100');
  RETURN GetObjectFilesJson(pObject);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.get_object_file (
  pObject     uuid,
  pFile       uuid,
  pName       text DEFAULT null,
  pPath       text DEFAULT null
) RETURNS     SETOF api.object_file_data
AS $$
DECLARE
  uParent     uuid := GetObjectParent(pObject);
BEGIN
  PERFORM EntityRequireAccess(pObject, B'100');
  IF pFile IS NULL THEN
    pFile := GetFile(pName, ObjectFilePath(pObject, pPath));
    IF pFile IS NULL AND uParent IS NOT NULL THEN
      pFile := GetFile(pName, ObjectFilePath(uParent, pPath));
    END IF;
  END IF;
  RETURN QUERY SELECT * FROM api.object_file_data WHERE file = pFile AND object IN (pObject, uParent);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.delete_object_file (
  pObject     uuid,
  pFile       uuid,
  pName       text DEFAULT null,
  pPath       text DEFAULT null
) RETURNS     boolean
AS $$
BEGIN
  PERFORM EntityRequireAccess(pObject, B'001');
  RETURN DeleteObjectFile(pObject, pFile, pName, pPath);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.clear_object_files (
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityRequireAccess(pObject, B'001');
  PERFORM ClearObjectFiles(pObject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.count_object_file (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_file', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(*)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION api.list_object_file (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_file
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_file', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["path", "name"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp
  $sql$;

  EXECUTE $sql$
CREATE OR REPLACE FUNCTION rest.object_file (
  pPath       text,
  pPayload    jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
  uId         uuid;
BEGIN
  PERFORM RestRequireSession();

  CASE lower(pPath)
  WHEN '/object/file', '/object/file/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'clear', 'files'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      IF e ? 'files' AND jsonb_typeof(e->'files') <> 'null' THEN
        IF coalesce(JsonBool(e, 'clear'), false) THEN
          PERFORM api.clear_object_files(uId);
        END IF;
        RETURN QUERY SELECT row_to_json(t) FROM api.set_object_files_jsonb(uId, e->'files') t;
      ELSIF lower(pPath) = '/object/file' THEN
        RETURN NEXT api.get_object_files_json(uId);
      ELSE
        PERFORM JsonKeyNotFound(pPath, 'files');
      END IF;
    END LOOP;

  WHEN '/object/file/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'file', 'path', 'name', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_file(JsonUUID(e, 'id'), JsonUUID(e, 'file'), JsonText(e, 'name'), JsonText(e, 'path')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/file/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_file');

  WHEN '/object/file/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_file', '["path", "name"]'::jsonb);

  WHEN '/object/file/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'file', 'path', 'name'], ARRAY['id'], true)
    LOOP
      RETURN NEXT json_build_object('success', api.delete_object_file(JsonUUID(e, 'id'), JsonUUID(e, 'file'), JsonText(e, 'name'), JsonText(e, 'path')));
    END LOOP;

  WHEN '/object/file/clear' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true)
    LOOP
      PERFORM api.clear_object_files(JsonUUID(e, 'id'));
      RETURN NEXT e::json;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
  $sql$;
END;
$file$;
