import { createHmac } from 'node:crypto';
import { loadOAuth2Providers, fromRoot, type OAuth2Providers } from '@pgfleet/config';
import { createPipelinedPool, createPool, type PipelinedPool, type Pool } from '@pgfleet/db';
import type { HttpService } from '@pgfleet/http';
import { createLogger } from '@pgfleet/telemetry';
import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import { SignJWT } from 'jose';
import { createAppService, type AppServiceDeps } from '../src/server.js';

export const WEB_CLIENT = 'web-pgfleet.local';
export const WEB_SECRET = 'dev-web-secret-change-me-5Yk2Qm8Rt1';
export const ALLOWED_ORIGIN = 'http://127.0.0.1:4977';

export interface TokenSet {
  session: string;
  secret: string;
  access_token: string;
  refresh_token?: string;
}

export interface AppHarness {
  base: string;
  database: TestDatabase;
  /** The service's own pool, pipelined as in production. */
  daemon: PipelinedPool;
  /** A superuser connection to the same database, for fixtures. */
  admin: Pool;
  providers: OAuth2Providers;
  service: HttpService;
  /** A fresh admin session through the password grant, as the auth service would obtain it. */
  login(offline?: boolean): Promise<TokenSet>;
  stop(): Promise<void>;
}

export async function startApp(prefix: string, extra: Partial<AppServiceDeps> = {}): Promise<AppHarness> {
  const database = await createTestDatabase({ prefix });
  const daemon = createPipelinedPool(database.urls.daemon, { max: 4 });
  const admin = createPool(database.url, { max: 2 });
  const providers = loadOAuth2Providers(fromRoot('config/oauth2'));
  const service = createAppService({
    logger: createLogger('app', { level: 'silent' }),
    daemon,
    providers,
    corsOrigins: [ALLOWED_ORIGIN],
    port: 0,
    host: '127.0.0.1',
    shutdownTimeoutMs: 2_000,
    ...extra,
  });
  const address = await service.listen();
  const base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    database,
    daemon,
    admin,
    providers,
    service,
    async login(offline = false) {
      const payload = { grant_type: 'password', username: 'admin', password: 'admin', ...(offline ? { access_type: 'offline' } : {}) };
      const { rows } = await daemon.query<{ token: TokenSet & { error?: unknown } }>(
        'SELECT daemon.token($1, $2, $3::jsonb) AS token',
        [WEB_CLIENT, WEB_SECRET, JSON.stringify(payload)],
      );
      const token = rows[0]?.token;
      if (token === undefined || token.error !== undefined) throw new Error(`login failed: ${JSON.stringify(token)}`);
      return token;
    },
    async stop() {
      await service.shutdown();
      await daemon.end();
      await admin.end();
      await database.drop();
    },
  };
}

/** A JWT the local check accepts or not, signed with the web client's secret. */
export async function signToken(claims: { sub: string; exp: number; aud?: string }, secret = WEB_SECRET): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('http://127.0.0.1:4977')
    .setAudience(claims.aud ?? WEB_CLIENT)
    .setSubject(claims.sub)
    .setIssuedAt(claims.exp - 3600)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(secret));
}

/** Signature of app.md §9: hex HMAC-SHA256 of `<path><nonce><body or null>` keyed with the session secret. */
export function sign(secret: string, path: string, nonce: string, body: string | null): string {
  return createHmac('sha256', secret).update(`${path}${nonce}${body ?? 'null'}`).digest('hex');
}

export function nowMicros(offsetMs = 0): string {
  return String((Date.now() + offsetMs) * 1000);
}
