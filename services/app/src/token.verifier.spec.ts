import type { VerifyResult } from '@pgfleet/auth';
import { cachedVerifier } from './token.verifier.js';

const validUntil = (exp: number): VerifyResult => ({
  status: 'valid',
  claims: { exp },
  alg: 'HS256',
  app: { provider: 'default', name: 'web', app: { client_id: 'c' } as never },
});

describe('cachedVerifier', () => {
  it('verifies a valid token once and answers from memory until its exp, then says expired', async () => {
    let now = 1_000_000;
    let calls = 0;
    const verify = cachedVerifier(
      () => {
        calls += 1;
        return Promise.resolve(validUntil(1_100));
      },
      { now: () => now },
    );
    expect((await verify('t')).status).toBe('valid');
    const hit = verify('t');
    expect(hit).not.toBeInstanceOf(Promise);
    expect((await hit).status).toBe('valid');
    expect(calls).toBe(1);
    now = 1_100_000;
    expect((await verify('t')).status).toBe('expired');
  });

  it('never remembers a refused token', async () => {
    let calls = 0;
    const verify = cachedVerifier(() => {
      calls += 1;
      return Promise.resolve<VerifyResult>({ status: 'invalid', reason: 'bad' });
    });
    await verify('t');
    await verify('t');
    expect(calls).toBe(2);
  });

  it('drops the oldest token when full', async () => {
    const seen: string[] = [];
    const verify = cachedVerifier(
      (token) => {
        seen.push(token);
        return Promise.resolve(validUntil(Number.MAX_SAFE_INTEGER / 1000));
      },
      { maxEntries: 2 },
    );
    await verify('a');
    await verify('b');
    await verify('c');
    await verify('b');
    await verify('a');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
