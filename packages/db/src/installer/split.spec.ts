import { splitStatements } from './split.js';
import { lineOf } from './run-file.js';

describe('splitStatements', () => {
  it('splits at top-level semicolons and reports where each statement starts', () => {
    const text = 'SELECT 1;\n\n  SELECT 2;\nSELECT 3';
    expect(splitStatements(text)).toEqual([
      { offset: 0, text: 'SELECT 1' },
      { offset: 13, text: 'SELECT 2' },
      { offset: 23, text: 'SELECT 3' },
    ]);
  });

  it('keeps semicolons inside strings, identifiers, comments and dollar-quoted bodies', () => {
    const text = [
      "SELECT 'a;b', E'c\\';d', \"x;y\";",
      '-- a comment; not a statement',
      '/* block; /* nested; */ still comment; */',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;',
      'DO $$ BEGIN PERFORM 1; END $$;',
    ].join('\n');
    expect(splitStatements(text).map((statement) => statement.text.slice(0, 15))).toEqual(["SELECT 'a;b', E", 'CREATE FUNCTION', 'DO $$ BEGIN PER']);
  });

  it('keeps a BEGIN ATOMIC body in one statement', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;\nSELECT 3;';
    expect(splitStatements(text).map((statement) => statement.text)).toEqual([text.split('\n')[0]?.slice(0, -1), 'SELECT 3']);
  });
});

describe('lineOf', () => {
  it('turns a 1-based character position into a 1-based line', () => {
    const text = 'ab\ncd\né€\nxyz';
    expect(lineOf(text, 1)).toBe(1);
    expect(lineOf(text, 3)).toBe(1);
    expect(lineOf(text, 4)).toBe(2);
    expect(lineOf(text, 10)).toBe(4);
  });
});
