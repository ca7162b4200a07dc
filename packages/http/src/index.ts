export { DEFAULT_BODY_LIMIT, hasNoBody, readBody, type ReadBodyOptions } from './body.js';
export { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies, resolveClientIp, type TrustedProxies } from './client-ip.js';
export { API_CORS_POLICY, corsDecision, type CorsPolicy } from './cors.js';
export { HttpError, errorBody, sendError, statusFromEnvelopeCode } from './envelope.js';
export { exitOnSignals, runShutdown, type ShutdownOptions, type ShutdownStep } from './lifecycle.js';
export { serveUntilSignal } from './serve.js';
export { httpMetrics, setRoute, type HttpMetrics } from './metrics.js';
export { assignRequestId, requestIdOf, REQUEST_ID_HEADER } from './request-id.js';
export {
  createServer,
  type CreateServerOptions,
  type FastHandler,
  type HttpService,
  type ReadinessOptions,
} from './server.js';
export { busCheck, databaseCheck, type Queryable } from './checks.js';
