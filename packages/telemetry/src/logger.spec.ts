import { Writable } from 'node:stream';
import { pino } from 'pino';
import { redactPaths } from './logger.js';
import { telemetryEnabled } from './otel.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logger redaction', () => {
  it('never writes passwords, secrets, tokens or authorization headers', () => {
    const { lines, stream } = capture();
    const log = pino({ redact: { paths: redactPaths, censor: '[redacted]' } }, stream);
    log.info({ password: 'p1', body: { client_secret: 'c1' }, req: { headers: { authorization: 'Bearer t1', cookie: 'a=b' } } }, 'x');
    const text = lines.join('');
    for (const secret of ['p1', 'c1', 'Bearer t1', 'a=b']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

describe('telemetryEnabled', () => {
  it('is off without an exporter and on with an OTLP endpoint', () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});
