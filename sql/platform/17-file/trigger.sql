--------------------------------------------------------------------------------
-- file module: trigger functions (listed in create, for the trigger
-- definitions, and in code, so that update refreshes them)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_file_insert()
RETURNS     trigger
AS $$
BEGIN
  NEW.id := coalesce(NEW.id, gen_kernel_uuid('8'));
  NEW.owner := coalesce(NEW.owner, current_userid());
  NEW.root := coalesce(NEW.root, NEW.id);
  NEW.path := NormalizeFilePath(NEW.path);
  NEW.name := NormalizeFileName(NEW.name);
  NEW.url := FileUrl(NEW.type, NEW.path, NEW.name, NEW.data);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_file_type()
RETURNS     trigger
AS $$
BEGIN
  NEW.url := FileUrl(NEW.type, NEW.path, NEW.name, NEW.data);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_file_path()
RETURNS     trigger
AS $$
BEGIN
  NEW.path := NormalizeFilePath(NEW.path);
  NEW.url := FileUrl(NEW.type, NEW.path, NEW.name, NEW.data);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_file_name()
RETURNS     trigger
AS $$
BEGIN
  NEW.name := NormalizeFileName(NEW.name);
  NEW.url := FileUrl(NEW.type, NEW.path, NEW.name, NEW.data);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The file-sync contract (spec 17 §7): an UPDATE names the entry as it was
-- (old id/name/path/hash) with its new type, so the worker can drop the old
-- local copy; a DELETE has no type. A new storage entry has nothing to mirror.
CREATE OR REPLACE FUNCTION db.ft_file_notify()
RETURNS     trigger
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.type <> 's' THEN
      PERFORM pg_notify('file', json_build_object('session', current_session(), 'operation', TG_OP,
        'id', NEW.id, 'type', NEW.type, 'name', NEW.name, 'path', NEW.path, 'hash', NEW.hash)::text);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('file', json_build_object('session', current_session(), 'operation', TG_OP,
      'id', OLD.id, 'type', NEW.type, 'name', OLD.name, 'path', OLD.path, 'hash', OLD.hash)::text);
  ELSE
    PERFORM pg_notify('file', json_build_object('session', current_session(), 'operation', TG_OP,
      'id', OLD.id, 'type', null, 'name', OLD.name, 'path', OLD.path, 'hash', OLD.hash)::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
