-- Registry: low-level key/value access and the Reg* API.

--------------------------------------------------------------------------------
-- Low level ------------------------------------------------------------------
--------------------------------------------------------------------------------

-- 'A\\B\' → {A,B}: empty segments are ignored.
CREATE OR REPLACE FUNCTION registry.reg_key_to_array (pKey text)
RETURNS text[]
AS $$
  SELECT ARRAY(SELECT s FROM unnest(string_to_array(pKey, E'\\')) WITH ORDINALITY AS t(s, ord) WHERE s <> '' ORDER BY ord);
$$ LANGUAGE sql IMMUTABLE;

-- Path of a key below its root (the root segment itself excluded).
CREATE OR REPLACE FUNCTION registry.get_reg_key (pId uuid)
RETURNS text
AS $$
  WITH RECURSIVE up (id, parent, key, level) AS (
    SELECT id, parent, key, level FROM registry.key WHERE id = pId
    UNION ALL
    SELECT k.id, k.parent, k.key, k.level FROM registry.key k JOIN up ON k.id = up.parent
  )
  SELECT string_agg(key, E'\\' ORDER BY level) FROM up WHERE level > 0;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION registry.get_reg_value (pId uuid)
RETURNS Variant
AS $$
  SELECT ROW(vtype, vinteger, vnumeric, vdatetime, vstring, vboolean)::kernel.Variant
    FROM registry.value WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AddRegKey (pRoot uuid, pParent uuid, pKey text)
RETURNS uuid
AS $$
DECLARE
  uId       uuid;
  nLevel    integer := 0;
  uParent   uuid := coalesce(pParent, pRoot);
BEGIN
  IF uParent IS NOT NULL THEN
    SELECT level + 1 INTO nLevel FROM registry.key WHERE id = uParent;
  END IF;

  INSERT INTO registry.key (root, parent, key, level)
  VALUES (pRoot, uParent, pKey, coalesce(nLevel, 0))
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetRegRoot (pKey text) RETURNS uuid
AS $$ SELECT id FROM registry.key WHERE key = pKey AND level = 0; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetRegKey (pParent uuid, pKey text) RETURNS uuid
AS $$ SELECT id FROM registry.key WHERE parent = pParent AND key = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetRegKeyValue (pKey uuid, pValueName text) RETURNS uuid
AS $$ SELECT id FROM registry.value WHERE key = pKey AND vname = pValueName; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Fails (foreign key) when the key still has children: see DelTreeRegKey.
CREATE OR REPLACE FUNCTION kernel.DelRegKey (pKey uuid) RETURNS void
AS $$
BEGIN
  DELETE FROM registry.value WHERE key = pKey;
  DELETE FROM registry.key WHERE id = pKey;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DelRegKeyValue (pId uuid) RETURNS void
AS $$
BEGIN
  DELETE FROM registry.value WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DelTreeRegKey (pKey uuid) RETURNS void
AS $$
DECLARE
  uChild    uuid;
BEGIN
  FOR uChild IN SELECT id FROM registry.key WHERE parent = pKey LOOP
    PERFORM DelTreeRegKey(uChild);
  END LOOP;
  PERFORM DelRegKey(pKey);
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Keys -----------------------------------------------------------------------
--------------------------------------------------------------------------------

