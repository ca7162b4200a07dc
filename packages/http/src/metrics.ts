import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  observe(method: string | undefined, route: string, status: number, seconds: number): void;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One (method, route, status) series: what both metrics report for it. */
interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is +Inf only. */
  perBucket: number[];
}

let shared: HttpMetrics | undefined;

/**
 * The process's one registry. Metrics register by name, so a second registry
 * (or a second set of collectors on this one) would double-count or throw when
 * several servers live in one process, as they do in tests.
 *
 * The two request metrics are kept here and turned into prom-client's format
 * only when scraped: prom-client's own Counter and Histogram validate and hash
 * the label object on every observation, which was a sixth of the CPU of the
 * app's fastest endpoint. A request costs one string key and a map lookup.
 */
export function httpMetrics(): HttpMetrics {
  if (shared !== undefined) {
    return shared;
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const series = new Map<string, Series>();
  const clear = (): void => series.clear();
  registry.registerMetric(
    reported({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status.',
      type: 'counter',
      values: () => [...series.values()].map(({ labels, count }) => ({ labels, value: count })),
      reset: clear,
    }),
  );
  registry.registerMetric(
    reported({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to finishing its response.',
      type: 'histogram',
      values: () => [...series.values()].flatMap(histogramValues),
      reset: clear,
    }),
  );
  shared = {
    registry,
    observe(method, route, status, seconds) {
      // Label values are unbounded input; anything unusual shares one series.
      const known = method !== undefined && KNOWN_METHODS.has(method) ? method : 'OTHER';
      const key = `${known} ${status} ${route}`;
      let found = series.get(key);
      if (found === undefined) {
        found = { labels: { method: known, route, status: String(status) }, count: 0, sum: 0, perBucket: new Array<number>(BUCKETS.length + 1).fill(0) };
        series.set(key, found);
      }
      found.count += 1;
      found.sum += seconds;
      let bucket = 0;
      while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] as number)) bucket += 1;
      found.perBucket[bucket] = (found.perBucket[bucket] as number) + 1;
    },
  };
  return shared;
}

interface ReportedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface ReportedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: () => ReportedValue[];
  reset: () => void;
}

/** A metric the registry reads through `get()` (and empties through `reset()`), as it does its own. */
function reported({ name, help, type, values, reset }: ReportedMetric): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
    reset,
  };
  return metric as unknown as Metric;
}

/** Cumulative `_bucket` lines (`le`), then `_sum` and `_count`, as Prometheus expects of a histogram. */
function histogramValues({ labels, count, sum, perBucket }: Series): ReportedValue[] {
  const name = 'http_request_duration_seconds';
  const values: ReportedValue[] = [];
  let cumulative = 0;
  BUCKETS.forEach((bound, index) => {
    cumulative += perBucket[index] as number;
    values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${name}_bucket` });
  });
  values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${name}_bucket` });
  values.push({ labels, value: sum, metricName: `${name}_sum` });
  values.push({ labels, value: count, metricName: `${name}_count` });
  return values;
}

const routes = new WeakMap<ServerResponse, string>();

/** Names the route of a request answered on a fast path, for metric labels (never the raw URL). */
export function setRoute(res: ServerResponse, route: string): void {
  routes.set(res, route);
}

export function routeOf(res: ServerResponse): string | undefined {
  return routes.get(res);
}
