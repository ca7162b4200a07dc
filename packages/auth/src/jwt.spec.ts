import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { oauth2ApplicationSchema } from '@pgfleet/config';
import { JwksCache, parseKeySet } from './jwks.js';
import { verifyJwt } from './jwt.js';
import { ProviderRegistry } from './providers.js';

const secret = 'web-secret-for-unit-tests-0123456789';
let server: Server;
let certUri: string;
let privateKey: CryptoKey;

const registry = (cert?: string) =>
  new ProviderRegistry({
    default: { web: oauth2ApplicationSchema.parse({ client_id: 'web-a', client_secret: secret, issuers: ['https://issuer.test'] }) },
    google: { web: oauth2ApplicationSchema.parse({ client_id: 'g-client', client_secret: 'g', issuers: ['https://accounts.google.test'], ...(cert ? { cert_uri: cert } : {}) }) },
  });

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  certUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const hs = (claims: Record<string, unknown>, key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));

describe('verifyJwt', () => {
  it('accepts an HS256 token of a known audience and issuer', async () => {
    const result = await verifyJwt(await hs({ aud: 'web-a', iss: 'https://issuer.test', sub: 's', exp: Math.floor(Date.now() / 1000) + 60 }), registry());
    expect(result.status).toBe('valid');
  });

  it('tells an expired token apart from an invalid one', async () => {
    const result = await verifyJwt(await hs({ aud: 'web-a', sub: 's', exp: Math.floor(Date.now() / 1000) - 1 }), registry());
    expect(result.status).toBe('expired');
  });

  it.each([
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"aud":"web-a"}').toString('base64url')}.`],
    ['garbage', 'not.a.jwt'],
  ])('refuses %s', async (_name, token) => {
    expect((await verifyJwt(token, registry())).status).toBe('invalid');
  });

  it('refuses a wrong key, an unknown audience, a foreign issuer and a missing audience', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await verifyJwt(await hs({ aud: 'web-a', exp }, 'other-key'), registry())).toMatchObject({ status: 'invalid' });
    expect(await verifyJwt(await hs({ aud: 'nobody', exp }), registry())).toEqual({ status: 'invalid', reason: 'Unknown audience.' });
    expect(await verifyJwt(await hs({ aud: 'web-a', iss: 'https://evil.test', exp }), registry())).toEqual({ status: 'invalid', reason: 'Unknown issuer.' });
    expect(await verifyJwt(await hs({ exp }), registry())).toEqual({ status: 'invalid', reason: 'Token has no audience.' });
  });

  it('verifies RS256 tokens by kid through the JWKS cache, and only when a cache is given', async () => {
    const reg = registry(certUri);
    const jwks = new JwksCache(reg);
    await jwks.start();
    try {
      const token = await new SignJWT({ aud: 'g-client', iss: 'https://accounts.google.test', sub: '123' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await verifyJwt(token, reg, { jwks })).status).toBe('valid');
      expect((await verifyJwt(token, reg)).status).toBe('invalid');
      const unknownKid = await new SignJWT({ aud: 'g-client' }).setProtectedHeader({ alg: 'RS256', kid: 'k2' }).setExpirationTime('5m').sign(privateKey);
      expect(await verifyJwt(unknownKid, reg, { jwks })).toEqual({ status: 'invalid', reason: 'Unknown key id k2.' });
    } finally {
      jwks.stop();
    }
  });
});

describe('parseKeySet', () => {
  it('reads a JWK set and Google v1 PEM maps', () => {
    expect(parseKeySet({ keys: [{ kid: 'a', kty: 'RSA' }, { kty: 'RSA' }] }).map(([kid]) => kid)).toEqual(['a']);
    expect(parseKeySet({ b: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', other: 1 }).map(([kid]) => kid)).toEqual(['b']);
    expect(() => parseKeySet('nope')).toThrow();
  });
});
