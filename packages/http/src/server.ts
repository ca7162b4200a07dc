import { STATUS_CODES, createServer as createNodeServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { DEFAULT_BODY_LIMIT } from './body.js';
import { HttpError, sendError } from './envelope.js';
import { runShutdown, type ShutdownStep } from './lifecycle.js';
import { httpMetrics, routeOf } from './metrics.js';
import { assignRequestId, requestIdOf } from './request-id.js';

/** A hot-path handler: answers the request itself and returns `true`, or returns `false` to pass it on. */
export type FastHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ReadinessOptions {
  /** Named probes; each resolves when its dependency is usable. */
  checks: Record<string, () => Promise<void>>;
  /** Time one probe may take before it counts as failed. */
  timeoutMs?: number;
}

export interface CreateServerOptions {
  logger: Logger;
  fast?: FastHandler;
  /** The service's routes, mounted after the probes and body parsing, before the final 404. */
  app?: RequestHandler;
  readiness: ReadinessOptions;
  port: number;
  host?: string;
  /** JSON body limit in bytes. */
  bodyLimit?: number;
  /** Must exceed the load balancer's idle timeout, or it may reuse a socket we are closing. */
  keepAliveTimeoutMs?: number;
  shutdownTimeoutMs?: number;
  /**
   * Time between failing readiness and closing the listener, for the load
   * balancer to notice and stop sending new connections. 0 when a preStop hook waits instead.
   */
  stopAcceptingDelayMs?: number;
  /** Steps to stop after HTTP has drained, in the order they were started (they run in reverse). */
  onShutdown?: readonly ShutdownStep[];
}

export interface HttpService {
  readonly server: Server;
  readonly app: Express;
  listen(): Promise<AddressInfo>;
  /** Readiness off, stop accepting, drain, then the `onShutdown` steps; `true` when all went cleanly. */
  shutdown(): Promise<boolean>;
}

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
// Common LB idle timeouts are 60 s (AWS ALB, nginx default 75 s is the exception, tune it there).
const DEFAULT_KEEP_ALIVE_MS = 65_000;
const DEFAULT_SHUTDOWN_MS = 25_000;
const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export function createServer(options: CreateServerOptions): HttpService {
  const { logger, fast, readiness } = options;
  const metrics = httpMetrics();
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS;
  let stopping = false;
  let shutdownRun: Promise<boolean> | undefined;

  const app = buildExpressApp({
    logger,
    routes: options.app,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    isStopping: () => stopping,
    readiness,
    metricsText: () => metrics.registry.metrics(),
    metricsType: metrics.registry.contentType,
  });

  const server = createNodeServer({ keepAliveTimeout, headersTimeout: keepAliveTimeout + 1_000 }, (req, res) => {
    const started = performance.now();
    assignRequestId(req, res);
    if (stopping) {
      // Tell keep-alive clients to reconnect, which lands them on another replica.
      res.shouldKeepAlive = false;
    }
    let handled = false;
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1_000;
      const route = routeOf(res) ?? (handled ? 'fast' : expressRoute(req));
      metrics.observe(req.method, route, res.statusCode, seconds);
    });
    if (fast !== undefined) {
      try {
        handled = fast(req, res);
      } catch (err) {
        handled = true;
        logger.error({ err, reqId: requestIdOf(req) }, 'fast handler failed');
        sendError(res, 500, 'Internal Server Error');
        return;
      }
      if (handled) {
        return;
      }
    }
    app(req, res);
  });

  const stopHttp = async (): Promise<void> => {
    stopping = true;
    if (options.stopAcceptingDelayMs !== undefined && options.stopAcceptingDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.stopAcceptingDelayMs));
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() only stops new connections; idle keep-alive sockets would otherwise hold the drain open.
    server.closeIdleConnections();
    // Busy sockets become idle after their response; sweep them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    try {
      await closed;
    } finally {
      clearInterval(sweeper);
    }
  };

  return {
    server,
    app,
    listen() {
      return new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          logger.info({ port: address.port, host: address.address }, 'listening');
          resolve(address);
        });
      });
    },
    shutdown() {
      if (shutdownRun === undefined) {
        stopping = true;
        const httpStep: ShutdownStep = {
          name: 'http',
          run: async () => {
            if (server.listening) {
              await stopHttp();
            }
          },
        };
        shutdownRun = runShutdown([...(options.onShutdown ?? []), httpStep], {
          logger,
          deadlineMs: shutdownTimeoutMs,
        }).finally(() => {
          // Whatever still hangs after the deadline is cut so the process can exit.
          server.closeAllConnections();
        });
      }
      return shutdownRun;
    },
  };
}

