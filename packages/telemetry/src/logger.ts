import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Every field that may carry a credential, wherever it appears in a log
 * object. One list for the fleet, so no service forgets one.
 */
export const redactPaths = [
  'password',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  '*.password',
  '*.secret',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.secret',
  'req.headers.signature',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export interface LoggerSettings {
  level?: string;
  version?: string;
  /** Human-readable output; development only (JSON otherwise). */
  pretty?: boolean;
}

/** The one root logger of a service; modules take `logger.child({ module })`. */
export function createLogger(service: string, settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name: service,
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service, version: settings.version ?? process.env.npm_package_version ?? '0.0.0' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const pretty = settings.pretty ?? (process.env.LOG_PRETTY === '1' || process.env.LOG_PRETTY === 'true');
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true } } });
  }
  return pino(options);
}
