import type { ServiceName } from './services.js';

export interface ServiceEnvInput {
  inherited: NodeJS.ProcessEnv;
  name: ServiceName;
  port: number;
  databaseUrl: string;
  publicUrl: string;
  /** Pretty pino lines when a person watches the terminal. */
  pretty: boolean;
}

/**
 * A service's environment under `pnpm start`: the launcher's own environment
 * (so AMQP_URL, SMTP_URL, PG_*_PASSWORD, LOG_LEVEL… pass through), minus any
 * `PORT`, plus what the launcher decided.
 */
export function serviceEnv(input: ServiceEnvInput): NodeJS.ProcessEnv {
  const { PORT: _ignored, ...inherited } = input.inherited;
  return {
    ...inherited,
    PORT: String(input.port),
    // Only the gateway faces the network in development.
    HOST: inherited.HOST ?? '127.0.0.1',
    DATABASE_URL: input.databaseUrl,
    PUBLIC_URL: input.publicUrl,
    LOG_PRETTY: inherited.LOG_PRETTY ?? (input.pretty ? '1' : undefined),
    OTEL_SERVICE_NAME: inherited.OTEL_SERVICE_NAME ?? `pgfleet-${input.name}`,
  };
}

/** A database URL safe to print: the password left out entirely. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
