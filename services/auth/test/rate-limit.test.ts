import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { SERVICE, WEB, form, json, startAuth, type RunningAuth } from './harness.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'auth_rate' });
});
afterAll(async () => {
  await db.drop();
});

const credentials = (client: { id: string; secret: string }) => ({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope: 'pgfleet' });

describe('token endpoint rate limits', () => {
  let auth: RunningAuth;
  afterEach(async () => {
    await auth.stop();
  });

  it('answers 429 with Retry-After once an address exceeds TOKEN_RATE_LIMIT_PER_IP, counting the resolved client address', async () => {
    auth = await startAuth({ tokenRateLimits: { perIp: 2, perClient: 0 } }, { db });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await form(`${auth.url}/oauth2/token`, credentials(SERVICE), from('203.0.113.5'))).status).toBe(200);
    // Even a request that fails client checks counts against its sender.
    expect((await form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials' }, from('203.0.113.5'))).status).toBe(400);
    const limited = await form(`${auth.url}/oauth2/token`, credentials(SERVICE), from('203.0.113.5'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await json(limited)).error).toBe('slow_down');
    // The proxy (loopback, trusted) is not the client: another address behind it has its own budget.
    expect((await form(`${auth.url}/oauth2/token`, credentials(SERVICE), from('203.0.113.6'))).status).toBe(200);
  });

  it('limits each client_id separately with TOKEN_RATE_LIMIT_PER_CLIENT', async () => {
    auth = await startAuth({ tokenRateLimits: { perIp: 0, perClient: 1 } }, { db });
    expect((await form(`${auth.url}/oauth2/token`, credentials(SERVICE))).status).toBe(200);
    expect((await form(`${auth.url}/oauth2/token`, credentials(SERVICE))).status).toBe(429);
    expect((await form(`${auth.url}/oauth2/token`, credentials(WEB))).status).toBe(200);
  });

  it('does not limit at all when both limits are 0', async () => {
    auth = await startAuth({ tokenRateLimits: { perIp: 0, perClient: 0 } }, { db });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => form(`${auth.url}/oauth2/token`, { grant_type: 'client_credentials' }).then((r) => r.status)));
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
  });
});
