// The foundation's jest preset must run ESM-only dependencies natively
// (jose 6, openid-client 6, oauth4webapi 3, oauth2-mock-server 8).
import * as jose from 'jose';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { OAuth2Server } from 'oauth2-mock-server';

describe('ESM-only OAuth libraries under jest', () => {
  it('signs and verifies an HS256 JWT with jose', async () => {
    const key = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const token = await new jose.SignJWT({ scope: 'api' }).setProtectedHeader({ alg: 'HS256' }).setSubject('s1').sign(key);
    const { payload } = await jose.jwtVerify(token, key);
    expect(payload.sub).toBe('s1');
  });

  it('discovers a live oauth2-mock-server with openid-client and oauth4webapi', async () => {
    const server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    try {
      const issuer = new URL(server.issuer.url as string);
      const config = await client.discovery(issuer, 'client-a', 'secret-a', undefined, { execute: [client.allowInsecureRequests] });
      expect(config.serverMetadata().issuer).toBe(server.issuer.url);
      const response = await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true });
      const metadata = await oauth.processDiscoveryResponse(issuer, response);
      expect(metadata.token_endpoint).toContain('/token');
    } finally {
      await server.stop();
    }
  });
});
