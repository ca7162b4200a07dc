// Utility statements take no bind parameters: PostgreSQL's format() builds
// them from bound values and the testkit runs the text it returns.

export const templateLockSql = "SELECT pg_advisory_lock(hashtext('pgfleet:testkit:template'))";
export const templateUnlockSql = "SELECT pg_advisory_unlock(hashtext('pgfleet:testkit:template'))";

export const templateStateSql = 'SELECT datistemplate AS ready FROM pg_database WHERE datname = $1';

export const sealTemplateSql = `
SELECT format('ALTER DATABASE %I WITH IS_TEMPLATE true ALLOW_CONNECTIONS false', $1::text),
       format('COMMENT ON DATABASE %I IS %L', $1::text, json_build_object('pgfleetTemplate', true, 'createdAt', now())::text)`;

export const unsealTemplateSql = "SELECT format('ALTER DATABASE %I WITH IS_TEMPLATE false ALLOW_CONNECTIONS true', $1::text)";

/** Templates of other trees whose comment says they are older than $2 (or that carry no comment). */
export const staleTemplatesSql = `
SELECT d.datname AS name
  FROM pg_database d
 WHERE d.datname LIKE 'pgfleet\\_tpl\\_%'
   AND d.datname <> $1
   AND coalesce((shobj_description(d.oid, 'pg_database')::json ->> 'createdAt')::timestamptz, '-infinity') < now() - $2::interval`;

export const dropDatabaseSql = "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)";

export const cloneDatabaseSql = "SELECT format('CREATE DATABASE %I TEMPLATE %I OWNER %I', $1::text, $2::text, $3::text)";

export const createEmptyDatabaseSql = "SELECT format('CREATE DATABASE %I', $1::text)";


export const roleExistsSql = 'SELECT 1 FROM pg_roles WHERE rolname = $1';
