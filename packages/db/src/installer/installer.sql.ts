// Statements the installer runs. Utility commands (CREATE ROLE, CREATE
// DATABASE, GRANT …) take no bind parameters, so PostgreSQL's own format()
// builds them from bound values (%I quotes identifiers, %L literals) and the
// installer executes the returned text: no SQL is assembled in TypeScript.

export const roleLockSql = "SELECT pg_advisory_lock(hashtext('pgfleet:installer:roles'))";
export const roleUnlockSql = "SELECT pg_advisory_unlock(hashtext('pgfleet:installer:roles'))";

export const roleExistsSql = 'SELECT 1 FROM pg_roles WHERE rolname = $1';

/** $1 role, $2 attributes keyword list (validated by the caller), $3 password or null, $4 group or null. */
export const createRoleSql = `
SELECT format('CREATE ROLE %I %s', $1::text, $2::text)
  || CASE WHEN $3::text IS NULL THEN '' ELSE format(' PASSWORD %L', $3::text) END
  || CASE WHEN $4::text IS NULL THEN '' ELSE format(' IN ROLE %I', $4::text) END`;

export const alterPasswordSql = "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)";

export const grantMembershipSql = "SELECT format('GRANT %I TO %I', $1::text, $2::text)";

export const isMemberSql = `
SELECT 1 FROM pg_auth_members m
  JOIN pg_roles g ON g.oid = m.roleid
  JOIN pg_roles r ON r.oid = m.member
 WHERE g.rolname = $1 AND r.rolname = $2`;

export const databaseExistsSql = 'SELECT 1 FROM pg_database WHERE datname = $1';

export const takeOwnershipSql = "SELECT format('ALTER DATABASE %I OWNER TO %I', $1::text, $2::text)";

export const createDatabaseSql = "SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', $1::text, $2::text, 'UTF8')";

export const dropDatabaseSql = "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)";

export const terminateBackendsSql = 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()';

export const createExtensionSql = 'CREATE EXTENSION IF NOT EXISTS pgcrypto';

export const installedSql = "SELECT to_regclass('db.patch_log') IS NOT NULL AS installed";

export const sessionSettingsSql = `
SELECT set_config('check_function_bodies', 'off', false),
       set_config('search_path', 'kernel, public', false),
       set_config('client_min_messages', 'warning', false),
       set_config('pgfleet.project', $1, false),
       set_config('pgfleet.secret_key', $2, false),
       set_config('pgfleet.admin_password', $3, false),
       set_config('pgfleet.public_url', $4, false)`;

export const createPatchLogSql = `
CREATE SCHEMA IF NOT EXISTS db;
CREATE TABLE IF NOT EXISTS db.patch_log (
  name       text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Which modules have had their install-only phases (`create`, `seed`), so
 * `update` can install a module that is new in the tree. Apart from the patch
 * log because a module is not a migration: status and patch never list it.
 */
export const createModuleLogSql = `
CREATE TABLE IF NOT EXISTS db.module_log (
  name         text PRIMARY KEY,
  installed_at timestamptz NOT NULL DEFAULT now()
)`;

export const moduleLogExistsSql = "SELECT to_regclass('db.module_log') IS NOT NULL AS present";

export const recordModuleSql = 'INSERT INTO db.module_log (name) VALUES ($1) ON CONFLICT (name) DO NOTHING';

export const installedModulesSql = 'SELECT name FROM db.module_log';

export const recordPatchSql = 'INSERT INTO db.patch_log (name) VALUES ($1) ON CONFLICT (name) DO NOTHING';

export const appliedPatchesSql = 'SELECT name, applied_at FROM db.patch_log ORDER BY name';

export const oauthSyncExistsSql = "SELECT to_regprocedure('kernel.syncoauth2config(jsonb)') IS NOT NULL AS present";

export const oauthSyncSql = 'SELECT kernel.SyncOAuth2Config($1::jsonb)';

/**
 * The schemas the layers own: created by kernel in this database. `public`
 * belongs to pg_database_owner and keeps extension functions (pgcrypto) that
 * the platform's own code calls, so it is not among them.
 */
export const ownedSchemasSql = `
SELECT n.nspname AS name
  FROM pg_namespace n
 WHERE n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = 'kernel')
   AND n.nspname <> 'public'
   AND n.nspname NOT LIKE 'pg\\_%'
   AND n.nspname <> 'information_schema'
 ORDER BY n.nspname`;

export const viewsSql = `
SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE', n.nspname, c.relname) AS statement
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'v' AND n.nspname = ANY($1::text[])
 ORDER BY c.oid DESC`;

export const revokeDefaultSql = 'ALTER DEFAULT PRIVILEGES FOR ROLE kernel REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC';

export const revokePublicSql = "SELECT format('REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', $1::text)";

export const grantSchemaSql = `
SELECT format('GRANT USAGE ON SCHEMA %1$I TO %2$I', $1::text, $2::text) AS usage,
       format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %1$I TO %2$I', $1::text, $2::text) AS execute,
       format('GRANT SELECT ON ALL TABLES IN SCHEMA %1$I TO %2$I', $1::text, $2::text) AS select`;

export const schemaExistsSql = 'SELECT 1 FROM pg_namespace WHERE nspname = $1';
