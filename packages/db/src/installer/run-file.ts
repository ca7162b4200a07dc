import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ClientBase } from 'pg';
import { DatabaseError } from 'pg';
import { InstallerError } from './layers.js';
import { splitStatements } from './split.js';

/** 1-based line of a 1-based character position (PostgreSQL counts characters, not bytes). */
export function lineOf(text: string, position: number): number {
  let line = 1;
  let index = 0;
  for (const char of text) {
    index += 1;
    if (index >= position) break;
    if (char === '\n') line += 1;
  }
  return line;
}

/** A failure that names the file and, where PostgreSQL tells us enough, the line. */
export class SqlFileError extends InstallerError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    override readonly cause: unknown,
    detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
    this.name = 'SqlFileError';
  }
}

function describe(err: DatabaseError): string {
  const parts = [err.message];
  if (err.detail) parts.push(`DETAIL: ${err.detail}`);
  if (err.hint) parts.push(`HINT: ${err.hint}`);
  if (err.where) parts.push(`WHERE: ${err.where}`);
  return parts.join('\n  ');
}

function locate(text: string, err: DatabaseError): number | undefined {
  if (err.position) return lineOf(text, Number(err.position));
  // The error is inside a statement the file ran (a DO block, a function it
  // called): PostgreSQL gives the position within that inner query; when the
  // inner query is a piece of the file, its offset in the file leads to the line.
  if (err.internalPosition && err.internalQuery) {
    const start = text.indexOf(err.internalQuery);
    if (start >= 0) return lineOf(text, [...text.slice(0, start)].length + Number(err.internalPosition));
  }
  const plpgsqlLine = err.where ? /inline_code_block line (\d+)/.exec(err.where) : null;
  if (plpgsqlLine?.[1]) {
    // Only meaningful when the file holds exactly one DO block: its body starts on the DO line.
    const doMatches = [...text.matchAll(/^[ \t]*DO\b/gim)];
    const only = doMatches.length === 1 ? doMatches[0] : undefined;
    if (only?.index !== undefined) return lineOf(text, [...text.slice(0, only.index)].length + 1) + Number(plpgsqlLine[1]) - 1;
  }
  return undefined;
}

/** Which statement of the file fails when run one at a time, and where inside it. */
async function findFailingLine(client: ClientBase, text: string): Promise<number | undefined> {
  for (const statement of splitStatements(text)) {
    try {
      await client.query(statement.text);
    } catch (err) {
      const startLine = lineOf(text, [...text.slice(0, statement.offset)].length + 1);
      const inner = err instanceof DatabaseError ? locate(statement.text, err) : undefined;
      return inner ? startLine + inner - 1 : startLine;
    }
  }
  return undefined;
}

/**
 * Runs one SQL file as a single simple-protocol query, so the error position
 * PostgreSQL reports is an offset into the file's own text. Must run inside a
 * transaction: the file runs under a savepoint so that, when PostgreSQL gives
 * no position (many DDL errors), the file can be replayed statement by
 * statement to find the failing line; the caller rolls everything back anyway.
 */
export async function runSqlFile(client: ClientBase, file: string, root: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  await client.query('SAVEPOINT pgfleet_file');
  try {
    await client.query(text);
  } catch (err) {
    const shown = relative(root, file);
    if (!(err instanceof DatabaseError)) throw new SqlFileError(shown, undefined, err, err instanceof Error ? err.message : String(err));
    let line = locate(text, err);
    if (line === undefined) {
      await client.query('ROLLBACK TO SAVEPOINT pgfleet_file');
      line = await findFailingLine(client, text);
    }
    throw new SqlFileError(shown, line, err, describe(err));
  }
  await client.query('RELEASE SAVEPOINT pgfleet_file');
}
