import { NonceCache } from './nonce.cache.js';

describe('NonceCache', () => {
  it('accepts a nonce once per session within its lifetime, and again after it', () => {
    let now = 1_000;
    const cache = new NonceCache(100, () => now);
    expect(cache.claim('s', '1')).toBe(true);
    expect(cache.claim('s', '1')).toBe(false);
    expect(cache.claim('other', '1')).toBe(true);
    now += 101;
    expect(cache.claim('s', '1')).toBe(true);
  });
});
