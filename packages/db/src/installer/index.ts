export { install, patch, status, update, type InstallOptions, type InstallResult, type InstallerOptions, type StatusResult } from './commands.js';
export { InstallerError, readTree, type Manifest, type Module, type Patch, type Tree } from './layers.js';
export { SqlFileError, lineOf } from './run-file.js';
export { databaseName, execFormatted, kernelUrl, withClient, withDatabase } from './connection.js';
export { developmentSecretKey, identitySettings } from './settings.js';
export type { Log } from './steps.js';
