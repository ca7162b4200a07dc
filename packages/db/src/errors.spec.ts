import { DatabaseError } from 'pg';
import { dbErrorCodes, mapPgError, parsePlatformMessage } from './errors.js';
import { SessionNotAuthorizedError } from './session.js';

function pgError(message: string, code: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('mapPgError', () => {
  it('passes a platform error code and text through as a caller error with its group as status', () => {
    expect(mapPgError(pgError('ERR-400-061: Invalid key "x" in JSON.', 'P0001'))).toEqual({
      status: 400,
      code: 'ERR-400-061',
      message: 'Invalid key "x" in JSON.',
      kind: 'caller',
      sqlState: 'P0001',
    });
    expect(mapPgError(pgError('ERR-401-001: Login failed.', 'P0001'))).toMatchObject({ status: 401, code: 'ERR-401-001', kind: 'caller' });
    expect(mapPgError(pgError('ERR-403-001: Token not FOUND or has expired.', 'P0001'))).toMatchObject({ status: 403, code: 'ERR-403-001' });
  });

  it('normalises the legacy five-digit form to ERR-GGG-0CC', () => {
    expect(mapPgError(pgError('ERR-40005: Something is wrong.', 'P0001'))).toMatchObject({ status: 400, code: 'ERR-400-005', message: 'Something is wrong.', kind: 'caller' });
    expect(mapPgError(pgError('ERR-40300: Forbidden.', 'P0001'))).toMatchObject({ status: 403, code: 'ERR-403-000' });
  });

  it('treats a platform code outside the 4xx groups as our bug', () => {
    expect(mapPgError(pgError('ERR-500-001: broken.', 'P0001'))).toMatchObject({ status: 500, code: 'ERR-500-001', kind: 'bug' });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('maps the socket error %s to a transient 503', (code) => {
    expect(mapPgError(socketError(code))).toMatchObject({ status: 503, code: dbErrorCodes.unavailable, kind: 'transient', sqlState: code });
  });

  it.each(['57P01', '08006', '08001', '53300', '40001'])('maps SQLSTATE %s to a transient 503', (code) => {
    expect(mapPgError(pgError('server says no', code))).toMatchObject({ status: 503, kind: 'transient', sqlState: code });
  });

  it('maps a lost connection without SQLSTATE to a transient 503', () => {
    expect(mapPgError(new Error('Connection terminated unexpectedly'))).toMatchObject({ status: 503, kind: 'transient' });
    expect(mapPgError(new Error('timeout exceeded when trying to connect'))).toMatchObject({ status: 503, kind: 'transient' });
  });

  it.each(['22P02', '22001', '23505', '23503'])('maps invalid input SQLSTATE %s to a caller 400', (code) => {
    expect(mapPgError(pgError('invalid input syntax for type uuid: "x"', code))).toEqual({
      status: 400,
      code: dbErrorCodes.invalidInput,
      message: 'invalid input syntax for type uuid: "x"',
      kind: 'caller',
      sqlState: code,
    });
  });

  it('maps a refused api session to a 401 caller error', () => {
    expect(mapPgError(new SessionNotAuthorizedError('Session not found'))).toEqual({ status: 401, code: 'ERR-401-001', message: 'Session not found', kind: 'caller' });
  });

  it('maps anything else to a 500 bug', () => {
    expect(mapPgError(pgError('function daemon.nope() does not exist', '42883'))).toMatchObject({ status: 500, code: dbErrorCodes.internal, kind: 'bug', sqlState: '42883' });
    expect(mapPgError(pgError('plain raise', 'P0001'))).toMatchObject({ status: 500, kind: 'bug' });
    expect(mapPgError(new TypeError('x is undefined'))).toMatchObject({ status: 500, kind: 'bug' });
    expect(mapPgError('a string')).toMatchObject({ status: 500, kind: 'bug', message: 'a string' });
  });
});

describe('parsePlatformMessage', () => {
  it('returns nothing for text without a platform code', () => {
    expect(parsePlatformMessage('ERR-4000: short')).toBeUndefined();
    expect(parsePlatformMessage('something ERR-400-001: inside')).toBeUndefined();
  });
});
