// KLADR loader: reads the classifier files and feeds them to the kladr
// module's import functions in batches, then (optionally) rebuilds the
// address tree. Reads the public distribution's DBF files (KLADR.DBF,
// STREET.DBF, cp866) and the semicolon CSV of the reference deployment.
//
//   tsx sql/platform/16-kladr/load.ts [--clear] [--build[=55,77]] [--encoding=cp866] FILE...
//
// The database comes from DATABASE_URL (a role that owns the kernel schema,
// as the installer's).
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { DBFFile } from 'dbffile';
import iconv from 'iconv-lite';
import pg from 'pg';
import { buildAddressTreeSql, clearAddressTreeSql, importKladrSql, importStreetSql } from './load.sql.js';

export interface KladrRecord {
  code: string;
  name: string;
  socr: string | null;
  index: string | null;
  gninmb: string | null;
  uno: string | null;
  ocatd: string | null;
  status?: string | null;
}

export interface LoadOptions {
  /** Encoding of CSV files (DBF files are always cp866, as published). */
  encoding?: string;
  batchSize?: number;
  /** Empty the address tree before building it. */
  clear?: boolean;
  /** Rebuild the tree afterwards: `true` for every region, or the region codes (SS). */
  build?: boolean | string[];
}

export interface LoadResult {
  kladr: number;
  street: number;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

// Column order of the reference deployment's CSV files (no header).
const csvColumns = ['name', 'socr', 'code', 'index', 'gninmb', 'uno', 'ocatd', 'status'] as const;

// DBF character fields come padded; CSV cells may be empty.
function text(value: unknown): string | null {
  const raw = typeof value === 'number' ? String(value) : value;
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  return trimmed === '' ? null : trimmed;
}

function toRecord(source: Record<string, unknown>): KladrRecord {
  return {
    code: text(source.code) ?? '',
    name: text(source.name) ?? '',
    socr: text(source.socr),
    index: text(source.index),
    gninmb: text(source.gninmb),
    uno: text(source.uno),
    ocatd: text(source.ocatd),
    status: text(source.status),
  };
}

async function* readDbf(path: string): AsyncGenerator<KladrRecord> {
  const file = await DBFFile.open(path, { encoding: 'cp866' });
  for await (const row of file) {
    const lower = Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
    yield toRecord(lower);
  }
}

async function* readCsv(path: string, encoding: string): AsyncGenerator<KladrRecord> {
  const parser = createReadStream(path)
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse({ delimiter: ';', relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  for await (const fields of parser as AsyncIterable<string[]>) {
    yield toRecord(Object.fromEntries(csvColumns.map((column, i) => [column, fields[i]])));
  }
}

/** The records of one KLADR or STREET file, DBF or semicolon CSV. */
export function readKladrFile(path: string, encoding = 'utf8'): AsyncGenerator<KladrRecord> {
  return extname(path).toLowerCase() === '.dbf' ? readDbf(path) : readCsv(path, encoding);
}

/**
 * Imports the files (a record goes to KLADR or STREET by the length of its
 * code, so file names do not matter) and rebuilds the tree when asked.
 */
export async function loadKladrFiles(client: Queryable, files: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const batchSize = options.batchSize ?? 1000;
  const result: LoadResult = { kladr: 0, street: 0 };
  const batches: Record<keyof LoadResult, KladrRecord[]> = { kladr: [], street: [] };

  const flush = async (table: keyof LoadResult): Promise<void> => {
    const batch = batches[table];
    if (batch.length === 0) return;
    const answer = await client.query<{ count: number }>(table === 'kladr' ? importKladrSql : importStreetSql, [JSON.stringify(batch)]);
    result[table] += answer.rows[0]?.count ?? 0;
    batches[table] = [];
  };

  for (const file of files) {
    let line = 0;
    for await (const record of readKladrFile(file, options.encoding)) {
      line += 1;
      let table: keyof LoadResult;
      if (record.code.length === 13) {
        table = 'kladr';
        record.status ??= null;
      } else if (record.code.length === 17) {
        table = 'street';
        delete record.status;
      } else {
        throw new Error(`${basename(file)}: record ${line}: code "${record.code}" is neither a KLADR (13) nor a STREET (17) code`);
      }
      batches[table].push(record);
      if (batches[table].length >= batchSize) await flush(table);
    }
  }
  await flush('kladr');
  await flush('street');

  if (options.clear) await client.query(clearAddressTreeSql);
  if (options.build) await client.query(buildAddressTreeSql, [options.build === true ? null : options.build]);
  return result;
}

function parseArguments(argv: string[]): { files: string[]; options: LoadOptions } {
  const files: string[] = [];
  const options: LoadOptions = {};
  for (const argument of argv) {
    if (argument === '--clear') options.clear = true;
    else if (argument === '--build') options.build = true;
    else if (argument.startsWith('--build=')) options.build = argument.slice('--build='.length).split(',').filter(Boolean);
    else if (argument.startsWith('--encoding=')) options.encoding = argument.slice('--encoding='.length);
    else if (argument.startsWith('--')) throw new Error(`unknown option ${argument}`);
    else files.push(argument);
  }
  if (files.length === 0 && !options.build) throw new Error('usage: load.ts [--clear] [--build[=SS,...]] [--encoding=cp866] FILE...');
  return { files, options };
}

async function main(): Promise<void> {
  const { files, options } = parseArguments(process.argv.slice(2));
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await loadKladrFiles(client, files, options);
    await client.query('COMMIT');
    process.stdout.write(`imported ${result.kladr} KLADR and ${result.street} STREET records\n`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
