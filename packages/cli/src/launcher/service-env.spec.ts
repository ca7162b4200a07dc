import { serviceEnv, withoutPassword } from './service-env.js';

const base = { name: 'app' as const, port: 4102, databaseUrl: 'postgres://u:p@db/pgfleet', publicUrl: 'http://127.0.0.1:4977', pretty: false };

describe('serviceEnv', () => {
  it("replaces the launcher's own PORT with the service's port", () => {
    const env = serviceEnv({ ...base, inherited: { PORT: '8080', PATH: '/bin' } });
    expect(env.PORT).toBe('4102');
    expect(env.PATH).toBe('/bin');
  });

  it('passes the rest of the environment through, AMQP_URL included', () => {
    const env = serviceEnv({ ...base, inherited: { AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', SMTP_URL: 'smtp://x' } });
    expect(env.AMQP_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(env.SMTP_URL).toBe('smtp://x');
  });

  it("always gives the launcher's database URL, even over an inherited one", () => {
    expect(serviceEnv({ ...base, inherited: { DATABASE_URL: 'postgres://other/x' } }).DATABASE_URL).toBe('postgres://u:p@db/pgfleet');
  });

  it('binds services to loopback and pretty-prints only for a terminal, unless told otherwise', () => {
    expect(serviceEnv({ ...base, inherited: {} })).toMatchObject({ HOST: '127.0.0.1', LOG_PRETTY: undefined, OTEL_SERVICE_NAME: 'pgfleet-app' });
    expect(serviceEnv({ ...base, pretty: true, inherited: {} }).LOG_PRETTY).toBe('1');
    expect(serviceEnv({ ...base, pretty: true, inherited: { HOST: '0.0.0.0', LOG_PRETTY: '0' } })).toMatchObject({ HOST: '0.0.0.0', LOG_PRETTY: '0' });
  });
});

describe('withoutPassword', () => {
  it('leaves the password out and keeps everything else', () => {
    expect(withoutPassword('postgres://postgres:secret@127.0.0.1:5433/pgfleet?sslmode=disable')).toBe('postgres://postgres@127.0.0.1:5433/pgfleet?sslmode=disable');
  });

  it('leaves a URL without a password unchanged', () => {
    expect(withoutPassword('postgres://postgres@127.0.0.1:5432/pgfleet')).toBe('postgres://postgres@127.0.0.1:5432/pgfleet');
  });
});
