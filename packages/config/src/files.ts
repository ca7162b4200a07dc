import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './env.js';

/** The workspace root: relative paths of ARCHITECTURE §6 resolve against it. */
export function workspaceRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(workspaceRoot(), path);
}

/** Defaults applied before expansion, so `${PUBLIC_URL}` in a committed file means what the services mean by it. */
const expansionDefaults: Record<string, string> = { PUBLIC_URL: 'http://127.0.0.1:4977', PGFLEET_PROJECT: 'pgfleet' };

/** `$VAR` and `${VAR}` in a string; an unset variable expands to the empty string (config.md §1). */
export function expandEnv(value: string, source: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    return source[name] || expansionDefaults[name] || '';
  });
}

function expandDeep(value: unknown, source: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') return expandEnv(value, source);
  if (Array.isArray(value)) return value.map((item) => expandDeep(item, source)).filter((item) => item !== '');
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandDeep(item, source)]));
  }
  return value;
}

const strings = z.array(z.string()).default([]);

/** One application section of a provider file (config.md §3). Unknown keys are kept for the provider's own use. */
export const oauth2ApplicationSchema = z.looseObject({
  client_id: z.string().min(1),
  client_secret: z.string().optional(),
  algorithm: z.string().default('HS256'),
  issuers: strings,
  scopes: strings,
  redirect_uris: strings,
  javascript_origins: strings,
  allowed_ips: strings,
  auth_uri: z.string().optional(),
  token_uri: z.string().optional(),
  cert_uri: z.string().optional(),
  auth_provider_x509_cert_url: z.string().optional(),
  userinfo_uri: z.string().optional(),
  external: z.boolean().optional(),
});
export type OAuth2Application = z.infer<typeof oauth2ApplicationSchema>;
export type OAuth2Providers = Record<string, Record<string, OAuth2Application>>;

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: ${(error as Error).message}`]);
  }
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new ConfigError([`${dir}: directory not found`]);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The OAuth provider files: one source of truth for the installer (which seeds
 * the database's clients from them) and every service. A file's stem is the
 * provider name; `fcm.json` is a Google service-account file, not a provider.
 */
export function loadOAuth2Providers(dir: string, source: NodeJS.ProcessEnv = process.env): OAuth2Providers {
  const providers: OAuth2Providers = {};
  const issues: string[] = [];
  for (const file of jsonFiles(fromRoot(dir))) {
    const provider = basename(file, '.json');
    const raw = expandDeep(readJson(file), source);
    if (raw && typeof raw === 'object' && (raw as Record<string, unknown>).type === 'service_account') continue;
    const parsed = z.record(z.string(), oauth2ApplicationSchema).safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    providers[provider] = parsed.data;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return providers;
}

export const siteSchema = z.looseObject({
  hosts: z.array(z.string()).default([]),
  root: z.string().optional(),
  oauth2: z
    .object({
      identifier: z.string().optional(),
      secret: z.string().optional(),
      consent: z.string().optional(),
      callback: z.string().optional(),
      error: z.string().optional(),
      debug: z.string().optional(),
    })
    .default({}),
});
export type Site = z.infer<typeof siteSchema> & { name: string };

/** Site files (config.md §4); `default` first, since it answers hosts no site lists. */
export function loadSites(dir: string, source: NodeJS.ProcessEnv = process.env): Site[] {
  const sites: Site[] = [];
  const issues: string[] = [];
  for (const file of jsonFiles(fromRoot(dir))) {
    const parsed = siteSchema.safeParse(expandDeep(readJson(file), source));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    sites.push({ ...parsed.data, name: basename(file, '.json') });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return sites.sort((a, b) => Number(b.name === 'default') - Number(a.name === 'default'));
}

/** The site for a `Host` header: exact match, else the default site. */
export function siteForHost(sites: Site[], host: string | undefined): Site | undefined {
  return sites.find((site) => host !== undefined && site.hosts.includes(host)) ?? sites.find((site) => site.name === 'default') ?? sites[0];
}
