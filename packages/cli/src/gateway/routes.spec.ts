import { routeFor } from './routes.js';

describe('routeFor', () => {
  it.each([
    ['/oauth2/token', 'auth'],
    ['/oauth2/login?redirect_uri=x', 'auth'],
    ['/oauth2', 'auth'],
    ['/.well-known/openid-configuration', 'auth'],
    ['/api/v1/ping', 'app'],
    ['/callback/google', 'app'],
    ['/import/csv', 'app'],
    ['/docs', 'app'],
    ['/docs/swagger-ui.css', 'app'],
    ['/session/abc123', 'ws'],
    ['/ws/push', 'ws'],
    ['/file/3f1c/a.png', 'file'],
    ['/', 'app'],
    ['/index.html', 'app'],
  ] as const)('sends %s to %s', (url, target) => {
    expect(routeFor(url)).toBe(target);
  });

  it('matches whole path segments only, so /files and /wsx stay with the static site', () => {
    expect(routeFor('/files/x')).toBe('app');
    expect(routeFor('/wsx')).toBe('app');
    expect(routeFor('/oauth2x/token')).toBe('app');
  });

  it('ignores the query string when it looks like a routed prefix', () => {
    expect(routeFor('/index.html?next=/oauth2/login')).toBe('app');
  });

  it('routes an absolute-form request target by its path', () => {
    expect(routeFor('http://127.0.0.1:4977/file/x')).toBe('file');
  });
});
