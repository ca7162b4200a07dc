-- Registry API (after view.sql: functions return its row types).
-- CURRENT_USER always means current_userid() here.

CREATE OR REPLACE FUNCTION api.registry (pId uuid DEFAULT null, pKey uuid DEFAULT null, pSubKey uuid DEFAULT null)
RETURNS SETOF api.registry
AS $$
  SELECT * FROM api.registry
   WHERE (pId IS NULL OR id = pId) AND (pKey IS NULL OR key = pKey) AND (pSubKey IS NULL OR subkey = pSubKey)
   ORDER BY keyname, level, subkeyname, valuename;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_ex (pId uuid DEFAULT null, pKey uuid DEFAULT null, pSubKey uuid DEFAULT null)
RETURNS SETOF api.registry_ex
AS $$
  SELECT * FROM api.registry_ex
   WHERE (pId IS NULL OR id = pId) AND (pKey IS NULL OR key = pKey) AND (pSubKey IS NULL OR subkey = pSubKey)
   ORDER BY keyname, level, subkeyname, valuename;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_key (pId uuid DEFAULT null, pRoot uuid DEFAULT null, pParent uuid DEFAULT null, pKey text DEFAULT null)
RETURNS SETOF api.registry_key
AS $$
  SELECT * FROM api.registry_key
   WHERE (pId IS NULL OR id = pId) AND (pRoot IS NULL OR root = pRoot)
     AND (pParent IS NULL OR parent = pParent) AND (pKey IS NULL OR key = pKey)
   ORDER BY level, key;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_value (pId uuid DEFAULT null, pKey uuid DEFAULT null)
RETURNS SETOF api.registry_value
AS $$
  SELECT * FROM api.registry_value
   WHERE (pId IS NULL OR id = pId) AND (pKey IS NULL OR key = pKey)
   ORDER BY keyname, subkeyname, valuename;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_value_ex (pId uuid DEFAULT null, pKey uuid DEFAULT null)
RETURNS SETOF api.registry_value_ex
AS $$
  SELECT * FROM api.registry_value_ex
   WHERE (pId IS NULL OR id = pId) AND (pKey IS NULL OR key = pKey)
   ORDER BY keyname, subkeyname, valuename;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_get_reg_key (pKey uuid) RETURNS text
AS $$ SELECT registry.get_reg_key(pKey); $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_enum_key (pKey text, pSubKey text)
RETURNS TABLE (id uuid, key text, subkey text)
AS $$
  SELECT k.id, k.key, registry.get_reg_key(k.id)
    FROM kernel.RegEnumKey(kernel.RegOpenKey(pKey, pSubKey, kernel.current_userid())) AS k;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_enum_value (pKey text, pSubKey text)
RETURNS TABLE (id uuid, key uuid, subkey text, valuename text, value Variant)
AS $$
  SELECT v.id, v.key, registry.get_reg_key(v.key), v.vname, v.value
    FROM kernel.RegEnumValue(kernel.RegOpenKey(pKey, pSubKey, kernel.current_userid())) AS v;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_enum_value_ex (pKey text, pSubKey text)
RETURNS TABLE (id uuid, key uuid, subkey text, valuename text, vtype integer, vinteger integer,
               vnumeric numeric, vdatetime timestamp, vstring text, vboolean boolean)
AS $$
  SELECT v.id, v.key, registry.get_reg_key(v.key), v.vname, v.vtype, v.vinteger, v.vnumeric, v.vdatetime, v.vstring, v.vboolean
    FROM kernel.RegEnumValueEx(kernel.RegOpenKey(pKey, pSubKey, kernel.current_userid())) AS v;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_write (
  pId         uuid,
  pKey        text,
  pSubKey     text,
  pValueName  text,
  pType       integer,
  pData       anynonarray
) RETURNS     uuid
AS $$
DECLARE
  vData       Variant;
  vText       text := pData::text;
BEGIN
  CASE pType
  WHEN 0 THEN vData := ROW(0, vText::integer, null, null, null, null);
  WHEN 1 THEN vData := ROW(1, null, vText::numeric, null, null, null);
  WHEN 2 THEN vData := ROW(2, null, null, vText::timestamp, null, null);
  WHEN 3 THEN vData := ROW(3, null, null, null, vText, null);
  WHEN 4 THEN vData := ROW(4, null, null, null, null, vText::boolean);
  ELSE
    PERFORM IncorrectRegistryDataType(pType);
  END CASE;

  RETURN RegSetValue(coalesce(pId, RegCreateKey(pKey, pSubKey, current_userid())), pValueName, vData);
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_read (pKey text, pSubKey text, pValueName text)
RETURNS Variant
AS $$
  SELECT kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, kernel.current_userid()), pValueName);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upstream raises the bare status text here (an unstructured 500); a missing
-- key is the caller's mistake, so it is reported as ERR-400-030.
CREATE OR REPLACE FUNCTION api.registry_delete_key (pKey text, pSubKey text)
RETURNS void
AS $$
DECLARE
  uKey        uuid := RegOpenKey(pKey, pSubKey, current_userid());
BEGIN
  -- Upstream lets the foreign key fail (a 500); children need delete/tree.
  IF EXISTS (SELECT FROM registry.key WHERE parent = uKey) THEN
    PERFORM OperationNotPossible();
  END IF;
  IF NOT RegDeleteKey(pKey, pSubKey, current_userid()) THEN
    PERFORM ObjectNotFound('registry key', 'subkey', coalesce(pSubKey, ''));
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_delete_value (pId uuid, pKey text, pSubKey text, pValueName text)
RETURNS void
AS $$
BEGIN
  IF pId IS NOT NULL THEN
    PERFORM DelRegKeyValue(pId);
  ELSIF NOT RegDeleteKeyValue(pKey, pSubKey, pValueName, current_userid()) THEN
    IF GetErrorMessage() = 'Specified value not found.' THEN
      PERFORM ObjectNotFound('registry value', 'name', coalesce(pValueName, ''));
    END IF;
    PERFORM ObjectNotFound('registry key', 'subkey', coalesce(pSubKey, ''));
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.registry_delete_tree (pKey text, pSubKey text)
RETURNS void
AS $$
BEGIN
  IF NOT RegDeleteTree(pKey, pSubKey, current_userid()) THEN
    PERFORM ObjectNotFound('registry key', 'subkey', coalesce(pSubKey, ''));
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;
