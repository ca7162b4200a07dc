import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { usableCpus } from './cpus.js';

/** Thrown when the environment does not satisfy a service's schema; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type EnvShape = Record<string, z.ZodType>;
export type Env<S extends EnvShape> = z.infer<z.ZodObject<S>>;

/**
 * Reads `NAME_FILE` for every variable of the shape, so secrets can come from
 * mounted files (Kubernetes secrets, Docker secrets). The plain variable wins
 * when both are set, so a local override is never shadowed by a stale file.
 */
function withFileSecrets(shape: EnvShape, env: NodeJS.ProcessEnv, issues: string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const direct = env[key];
    const file = env[`${key}_FILE`];
    if (direct !== undefined && direct !== '') {
      values[key] = direct;
    } else if (file) {
      try {
        values[key] = readFileSync(file, 'utf8').trim();
      } catch (error) {
        issues.push(`${key}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    } else {
      // An empty string means "not set": defaults apply, as in the provider files.
      values[key] = undefined;
    }
  }
  return values;
}

/** Parses the environment against a schema; throws one ConfigError naming every invalid variable. */
export function loadEnv<S extends EnvShape>(shape: S, env: NodeJS.ProcessEnv = process.env, refine?: (value: Env<S>) => string[]): Env<S> {
  const issues: string[] = [];
  const values = withFileSecrets(shape, env, issues);
  const result = z.object(shape).safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.join('.');
      const raw = values[String(issue.path[0])];
      issues.push(`${name}: ${issue.message}${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`);
    }
  } else if (refine) {
    issues.push(...refine(result.data));
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return result.data;
}

/** For `main.ts`: parse, or print the one message naming every bad variable and exit non-zero. */
export function loadEnvOrExit<S extends EnvShape>(service: string, shape: S, refine?: (value: Env<S>) => string[]): Env<S> {
  try {
    return loadEnv(shape, process.env, refine);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

const booleanWords: Record<string, boolean> = { true: true, '1': true, on: true, yes: true, false: false, '0': false, off: false, no: false };

/** Field builders with one-line meanings kept next to the service schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  string: (fallback: string) => z.string().default(fallback),
  optionalString: () => z.string().optional(),
  url: () => z.string().url().optional(),
  urlWithDefault: (fallback: string) => z.string().url().default(fallback),
  bool: (fallback: boolean) =>
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return fallback;
        const parsed = booleanWords[value.toLowerCase()];
        if (parsed === undefined) {
          ctx.addIssue({ code: 'custom', message: 'expected one of true/false/1/0/on/off/yes/no' });
          return z.NEVER;
        }
        return parsed;
      }),
  list: (fallback: string[] = []) =>
    z
      .string()
      .optional()
      .transform((value) => (value === undefined ? fallback : value.split(',').map((s) => s.trim()).filter(Boolean))),
  /** A process count: a positive integer, or `auto` for one per usable CPU (cgroup quota included). */
  workers: (fallback: number | 'auto') =>
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const text = value ?? String(fallback);
        if (text === 'auto') return usableCpus();
        const count = Number(text);
        if (!Number.isInteger(count) || count < 1) {
          ctx.addIssue({ code: 'custom', message: 'expected a positive integer or auto' });
          return z.NEVER;
        }
        return count;
      }),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
