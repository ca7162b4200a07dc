import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  observe(method: string | undefined, route: string, status: number, seconds: number): void;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

let shared: HttpMetrics | undefined;

/**
 * The process's one registry. Metrics register by name, so a second registry
 * (or a second set of collectors on this one) would double-count or throw when
 * several servers live in one process, as they do in tests.
 */
export function httpMetrics(): HttpMetrics {
  if (shared !== undefined) {
    return shared;
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response.',
    labelNames,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  shared = {
    registry,
    observe(method, route, status, seconds) {
      // Label values are unbounded input; anything unusual shares one series.
      const labels = { method: method !== undefined && KNOWN_METHODS.has(method) ? method : 'OTHER', route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
  return shared;
}

const routes = new WeakMap<ServerResponse, string>();

/** Names the route of a request answered on a fast path, for metric labels (never the raw URL). */
export function setRoute(res: ServerResponse, route: string): void {
  routes.set(res, route);
}

export function routeOf(res: ServerResponse): string | undefined {
  return routes.get(res);
}
