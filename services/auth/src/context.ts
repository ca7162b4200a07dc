import type { IncomingMessage } from 'node:http';
import type { JwksCache, ProviderRegistry } from '@pgfleet/auth';
import type { Site } from '@pgfleet/config';
import { siteForHost } from '@pgfleet/config';
import type { QueryRunner } from '@pgfleet/db';
import { resolveClientIp, type TrustedProxies } from '@pgfleet/http';
import type { Logger } from 'pino';

/** What every handler of the service reads; built once by `createAuthService`. */
export interface AuthContext {
  daemon: QueryRunner;
  registry: ProviderRegistry;
  sites: Site[];
  /** The external base URL (PUBLIC_URL); a function so a test can learn its port after `listen()`. */
  publicUrl: () => string;
  trusted: TrustedProxies;
  logger: Logger;
  /** Section names eligible for the browser secret fill. */
  secretFillApps: ReadonlySet<string>;
  jwks: JwksCache | undefined;
  bodyLimit: number;
  /** Outbound HTTP to external providers. */
  fetch: typeof fetch;
  /** Scope passed to daemon.login for external logins; undefined → the request origin. */
  externalLoginScope: string | undefined;
}

export const DEFAULT_AGENT = 'AuthServer/2.0';

export function agentOf(req: IncomingMessage): string {
  const agent = req.headers['user-agent'];
  return typeof agent === 'string' && agent !== '' ? agent : DEFAULT_AGENT;
}

/** The caller's address by ARCHITECTURE §7, never the proxy's. */
export function clientIp(ctx: AuthContext, req: IncomingMessage): string | null {
  return resolveClientIp(req, ctx.trusted);
}

export function siteOf(ctx: AuthContext, req: IncomingMessage): Site | undefined {
  return siteForHost(ctx.sites, req.headers.host);
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
