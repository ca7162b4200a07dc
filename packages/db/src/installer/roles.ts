import type pg from 'pg';
import { rolePassword } from '@pgfleet/config';
import { execFormatted } from './connection.js';
import { alterPasswordSql, createRoleSql, grantMembershipSql, isMemberSql, roleExistsSql, roleLockSql, roleUnlockSql } from './installer.sql.js';

interface RoleSpec {
  name: 'administrator' | 'kernel' | 'admin' | 'daemon' | 'apibot';
  attributes: string;
  group?: string;
}

// docs/internals.md §3. Order matters: `admin` joins `administrator`.
const roleSpecs: RoleSpec[] = [
  { name: 'administrator', attributes: 'NOLOGIN' },
  { name: 'kernel', attributes: 'LOGIN' },
  { name: 'admin', attributes: 'LOGIN CREATEROLE', group: 'administrator' },
  { name: 'daemon', attributes: 'LOGIN' },
  { name: 'apibot', attributes: 'LOGIN' },
];

/**
 * Creates the cluster-wide roles. Roles are shared by every database on the
 * server, so concurrent installers (parallel test runs) serialise on an
 * advisory lock, an existing role is kept as it is, and its password is only
 * replaced when asked: another database may depend on it.
 */
export async function ensureRoles(maintenance: pg.ClientBase, env: NodeJS.ProcessEnv, resetPasswords: boolean): Promise<string[]> {
  const created: string[] = [];
  await maintenance.query(roleLockSql);
  try {
    for (const spec of roleSpecs) {
      const password = spec.name === 'administrator' ? null : rolePassword(spec.name, env);
      let exists = (await maintenance.query(roleExistsSql, [spec.name])).rowCount !== 0;
      if (!exists) {
        try {
          await execFormatted(maintenance, createRoleSql, [spec.name, spec.attributes, password, spec.group ?? null]);
          created.push(spec.name);
        } catch (err) {
          // Someone outside our lock (a DBA, another tool) created it meanwhile: keep theirs.
          if ((err as { code?: string }).code !== '42710') throw err;
          exists = true;
        }
      } else if (resetPasswords && password !== null) {
        await execFormatted(maintenance, alterPasswordSql, [spec.name, password]);
      }
      if (exists && spec.group && (await maintenance.query(isMemberSql, [spec.group, spec.name])).rowCount === 0) {
        await execFormatted(maintenance, grantMembershipSql, [spec.group, spec.name]);
      }
    }
  } finally {
    await maintenance.query(roleUnlockSql);
  }
  return created;
}
