/**
 * Percent-encoding of auth.md §1: only RFC 3986 unreserved characters pass,
 * every other UTF-8 byte becomes `%XX` in upper case. `encodeURIComponent`
 * leaves `!'()*` alone, which upstream encodes.
 */
export function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `a=b&c=d` with strict encoding of the values; keys are ours and plain. */
export function strictQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${encodeStrict(value)}`).join('&');
}
