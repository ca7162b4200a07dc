import { errorBody, statusFromEnvelopeCode } from './envelope.js';

describe('statusFromEnvelopeCode', () => {
  it.each([
    [401, 401],
    [403, 403],
    [404, 404],
    [500, 500],
  ])('keeps %i as HTTP %i', (code, status) => {
    expect(statusFromEnvelopeCode(code)).toBe(status);
  });

  it.each([
    [40401, 404],
    [40100, 401],
    [50000, 500],
    [40000, 400],
    [42200, 400],
  ])('divides the legacy five-digit code %i by 100 to %i', (code, status) => {
    expect(statusFromEnvelopeCode(code)).toBe(status);
  });

  it.each([-1, -40401])('maps the negative code %i to 400', (code) => {
    expect(statusFromEnvelopeCode(code)).toBe(400);
  });

  it.each([0, 200, 299, 400, 402, 409, 422, 502, 503])('maps any other code (%i) to 400', (code) => {
    expect(statusFromEnvelopeCode(code)).toBe(400);
  });
});

describe('errorBody', () => {
  it('writes the platform envelope with the status as code', () => {
    expect(JSON.parse(errorBody(413, 'too big'))).toEqual({ error: { code: 413, message: 'too big' } });
  });

  it('adds extra members inside the error object without letting them replace code or message', () => {
    const body: unknown = JSON.parse(errorBody(503, 'Not ready: db', { failing: ['db'], code: 1, message: 'x' }));
    expect(body).toEqual({ error: { code: 503, message: 'Not ready: db', failing: ['db'] } });
  });
});
