export { encodeStrict, strictQuery } from './encoding.js';
export { ProviderRegistry, type AppRef } from './providers.js';
export { TOKEN_COOKIE_MAX_AGE, parseCookies, serializeCookie, tokenCookies, type CookieOptions, type TokenSet } from './cookies.js';
export { JwksCache, parseKeySet, type JwksCacheOptions } from './jwks.js';
export { verifyJwt, type VerifyOptions, type VerifyResult } from './jwt.js';
