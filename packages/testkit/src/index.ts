export { createEmptyDatabase, createTestDatabase, dropTestDatabase, type TestDatabase, type TestDatabaseOptions } from './databases.js';
export { ensureTemplate, templateHash, templateName } from './template.js';
export { runId, serverUrl } from './server.js';