interface ExpressParts {
  logger: Logger;
  routes: RequestHandler | undefined;
  bodyLimit: number;
  isStopping: () => boolean;
  readiness: ReadinessOptions;
  metricsText: () => Promise<string>;
  metricsType: string;
}

function buildExpressApp(parts: ExpressParts): Express {
  const { logger, readiness } = parts;
  const app = express();
  app.disable('x-powered-by');

  // Probes come first: no logging, no security headers, no body parsing.
  app.all('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/readyz', async (_req, res) => {
    if (parts.isStopping()) {
      sendError(res, 503, 'Shutting down', { failing: ['shutdown'] });
      return;
    }
    const failing = await failingChecks(readiness, logger);
    if (parts.isStopping()) {
      sendError(res, 503, 'Shutting down', { failing: ['shutdown'] });
    } else if (failing.length > 0) {
      sendError(res, 503, `Not ready: ${failing.join(', ')}`, { failing });
    } else {
      res.json({ status: 'ready', checks: Object.keys(readiness.checks) });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(parts.metricsType).send(await parts.metricsText());
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => requestIdOf(req),
      autoLogging: { ignore: (req) => PROBE_PATHS.has(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(helmet());
  app.use(express.json({ limit: parts.bodyLimit }));
  if (parts.routes !== undefined) {
    app.use(parts.routes);
  }
  app.use((_req, res) => {
    sendError(res, 404, 'Not Found');
  });
  app.use(renderError(logger));
  return app;
}

async function failingChecks(readiness: ReadinessOptions, logger: Logger): Promise<string[]> {
  const timeoutMs = readiness.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const results = await Promise.all(
    Object.entries(readiness.checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return null;
      } catch (err) {
        // A dependency being down is the environment's problem, not a bug: warn, no stack.
        logger.warn({ check: name, reason: err instanceof Error ? err.message : String(err) }, 'readiness check failed');
        return name;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return results.filter((name): name is string => name !== null);
}

interface StatusCarrier {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

function renderError(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const carrier = (typeof err === 'object' && err !== null ? err : {}) as StatusCarrier;
    const declared = typeof carrier.status === 'number' ? carrier.status : carrier.statusCode;
    const status = typeof declared === 'number' && declared >= 400 && declared <= 599 ? declared : 500;
    const reqId = requestIdOf(req);
    if (status >= 500) {
      // Ours to fix: full error with stack in the log, nothing of it on the wire.
      logger.error({ err, reqId }, 'request failed');
      sendError(res, status, STATUS_CODES[status] ?? 'Internal Server Error');
      return;
    }
    // The caller's mistake (malformed JSON, too large, ...): say what was wrong, log without a stack.
    const message =
      carrier.expose !== false && typeof carrier.message === 'string' && carrier.message !== ''
        ? carrier.message
        : 'Bad Request';
    logger.info({ reqId, status, reason: message }, 'request rejected');
    sendError(res, status, message, err instanceof HttpError ? err.extra : {});
  };
}

// Express keeps the matched route on the request; unmatched requests share one label.
function expressRoute(req: IncomingMessage): string {
  const matched = req as IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };
  const path = matched.route?.path;
  if (typeof path === 'string') {
    return `${matched.baseUrl ?? ''}${path}`;
  }
  return 'unmatched';
}
