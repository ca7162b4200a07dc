import { escapeIdentifier } from 'pg';

const identifierPattern = /^[a-z_][a-z0-9_$]*$/i;

/**
 * A SQL identifier that came from our own code or configuration (a function
 * name, a channel). Anything else is refused rather than quoted, so a caller's
 * typo cannot turn into a call of an unintended object.
 */
export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!identifierPattern.test(name) || name.length > 63) {
    throw new TypeError(`invalid ${what}: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Quotes an identifier for the rare statements that cannot take bind parameters (LISTEN, function names). */
export function quoteIdentifier(name: string): string {
  return escapeIdentifier(name);
}

// Casts such as `jsonb`, `inet`, `interval`, `text[]`, `double precision`.
const castPattern = /^[a-z_][a-z0-9_]*( [a-z_][a-z0-9_]*)?(\[\])?$/i;

export function assertCast(cast: string): string {
  if (!castPattern.test(cast)) throw new TypeError(`invalid cast: ${JSON.stringify(cast)}`);
  return cast;
}
