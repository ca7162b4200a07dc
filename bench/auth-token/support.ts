// What run.ts, floor-split.ts and service-cpu.ts share: the committed dev clients,
// free ports, waiting for a server, starting the two servers side by side, and the
// refresh-token rotation they load with.
import { createServer } from 'node:net';
import type autocannon from 'autocannon';

export const web = { id: 'web-pgfleet.local', secret: 'dev-web-secret-change-me-5Yk2Qm8Rt1' };
export const service = { id: 'service-pgfleet.local', secret: 'dev-service-secret-change-me-Hw9Lp3Vz6' };
export const form = { 'content-type': 'application/x-www-form-urlencoded' };

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, attempts = 300): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * `count` offline sessions of `admin` (password grant of the web client), and
 * autocannon options that rotate their refresh tokens: autocannon resets a
 * connection's context after each pass over `requests`, so the tokens live in
 * a shared pool; a request takes one, its answer puts the rotated one (or, on
 * failure, the same one) back, so each token is used once, as clients must.
 */
export async function refreshRotation(authUrl: string, count: number, onFailure: (failure: string) => void): Promise<autocannon.Options> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${authUrl}/oauth2/token`, {
      method: 'POST',
      headers: { ...form, authorization: basic(web.id, web.secret) },
      body: 'grant_type=password&username=admin&password=admin&access_type=offline&scope=pgfleet',
    });
    const body = (await response.json()) as { refresh_token?: string };
    if (body.refresh_token === undefined) throw new Error(`password grant: ${JSON.stringify(body)}`);
    tokens.push(body.refresh_token);
  }
  return {
    url: `${authUrl}/oauth2/token`,
    headers: { ...form, authorization: basic(web.id, web.secret) },
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: Record<string, string | undefined>) => {
          context.refresh = tokens.pop();
          return { ...request, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(context.refresh ?? '')}` };
        },
        onResponse: (status, body, context: Record<string, string | undefined>) => {
          if (status === 200) tokens.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
          else {
            onFailure(`${status} ${body}`);
            if (context.refresh !== undefined) tokens.push(context.refresh);
          }
        },
      },
    ],
  };
}

/** The two servers of a run and the client_credentials request each answers. */
export interface Servers<T> {
  auth: string;
  oidc: string;
  authProcess: T;
  oidcProcess: T;
  oidcRequest: autocannon.Options;
  ccRequest: autocannon.Options;
}

/**
 * Starts the auth service on `databaseUrl` (pool `PG_POOL_MAX`, default 10, the
 * shipped default; rate limits off) and oidc-provider, each on a free port through
 * `start(name, args, env)`, and waits until both answer.
 */
export async function startServers<T>(
  databaseUrl: string,
  start: (name: string, args: string[], env: Record<string, string>) => T,
): Promise<Servers<T>> {
  const authPort = await freePort();
  const oidcPort = await freePort();
  const authProcess = start('auth', ['services/auth/src/main.ts'], {
    DATABASE_URL: databaseUrl,
    PORT: String(authPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PG_POOL_MAX: process.env.PG_POOL_MAX ?? '10',
    // The benchmark is one client at one address: the limits would measure themselves.
    TOKEN_RATE_LIMIT_PER_IP: '0',
    TOKEN_RATE_LIMIT_PER_CLIENT: '0',
  });
  const oidcProcess = start('oidc-provider', ['bench/auth-token/oidc-provider.ts'], { PORT: String(oidcPort) });
  const auth = `http://127.0.0.1:${authPort}`;
  const oidc = `http://127.0.0.1:${oidcPort}`;
  await waitFor(`${auth}/readyz`);
  await waitFor(`${oidc}/.well-known/openid-configuration`);
  return {
    auth,
    oidc,
    authProcess,
    oidcProcess,
    oidcRequest: {
      url: `${oidc}/token`,
      method: 'POST',
      headers: { ...form, authorization: basic('bench-client', 'bench-secret-0123456789') },
      body: 'grant_type=client_credentials&scope=api',
    },
    ccRequest: {
      url: `${auth}/oauth2/token`,
      method: 'POST',
      headers: { ...form, authorization: basic(service.id, service.secret) },
      body: 'grant_type=client_credentials&scope=pgfleet',
    },
  };
}
