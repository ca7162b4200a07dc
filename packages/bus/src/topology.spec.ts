import { bindingKeyPattern, resolveConsumeOptions, retryDelay, topicMatches } from './topology.js';

describe('topic binding keys', () => {
  it.each([
    ['notify', 'notify', true],
    ['notify', 'notice', false],
    ['*', 'notify', true],
    ['*', 'a.b', false],
    ['#', '', true],
    ['#', 'a.b.c', true],
    ['file.#', 'file', true],
    ['file.#', 'file.create.x', true],
    ['file.#', 'filex', false],
    ['#.geo', 'geo', true],
    ['#.geo', 'a.b.geo', true],
    ['#.geo', 'a.b.geox', false],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.c', false],
    ['a.#.c', 'a.c', true],
    ['a.#.c', 'a.x.y.c', true],
    ['db.(x)', 'db.(x)', true],
    ['db.(x)', 'db.x', false],
  ])('binding key %s against routing key %s matches: %s', (bindingKey, routingKey, expected) => {
    expect(topicMatches(bindingKey, routingKey)).toBe(expected);
  });

  it('escapes regular-expression characters of literal words', () => {
    expect(bindingKeyPattern('a+b')).toBe('^\\.a\\+b$');
  });
});

describe('retry delay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([2, 3, 4, 5, 6].map((attempt) => retryDelay(attempt, 100, 500))).toEqual([100, 200, 400, 500, 500]);
  });
});

describe('consume options', () => {
  it('fills defaults and rejects a zero prefetch', () => {
    expect(resolveConsumeOptions({ maxAttempts: 3 }).prefetch).toBe(10);
    expect(() => resolveConsumeOptions({ prefetch: 0 })).toThrow(RangeError);
  });
});
