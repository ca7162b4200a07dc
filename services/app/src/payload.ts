import { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError } from '@pgfleet/http';

/** What a request body says, before it becomes the `payload` argument. */
export interface RequestBody {
  contentType: string | undefined;
  body: Buffer;
  /** Query parameters already stripped of the shaping ones. */
  query: URLSearchParams;
}

export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /[/+]json\b/i.test(contentType);
}

function isMultipart(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*multipart\/form-data/i.test(contentType);
}

/** A JSON body is passed through as sent (the signature of §9 covers its exact text), after a syntax check. */
export function checkJson(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    // Upstream let PostgreSQL's cast fail (a 500); a malformed body is the caller's mistake.
    throw new HttpError(400, `Malformed JSON body: ${(err as Error).message}`);
  }
  return text;
}

export function paramsObject(params: URLSearchParams): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of params) object[key] = value;
  return object;
}

/**
 * multipart/form-data as `{field: text}`; a file part becomes the base64 text
 * of its bytes, so a payload stays JSON and no file is silently dropped.
 */
export function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType } });
    } catch (err) {
      reject(new HttpError(400, `Malformed multipart body: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    const files: Array<Promise<void>> = [];
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      files.push(
        new Promise((done, fail) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            fields[name] = Buffer.concat(chunks).toString('base64');
            done();
          });
          stream.on('error', fail);
        }),
      );
    });
    parser.on('error', (err: Error) => reject(new HttpError(400, `Malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      Promise.all(files).then(
        () => resolve(fields),
        (err: Error) => reject(new HttpError(400, `Malformed multipart body: ${err.message}`)),
      );
    });
    Readable.from([body]).pipe(parser);
  });
}

/** The payload of a request without a body: its query parameters, or SQL NULL when there are none. */
export function queryPayload(query: URLSearchParams): string | null {
  return query.size === 0 ? null : JSON.stringify(paramsObject(query));
}

/**
 * The `payload` argument (app.md §7, the v1 intent): JSON as sent, a form or
 * multipart body as an object of strings, no body → the query parameters, or
 * SQL NULL when there are none. Returns JSON text or `null`.
 */
export async function buildPayload({ contentType, body, query }: RequestBody): Promise<string | null> {
  if (body.length === 0) {
    return queryPayload(query);
  }
  if (isJsonType(contentType)) {
    return checkJson(body.toString('utf8'));
  }
  if (isMultipart(contentType)) {
    return JSON.stringify(await parseMultipart(contentType as string, body));
  }
  return JSON.stringify(paramsObject(new URLSearchParams(body.toString('utf8'))));
}
