import { httpMetrics } from './metrics.js';

describe('httpMetrics', () => {
  it('reports requests per series and a cumulative duration histogram in the Prometheus format', async () => {
    const metrics = httpMetrics();
    metrics.observe('GET', '/api/v1/ping', 200, 0.0004);
    metrics.observe('GET', '/api/v1/ping', 200, 0.003);
    metrics.observe('GET', '/api/v1/ping', 200, 20);
    metrics.observe('BREW', '/api/v1/*', 405, 0.001);
    const text = await metrics.registry.metrics();

    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{method="GET",route="/api/v1/ping",status="200"} 3');
    // An unknown method shares one series rather than growing the label set.
    expect(text).toContain('http_requests_total{method="OTHER",route="/api/v1/*",status="405"} 1');

    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const series = 'method="GET",route="/api/v1/ping",status="200"';
    expect(text).toContain(`http_request_duration_seconds_bucket{${series},le="0.0005"} 1`);
    // A value on a bound counts in that bucket (le is "less than or equal").
    expect(text).toContain(`http_request_duration_seconds_bucket{method="OTHER",route="/api/v1/*",status="405",le="0.001"} 1`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${series},le="0.0025"} 1`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${series},le="0.005"} 2`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${series},le="10"} 2`);
    expect(text).toContain(`http_request_duration_seconds_bucket{${series},le="+Inf"} 3`);
    const sum = /http_request_duration_seconds_sum\{method="GET",route="\/api\/v1\/ping",status="200"\} (\S+)/.exec(text)?.[1];
    expect(Number(sum)).toBeCloseTo(20.0034, 9);
    expect(text).toContain(`http_request_duration_seconds_count{${series}} 3`);
  });

  it('is one registry per process, and a reset empties both metrics', async () => {
    const metrics = httpMetrics();
    expect(httpMetrics()).toBe(metrics);
    metrics.observe('GET', '/x', 200, 0.01);
    metrics.registry.resetMetrics();
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('route="/x"');
  });
});