-- Root alias → root key name.
CREATE OR REPLACE FUNCTION kernel.RegRootName (pKey text, pUserId uuid)
RETURNS text
AS $$
BEGIN
  CASE pKey
  WHEN 'CURRENT_CONFIG' THEN
    RETURN 'kernel';
  WHEN 'CURRENT_USER' THEN
    RETURN GetUserName(pUserId);
  ELSE
    PERFORM IncorrectRegistryKey(coalesce(pKey, '<null>'), ARRAY['CURRENT_CONFIG', 'CURRENT_USER']);
  END CASE;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegCreateKey (
  pKey      text,
  pSubKey   text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   uuid
AS $$
DECLARE
  vName     text := RegRootName(pKey, pUserId);
  uRoot     uuid;
  uParent   uuid;
  uKey      uuid;
  vSegment  text;
BEGIN
  IF vName IS NULL THEN
    PERFORM UserNotFound(coalesce(pUserId, null_uuid()));
  END IF;

  IF pSubKey IS NULL THEN
    RETURN NULL;
  END IF;

  uRoot := GetRegRoot(vName);
  IF uRoot IS NULL THEN
    INSERT INTO registry.key (root, parent, key, level) VALUES (null, null, vName, 0)
    ON CONFLICT (key) WHERE level = 0 DO NOTHING
    RETURNING id INTO uRoot;
    uRoot := coalesce(uRoot, GetRegRoot(vName));
  END IF;

  uParent := uRoot;
  FOREACH vSegment IN ARRAY registry.reg_key_to_array(pSubKey) LOOP
    uKey := GetRegKey(uParent, vSegment);
    IF uKey IS NULL THEN
      INSERT INTO registry.key (root, parent, key, level)
      SELECT uRoot, uParent, vSegment, p.level + 1 FROM registry.key p WHERE p.id = uParent
      ON CONFLICT (root, parent, key) DO NOTHING
      RETURNING id INTO uKey;
      uKey := coalesce(uKey, GetRegKey(uParent, vSegment));
    END IF;
    uParent := uKey;
  END LOOP;

  RETURN uKey;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegOpenKey (
  pKey      text,
  pSubKey   text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   uuid
AS $$
DECLARE
  uKey      uuid;
  vSegment  text;
BEGIN
  uKey := GetRegRoot(RegRootName(pKey, pUserId));

  IF uKey IS NULL OR pSubKey IS NULL THEN
    RETURN uKey;
  END IF;

  FOREACH vSegment IN ARRAY registry.reg_key_to_array(pSubKey) LOOP
    uKey := GetRegKey(uKey, vSegment);
    EXIT WHEN uKey IS NULL;
  END LOOP;

  RETURN uKey;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegDeleteKey (
  pKey      text,
  pSubKey   text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   boolean
AS $$
DECLARE
  uKey      uuid := RegOpenKey(pKey, pSubKey, pUserId);
BEGIN
  IF uKey IS NULL THEN
    PERFORM SetErrorMessage('Specified subkey not found.');
    RETURN false;
  END IF;
  PERFORM DelRegKey(uKey);
  PERFORM SetErrorMessage('Success.');
  RETURN true;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegDeleteKeyValue (
  pKey        text,
  pSubKey     text,
  pValueName  text,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     boolean
AS $$
DECLARE
  uKey        uuid := RegOpenKey(pKey, pSubKey, pUserId);
  uValue      uuid;
BEGIN
  IF uKey IS NULL THEN
    PERFORM SetErrorMessage('Specified subkey not found.');
    RETURN false;
  END IF;
  uValue := GetRegKeyValue(uKey, pValueName);
  IF uValue IS NULL THEN
    PERFORM SetErrorMessage('Specified value not found.');
    RETURN false;
  END IF;
  PERFORM DelRegKeyValue(uValue);
  PERFORM SetErrorMessage('Success.');
  RETURN true;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegDeleteTree (
  pKey      text,
  pSubKey   text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   boolean
AS $$
DECLARE
  uKey      uuid := RegOpenKey(pKey, pSubKey, pUserId);
BEGIN
  IF uKey IS NULL THEN
    PERFORM SetErrorMessage('Specified subkey not found.');
    RETURN false;
  END IF;
  PERFORM DelTreeRegKey(uKey);
  PERFORM SetErrorMessage('Success.');
  RETURN true;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegEnumKey (pId uuid) RETURNS SETOF registry.key
AS $$ SELECT * FROM registry.key WHERE parent = pId ORDER BY key; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegEnumValue (
  pKey        uuid,
  OUT id      uuid,
  OUT key     uuid,
  OUT vname   text,
  OUT value   Variant
) RETURNS     SETOF record
AS $$
  SELECT v.id, v.key, v.vname, ROW(v.vtype, v.vinteger, v.vnumeric, v.vdatetime, v.vstring, v.vboolean)::kernel.Variant
    FROM registry.value v WHERE v.key = pKey ORDER BY v.vname;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegEnumValueEx (pKey uuid) RETURNS SETOF registry.value
AS $$ SELECT * FROM registry.value WHERE key = pKey ORDER BY vname; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Values ---------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.RegQueryValue (pId uuid) RETURNS Variant
AS $$ SELECT registry.get_reg_value(pId); $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegQueryValueEx (pId uuid) RETURNS registry.value
AS $$ SELECT * FROM registry.value WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValue (pKey uuid, pValueName text) RETURNS Variant
AS $$
  SELECT ROW(vtype, vinteger, vnumeric, vdatetime, vstring, vboolean)::kernel.Variant
    FROM registry.value WHERE key = pKey AND vname = pValueName;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueEx (pKey uuid, pValueName text) RETURNS registry.value
AS $$ SELECT * FROM registry.value WHERE key = pKey AND vname = pValueName; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upsert. pKey may also be the id of an existing value (then that value is
-- updated, and renamed when a name is given). Updates coalesce every field
-- with the old one: fields of other types are kept and nothing becomes NULL.
CREATE OR REPLACE FUNCTION kernel.RegSetValueEx (
  pKey        uuid,
  pValueName  text,
  pType       integer,
  pInteger    integer DEFAULT null,
  pNumeric    numeric DEFAULT null,
  pDateTime   timestamp DEFAULT null,
  pString     text DEFAULT null,
  pBoolean    boolean DEFAULT null
) RETURNS     uuid
AS $$
DECLARE
  uId         uuid;
BEGIN
  IF pType IS NULL OR pType NOT BETWEEN 0 AND 4 THEN
    PERFORM IncorrectRegistryDataType(pType);
  END IF;

  SELECT id INTO uId FROM registry.value WHERE id = pKey;

  IF uId IS NOT NULL THEN
    UPDATE registry.value
       SET vname = coalesce(pValueName, vname),
           vtype = pType,
           vinteger = coalesce(pInteger, vinteger),
           vnumeric = coalesce(pNumeric, vnumeric),
           vdatetime = coalesce(pDateTime, vdatetime),
           vstring = coalesce(pString, vstring),
           vboolean = coalesce(pBoolean, vboolean)
     WHERE id = uId;
    RETURN uId;
  END IF;

  IF pKey IS NULL OR NOT EXISTS (SELECT FROM registry.key WHERE id = pKey) THEN
    PERFORM ObjectNotFound('registry key', 'id', pKey);
  END IF;

  INSERT INTO registry.value AS v (key, vname, vtype, vinteger, vnumeric, vdatetime, vstring, vboolean)
  VALUES (pKey, coalesce(pValueName, 'default'), pType, pInteger, pNumeric, pDateTime, pString, pBoolean)
  ON CONFLICT (key, vname) DO UPDATE
     SET vtype = EXCLUDED.vtype,
         vinteger = coalesce(EXCLUDED.vinteger, v.vinteger),
         vnumeric = coalesce(EXCLUDED.vnumeric, v.vnumeric),
         vdatetime = coalesce(EXCLUDED.vdatetime, v.vdatetime),
         vstring = coalesce(EXCLUDED.vstring, v.vstring),
         vboolean = coalesce(EXCLUDED.vboolean, v.vboolean)
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValue (pKey uuid, pValueName text, pData Variant)
RETURNS uuid
AS $$
BEGIN
  RETURN RegSetValueEx(pKey, pValueName, pData.vType, pData.vInteger, pData.vNumeric, pData.vDateTime, pData.vString, pData.vBoolean);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValueInteger (pKey text, pSubKey text, pValueName text, pValue integer, pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$ SELECT kernel.RegSetValueEx(kernel.RegCreateKey(pKey, pSubKey, pUserId), pValueName, 0, pInteger => pValue); $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValueNumeric (pKey text, pSubKey text, pValueName text, pValue numeric, pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$ SELECT kernel.RegSetValueEx(kernel.RegCreateKey(pKey, pSubKey, pUserId), pValueName, 1, pNumeric => pValue); $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValueDate (pKey text, pSubKey text, pValueName text, pValue timestamp, pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$ SELECT kernel.RegSetValueEx(kernel.RegCreateKey(pKey, pSubKey, pUserId), pValueName, 2, pDateTime => pValue); $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValueString (pKey text, pSubKey text, pValueName text, pValue text, pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$ SELECT kernel.RegSetValueEx(kernel.RegCreateKey(pKey, pSubKey, pUserId), pValueName, 3, pString => pValue); $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegSetValueBoolean (pKey text, pSubKey text, pValueName text, pValue boolean, pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$ SELECT kernel.RegSetValueEx(kernel.RegCreateKey(pKey, pSubKey, pUserId), pValueName, 4, pBoolean => pValue); $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Typed reads: NULL when the key or value is missing or holds another type.
CREATE OR REPLACE FUNCTION kernel.RegGetValueType (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS integer AS $$ SELECT (kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName)).vType; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueInteger (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS integer
AS $$ SELECT CASE WHEN v.vType = 0 THEN v.vInteger END FROM kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName) AS v; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueNumeric (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS numeric
AS $$ SELECT CASE WHEN v.vType = 1 THEN v.vNumeric END FROM kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName) AS v; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueDate (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS timestamp
AS $$ SELECT CASE WHEN v.vType = 2 THEN v.vDateTime END FROM kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName) AS v; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueString (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS text
AS $$ SELECT CASE WHEN v.vType = 3 THEN v.vString END FROM kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName) AS v; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RegGetValueBoolean (pKey text, pSubKey text, pValueName text, pUserId uuid DEFAULT current_userid())
RETURNS boolean
AS $$ SELECT CASE WHEN v.vType = 4 THEN v.vBoolean END FROM kernel.RegGetValue(kernel.RegOpenKey(pKey, pSubKey, pUserId), pValueName) AS v; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
