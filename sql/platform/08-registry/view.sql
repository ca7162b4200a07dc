-- Registry views: one row per value; keys without values appear once with a
-- NULL value; root keys themselves are left out.

CREATE OR REPLACE VIEW registry.registry_ex AS
  SELECT coalesce(v.id, k.id) AS id,
         k.root AS key,
         CASE WHEN r.key = 'kernel' THEN 'CURRENT_CONFIG' ELSE 'CURRENT_USER' END AS keyname,
         k.parent,
         k.id AS subkey,
         k.key AS subkeyname,
         k.level,
         v.vname AS valuename,
         v.vtype, v.vinteger, v.vnumeric, v.vdatetime, v.vstring, v.vboolean
    FROM registry.key k
    JOIN registry.key r ON r.id = k.root
    LEFT JOIN registry.value v ON v.key = k.id
   WHERE k.level > 0;

CREATE OR REPLACE VIEW registry.registry AS
  SELECT id, key, keyname, parent, subkey, subkeyname, level, valuename,
         CASE WHEN vtype IS NULL THEN NULL
              ELSE ROW(vtype, vinteger, vnumeric, vdatetime, vstring, vboolean)::kernel.Variant
         END AS value
    FROM registry.registry_ex;

CREATE OR REPLACE VIEW registry.registry_key AS
  SELECT * FROM registry.key;

CREATE OR REPLACE VIEW registry.registry_value_ex AS
  SELECT v.id,
         k.root AS key,
         CASE WHEN r.key = 'kernel' THEN 'CURRENT_CONFIG' ELSE 'CURRENT_USER' END AS keyname,
         k.id AS subkey,
         k.key AS subkeyname,
         v.vname AS valuename,
         v.vtype, v.vinteger, v.vnumeric, v.vdatetime, v.vstring, v.vboolean
    FROM registry.value v
    JOIN registry.key k ON k.id = v.key
    JOIN registry.key r ON r.id = coalesce(k.root, k.id);

CREATE OR REPLACE VIEW registry.registry_value AS
  SELECT id, key, keyname, subkey, subkeyname, valuename,
         ROW(vtype, vinteger, vnumeric, vdatetime, vstring, vboolean)::kernel.Variant AS value
    FROM registry.registry_value_ex;

CREATE OR REPLACE FUNCTION registry.registry (pKey uuid) RETURNS SETOF registry.registry
AS $$ SELECT * FROM registry.registry WHERE key = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION registry.registry_ex (pKey uuid) RETURNS SETOF registry.registry_ex
AS $$ SELECT * FROM registry.registry_ex WHERE key = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION registry.registry_key (pKey uuid) RETURNS SETOF registry.registry_key
AS $$ SELECT * FROM registry.registry_key WHERE root = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION registry.registry_value (pKey uuid) RETURNS SETOF registry.registry_value
AS $$ SELECT * FROM registry.registry_value WHERE key = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION registry.registry_value_ex (pKey uuid) RETURNS SETOF registry.registry_value_ex
AS $$ SELECT * FROM registry.registry_value_ex WHERE key = pKey; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The global tree is visible to administrators and the system group (and to
-- the install role); every user sees their own tree.
CREATE OR REPLACE FUNCTION kernel.RegistryConfigVisible()
RETURNS boolean
AS $$
BEGIN
  RETURN session_user = 'kernel'
      OR coalesce(IsUserRole('00000000-0000-4000-a000-000000000001'::uuid, current_userid()), false)
      OR coalesce(IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, current_userid()), false);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE VIEW kernel.Registry AS
  SELECT * FROM registry.registry(kernel.GetRegRoot('kernel')) WHERE kernel.RegistryConfigVisible()
  UNION ALL
  SELECT * FROM registry.registry(kernel.GetRegRoot(kernel.current_username()));

CREATE OR REPLACE VIEW kernel.RegistryEx AS
  SELECT * FROM registry.registry_ex(kernel.GetRegRoot('kernel')) WHERE kernel.RegistryConfigVisible()
  UNION ALL
  SELECT * FROM registry.registry_ex(kernel.GetRegRoot(kernel.current_username()));

CREATE OR REPLACE VIEW kernel.RegistryKey AS
  SELECT * FROM registry.registry_key(kernel.GetRegRoot('kernel')) WHERE kernel.RegistryConfigVisible()
  UNION ALL
  SELECT * FROM registry.registry_key(kernel.GetRegRoot(kernel.current_username()));

CREATE OR REPLACE VIEW kernel.RegistryValue AS
  SELECT * FROM registry.registry_value(kernel.GetRegRoot('kernel')) WHERE kernel.RegistryConfigVisible()
  UNION ALL
  SELECT * FROM registry.registry_value(kernel.GetRegRoot(kernel.current_username()));

CREATE OR REPLACE VIEW kernel.RegistryValueEx AS
  SELECT * FROM registry.registry_value_ex(kernel.GetRegRoot('kernel')) WHERE kernel.RegistryConfigVisible()
  UNION ALL
  SELECT * FROM registry.registry_value_ex(kernel.GetRegRoot(kernel.current_username()));

GRANT SELECT ON kernel.Registry, kernel.RegistryEx, kernel.RegistryKey, kernel.RegistryValue, kernel.RegistryValueEx TO administrator;

CREATE OR REPLACE VIEW api.registry AS SELECT * FROM kernel.Registry;
CREATE OR REPLACE VIEW api.registry_ex AS SELECT * FROM kernel.RegistryEx;
CREATE OR REPLACE VIEW api.registry_key AS SELECT * FROM kernel.RegistryKey;
CREATE OR REPLACE VIEW api.registry_value AS SELECT * FROM kernel.RegistryValue;
CREATE OR REPLACE VIEW api.registry_value_ex AS SELECT * FROM kernel.RegistryValueEx;

GRANT SELECT ON api.registry, api.registry_ex, api.registry_key, api.registry_value, api.registry_value_ex TO administrator;
