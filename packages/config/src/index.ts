export { z } from 'zod';
export { cgroupCpuLimit, usableCpus, type FileReader } from './cpus.js';
export { ConfigError, env, loadEnv, loadEnvOrExit, type Env, type EnvShape } from './env.js';
export {
  databaseUrls,
  redactUrl,
  requireRoleUrl,
  roleUrl,
  rolePassword,
  roles,
  serviceEnv,
  withCredentials,
  type Role,
  type RoleUrlSource,
  type ServiceRole,
} from './urls.js';
export {
  expandEnv,
  fromRoot,
  loadOAuth2Providers,
  loadSites,
  oauth2ApplicationSchema,
  siteForHost,
  siteSchema,
  workspaceRoot,
  type OAuth2Application,
  type OAuth2Providers,
  type Site,
} from './files.js';
