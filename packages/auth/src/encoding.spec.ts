import { encodeStrict, strictQuery } from './encoding.js';

describe('encodeStrict', () => {
  it('keeps only RFC 3986 unreserved characters', () => {
    expect(encodeStrict('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(encodeStrict("a b!'()*/+=")).toBe('a%20b%21%27%28%29%2A%2F%2B%3D');
  });

  it('encodes UTF-8 bytes in upper-case hex', () => {
    expect(encodeStrict('я')).toBe('%D1%8F');
  });

  it('joins a query with encoded values', () => {
    expect(strictQuery([['code', 'a/b+c='], ['state', 'x y']])).toBe('code=a%2Fb%2Bc%3D&state=x%20y');
  });
});
