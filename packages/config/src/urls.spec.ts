import { loadEnv } from './env.js';
import { roleUrl, serviceEnv } from './urls.js';

describe('roleUrl', () => {
  it('derives a role URL from DATABASE_URL with the role user and PG_<ROLE>_PASSWORD', () => {
    const value = { DATABASE_URL: 'postgres://postgres:pw@db:5432/app', PG_APIBOT_PASSWORD: 's3cret' };
    expect(roleUrl(value, 'apibot')).toBe('postgres://apibot:s3cret@db:5432/app');
    expect(roleUrl(value, 'daemon')).toBe('postgres://daemon:daemon@db:5432/app');
  });

  it('prefers the explicit PG_<ROLE>_URL of that role only', () => {
    const value = { DATABASE_URL: 'postgres://a@h/db', PG_DAEMON_URL: 'postgres://x@y/z' };
    expect(roleUrl(value, 'daemon')).toBe('postgres://x@y/z');
    expect(roleUrl(value, 'apibot')).toBe('postgres://apibot:apibot@h/db');
  });

  it('works without DATABASE_URL when the role URL is given', () => {
    expect(roleUrl({ PG_APIBOT_URL: 'postgres://bot@h/db' }, 'apibot')).toBe('postgres://bot@h/db');
  });

  it('throws naming the variables when the role has no connection', () => {
    expect(() => roleUrl({ PG_DAEMON_URL: 'postgres://x@y/z' }, 'apibot')).toThrow('PG_APIBOT_URL or DATABASE_URL');
  });
});

describe('serviceEnv', () => {
  it('reads the broker prefix every bus-using service shares, empty by default', () => {
    expect(loadEnv(serviceEnv(4105), {}).AMQP_PREFIX).toBe('');
    expect(loadEnv(serviceEnv(4105), { AMQP_PREFIX: 'staging.' }).AMQP_PREFIX).toBe('staging.');
  });
});
