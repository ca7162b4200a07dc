import { parseShaping, replyFor, shapeRows, statusOfCode } from './shaping.js';

const auto = { resultObject: false, format: undefined } as const;

describe('parseShaping', () => {
  it('defaults to an array on /list paths and to automatic elsewhere', () => {
    expect(parseShaping(new URLSearchParams(), '/api/v1/user/list')).toEqual({ resultObject: false, format: 'array' });
    expect(parseShaping(new URLSearchParams(), '/api/v1/user/get')).toEqual(auto);
  });

  it('lets an explicit format override the /list default', () => {
    expect(parseShaping(new URLSearchParams('result_format=object'), '/api/v1/user/list')).toEqual({ resultObject: false, format: 'object' });
  });

  it('names the bad value', () => {
    expect(parseShaping(new URLSearchParams('result_object=1'), '/x')).toEqual({ error: 'Invalid result_object: 1' });
    expect(parseShaping(new URLSearchParams('result_format=csv'), '/x')).toEqual({ error: 'Invalid result_format: csv' });
  });
});

describe('shapeRows', () => {
  it('renders a NULL single row as {} in object mode and null in array mode', () => {
    expect(shapeRows([null], auto)).toBe('{}');
    expect(shapeRows([null], { resultObject: false, format: 'array' })).toBe('[null]');
  });

  it('checks result_format=null before result_object on zero rows', () => {
    expect(shapeRows([], { resultObject: true, format: 'null' })).toBe('null');
  });
});

describe('statusOfCode', () => {
  it.each([
    [200, 200],
    [299, 200],
    [300, 400],
    [401, 401],
    [403, 403],
    [404, 404],
    [500, 500],
    [40401, 404],
    [-5, 400],
    [418, 400],
  ])('maps %i to %i', (code, status) => {
    expect(statusOfCode(code)).toBe(status);
  });
});

describe('replyFor', () => {
  it('relays an error row verbatim, spacing included', () => {
    const row = '{"error" : {"code" : 401, "message" : "x"}}';
    expect(replyFor([row], auto)).toEqual({ kind: 'json', status: 401, body: row });
  });

  it('treats error code 0 as data', () => {
    expect(replyFor(['{"error":{"code":0}}'], auto)).toEqual({ kind: 'json', status: 200, body: '{"error":{"code":0}}' });
  });
});
