import { z } from 'zod';
import { env } from './env.js';

export const roles = ['kernel', 'admin', 'daemon', 'apibot'] as const;
export type Role = (typeof roles)[number];

/** The URL of `base` with another user and password; database, host and parameters unchanged. */
export function withCredentials(base: string, user: string, password: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The password the installer gives a role it creates: `PG_<ROLE>_PASSWORD`, else the role's name (development only). */
export function rolePassword(role: Role, source: NodeJS.ProcessEnv = process.env): string {
  return source[`PG_${role.toUpperCase()}_PASSWORD`] || role;
}

/**
 * Per-role connection URLs (ARCHITECTURE §6): an explicit `PG_DAEMON_URL` /
 * `PG_APIBOT_URL` wins; otherwise they derive from `DATABASE_URL` with the
 * role's user and password.
 */
export function databaseUrls(source: NodeJS.ProcessEnv = process.env): Record<'admin' | 'kernel' | 'daemon' | 'apibot', string | undefined> {
  const base = source.DATABASE_URL || undefined;
  const derive = (role: Role) => (base ? withCredentials(base, role, rolePassword(role, source)) : undefined);
  // `admin` here is the admin-capable URL itself (the installer's), not the `admin` role.
  return {
    admin: base,
    kernel: derive('kernel'),
    daemon: source.PG_DAEMON_URL || derive('daemon'),
    apibot: source.PG_APIBOT_URL || derive('apibot'),
  };
}

/** A role a service connects as. */
export type ServiceRole = 'daemon' | 'apibot';

/** The variables a role's connection comes from; a service's parsed environment carries all of them. */
export interface RoleUrlSource {
  DATABASE_URL?: string | undefined;
  PG_DAEMON_URL?: string | undefined;
  PG_APIBOT_URL?: string | undefined;
  PG_DAEMON_PASSWORD?: string | undefined;
  PG_APIBOT_PASSWORD?: string | undefined;
}

/**
 * The connection URL of one service role, by the rule of `databaseUrls`.
 * Throws when neither `PG_<ROLE>_URL` nor `DATABASE_URL` is set: a service's
 * env rules (`requireRoleUrl`) refuse such an environment before this runs.
 */
export function roleUrl(value: RoleUrlSource, role: ServiceRole): string {
  const url = databaseUrls({
    DATABASE_URL: value.DATABASE_URL,
    PG_DAEMON_URL: value.PG_DAEMON_URL,
    PG_APIBOT_URL: value.PG_APIBOT_URL,
    PG_DAEMON_PASSWORD: value.PG_DAEMON_PASSWORD,
    PG_APIBOT_PASSWORD: value.PG_APIBOT_PASSWORD,
  })[role];
  if (url === undefined) {
    throw new Error(requireRoleUrl(value, role).join('; '));
  }
  return url;
}

/** A URL safe to print: the password replaced. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid url>';
  }
}

/** Fields every service shares (ARCHITECTURE §6). */
export function serviceEnv(defaultPort: number) {
  return {
    /** HTTP port of the service. */
    PORT: env.port(defaultPort),
    /** Bind address. */
    HOST: env.string('0.0.0.0'),
    /** pino level. */
    LOG_LEVEL: env.logLevel(),
    /** Admin-capable PostgreSQL URL; role URLs derive from it when not given. */
    DATABASE_URL: env.url(),
    /** Connection of the `daemon` role (HTTP-facing calls). */
    PG_DAEMON_URL: env.url(),
    /** Connection of the `apibot` role (background work, LISTEN). */
    PG_APIBOT_URL: env.url(),
    PG_DAEMON_PASSWORD: env.optionalString(),
    PG_APIBOT_PASSWORD: env.optionalString(),
    /** Connections per pool. */
    PG_POOL_MAX: env.int(10, 1),
    /** RabbitMQ; unset → PostgreSQL-only bus. */
    AMQP_URL: env.url(),
    /** Prepended to every broker exchange and queue name, so several environments (or test runs) can share one RabbitMQ. */
    AMQP_PREFIX: env.string(''),
    /** External base URL; the OAuth issuer and links derive from it. */
    PUBLIC_URL: env.urlWithDefault('http://127.0.0.1:4977'),
    /** CIDRs whose X-Forwarded-For / X-Real-IP are believed. */
    TRUSTED_PROXIES: env.list(['127.0.0.0/8', '::1']),
    /** Grace period for SIGTERM, milliseconds. */
    SHUTDOWN_TIMEOUT_MS: env.int(10_000),
  } satisfies Record<string, z.ZodType>;
}

/** Cross-field rule: a service that needs a role's connection names the variables when none is given. */
export function requireRoleUrl(value: RoleUrlSource, role: ServiceRole): string[] {
  const explicit = role === 'daemon' ? value.PG_DAEMON_URL : value.PG_APIBOT_URL;
  if (explicit || value.DATABASE_URL) return [];
  return [`${role === 'daemon' ? 'PG_DAEMON_URL' : 'PG_APIBOT_URL'} or DATABASE_URL: required (a service never starts PostgreSQL itself)`];
}
