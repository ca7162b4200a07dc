// Starts the auth service in-process on a fresh clone of the installed platform.
import { loadOAuth2Providers, loadSites, type OAuth2Providers } from '@pgfleet/config';
import { createPipelinedPool, type PipelinedPool } from '@pgfleet/db';
import type { HttpService } from '@pgfleet/http';
import { createTestDatabase, type TestDatabase } from '@pgfleet/testkit';
import pg from 'pg';
import { pino } from 'pino';
import { createAuthService, type AuthServiceDeps } from '../src/server.js';

export const WEB = { id: 'web-pgfleet.local', secret: 'dev-web-secret-change-me-5Yk2Qm8Rt1' };
export const SERVICE = { id: 'service-pgfleet.local', secret: 'dev-service-secret-change-me-Hw9Lp3Vz6' };
export const ANDROID = { id: 'android-pgfleet.local', secret: 'dev-android-secret-change-me-Qe4Tn7Bx2' };
/** Registered for the web client in the committed default.json; the gateway itself need not run. */
export const REDIRECT = 'http://127.0.0.1:4977/oauth2/callback';

export interface RunningAuth {
  url: string;
  db: TestDatabase;
  daemon: PipelinedPool;
  service: HttpService;
  providers: OAuth2Providers;
  stop(): Promise<void>;
}

/** The committed provider files as the template database was seeded from them. */
export function committedProviders(): OAuth2Providers {
  return loadOAuth2Providers('config/oauth2', {});
}

export async function startAuth(
  overrides: Partial<AuthServiceDeps> = {},
  existing?: { db: TestDatabase },
): Promise<RunningAuth> {
  const db = existing?.db ?? (await createTestDatabase({ prefix: 'auth' }));
  const daemon = createPipelinedPool(db.urls.daemon, { max: 4 });
  let url = '';
  const providers = overrides.providers ?? committedProviders();
  const service = createAuthService({
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    daemon,
    providers,
    sites: loadSites('config/sites', {}),
    port: 0,
    host: '127.0.0.1',
    publicUrl: () => url,
    tokenRateLimits: { perIp: 0, perClient: 0 },
    ...overrides,
  });
  const { port } = await service.listen();
  url = `http://127.0.0.1:${port}`;
  if (overrides.providers === undefined) await adoptIssuer(db, providers, url);
  return {
    url,
    db,
    daemon,
    service,
    providers,
    async stop() {
      await service.shutdown();
      await daemon.end();
      if (existing === undefined) await db.drop();
    },
  };
}

/** A form-encoded POST. */
const INSTALLED_ISSUER = 'http://127.0.0.1:4977';

/**
 * Makes the clone look installed with PUBLIC_URL = this server's URL, as a
 * deployment is: the database mints `iss` from the first issuer of the files,
 * and OpenID clients insist that it equals the discovered issuer. The port is
 * known only after listen(), hence the late rename (the registry shares these arrays).
 */
async function adoptIssuer(db: TestDatabase, providers: OAuth2Providers, url: string): Promise<void> {
  for (const app of Object.values(providers.default ?? {})) {
    const index = app.issuers.indexOf(INSTALLED_ISSUER);
    if (index >= 0) app.issuers[index] = url;
  }
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query('UPDATE oauth2.issuer SET code = $1, name = $1 WHERE code = $2', [url, INSTALLED_ISSUER]);
  } finally {
    await admin.end();
  }
}

export function form(url: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A response body as a JSON object (assertions look at its members). */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
