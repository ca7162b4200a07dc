import { API_CORS_POLICY, corsDecision } from './cors.js';

describe('corsDecision', () => {
  it('echoes an exactly listed origin with the spec headers and credentials', () => {
    const headers = corsDecision('https://app.example.com', ['https://app.example.com'], API_CORS_POLICY);
    expect(headers).toEqual({
      'Access-Control-Allow-Origin': 'https://app.example.com',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers':
        'Content-Type, X-Requested-With, Authorization, Session, Secret, X-Auth-Context, Nonce, Signature',
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    });
  });

  it('gives no headers to an origin that only resembles a listed one', () => {
    expect(corsDecision('https://app.example.com.evil.test', ['https://app.example.com'], API_CORS_POLICY)).toBeNull();
    expect(corsDecision('http://app.example.com', ['https://app.example.com'], API_CORS_POLICY)).toBeNull();
  });

  it('allows any origin when the list holds *, echoing the origin rather than *', () => {
    const headers = corsDecision('https://anything.test', new Set(['*']), API_CORS_POLICY);
    expect(headers?.['Access-Control-Allow-Origin']).toBe('https://anything.test');
  });

  it('gives no headers when the request has no Origin', () => {
    expect(corsDecision(undefined, ['*'], API_CORS_POLICY)).toBeNull();
    expect(corsDecision('', ['*'], API_CORS_POLICY)).toBeNull();
  });

  it('uses the methods and headers of the policy it is given', () => {
    const headers = corsDecision('https://a.test', ['https://a.test'], { allowHeaders: ['X-One'], methods: ['GET'] });
    expect(headers?.['Access-Control-Allow-Headers']).toBe('X-One');
    expect(headers?.['Access-Control-Allow-Methods']).toBe('GET');
  });
});
