import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { committedProviders, json, startAuth } from './harness.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'auth_ready' });
});
afterAll(async () => {
  await db.drop();
});

describe('readiness', () => {
  it('is ready when the file secrets match the database, and not ready when one differs', async () => {
    const matching = await startAuth({}, { db });
    try {
      expect((await fetch(`${matching.url}/readyz`)).status).toBe(200);
    } finally {
      await matching.stop();
    }
    const providers = committedProviders();
    const web = providers.default?.web;
    if (web === undefined) throw new Error('committed default.json has no web client');
    web.client_secret = 'rotated-in-the-file-only';
    const drifted = await startAuth({ providers }, { db });
    try {
      const response = await fetch(`${drifted.url}/readyz`);
      expect(response.status).toBe(503);
      expect(JSON.stringify(await json(response))).toContain('oauth2Clients');
    } finally {
      await drifted.stop();
    }
  });
});
