export { createPool, type Pool, type PoolClient, type PoolOptions, type WarnLogger } from './pool.js';
export { createPipelinedPool, PipelinedPool, type PipelinedPoolOptions, type QueryRunner } from './pipeline.js';
export { callDaemon, type Casts } from './daemon.js';
export { withApiSession, SessionNotAuthorizedError } from './session.js';
export { Listener, type ListenerOptions, type Notification } from './listener.js';
export { mapPgError, isConnectionError, parsePlatformMessage, dbErrorCodes, type ErrorKind, type MappedError } from './errors.js';
export { assertIdentifier, quoteIdentifier } from './identifier.js';
export * as installer from './installer/index.js';
export {
  install,
  update,
  patch,
  status,
  InstallerError,
  SqlFileError,
  type InstallOptions,
  type InstallerOptions,
  type InstallResult,
  type StatusResult,
} from './installer/index.js';
