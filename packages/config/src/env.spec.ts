import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usableCpus } from './cpus.js';
import { ConfigError, env, loadEnv } from './env.js';
import { serviceEnv, databaseUrls, redactUrl } from './urls.js';

describe('loadEnv', () => {
  it('applies defaults when variables are unset or empty', () => {
    const value = loadEnv(serviceEnv(4102), { PORT: '' });
    expect(value.PORT).toBe(4102);
    expect(value.LOG_LEVEL).toBe('info');
    expect(value.TRUSTED_PROXIES).toEqual(['127.0.0.0/8', '::1']);
  });

  it('names every invalid variable in one error', () => {
    let caught: unknown;
    try {
      loadEnv(serviceEnv(4102), { PORT: 'abc', LOG_LEVEL: 'loud', AMQP_URL: 'not a url' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('AMQP_URL');
  });

  it('reads a secret from NAME_FILE when NAME is unset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'secret'), 's3cret\n');
    const value = loadEnv({ SMTP_PASSWORD: env.optionalString() }, { SMTP_PASSWORD_FILE: join(dir, 'secret') });
    expect(value.SMTP_PASSWORD).toBe('s3cret');
  });

  it('reports an unreadable NAME_FILE', () => {
    expect(() => loadEnv({ SMTP_PASSWORD: env.optionalString() }, { SMTP_PASSWORD_FILE: '/nonexistent/x' })).toThrow(/SMTP_PASSWORD_FILE/);
  });

  it('parses booleans the way provider files do and rejects other words', () => {
    expect(loadEnv({ X: env.bool(false) }, { X: 'on' }).X).toBe(true);
    expect(loadEnv({ X: env.bool(true) }, { X: 'no' }).X).toBe(false);
    expect(() => loadEnv({ X: env.bool(true) }, { X: 'maybe' })).toThrow(/X/);
  });

  it('parses a worker count: a positive integer, or auto for the usable CPUs', () => {
    expect(loadEnv({ W: env.workers(1) }, {}).W).toBe(1);
    expect(loadEnv({ W: env.workers(1) }, { W: '3' }).W).toBe(3);
    expect(loadEnv({ W: env.workers(1) }, { W: 'auto' }).W).toBe(usableCpus());
    expect(loadEnv({ W: env.workers('auto') }, {}).W).toBeGreaterThanOrEqual(1);
    expect(() => loadEnv({ W: env.workers(1) }, { W: '0' })).toThrow(/W: expected a positive integer or auto/);
    expect(() => loadEnv({ W: env.workers(1) }, { W: 'many' })).toThrow(/W/);
  });

  it('runs cross-field rules after the schema', () => {
    expect(() => loadEnv({ A: env.optionalString() }, {}, (v) => (v.A ? [] : ['A: required']))).toThrow(/A: required/);
  });
});

describe('databaseUrls', () => {
  it('derives role URLs from DATABASE_URL with role passwords', () => {
    const urls = databaseUrls({ DATABASE_URL: 'postgres://postgres:pw@db:5432/app', PG_DAEMON_PASSWORD: 'd p' });
    expect(urls.daemon).toBe('postgres://daemon:d%20p@db:5432/app');
    expect(urls.apibot).toBe('postgres://apibot:apibot@db:5432/app');
    expect(urls.admin).toBe('postgres://postgres:pw@db:5432/app');
  });

  it('prefers explicit role URLs', () => {
    const urls = databaseUrls({ DATABASE_URL: 'postgres://a@h/db', PG_APIBOT_URL: 'postgres://x@y/z' });
    expect(urls.apibot).toBe('postgres://x@y/z');
  });

  it('redacts passwords for printing', () => {
    expect(redactUrl('postgres://u:secret@h:1/db')).toBe('postgres://u:***@h:1/db');
  });
});
