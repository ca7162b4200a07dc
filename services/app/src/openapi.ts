/** One row of `daemon.rest_catalog()` (ARCHITECTURE §4). */
export interface CatalogEntry {
  path: string;
  methods: string[] | null;
  keys: string[] | null;
  required: string[] | null;
  session: boolean;
  summary: string | null;
  module: string | null;
}

export interface OpenApiOptions {
  /** Base URL of the whole site; paths are absolute (`/api/v1/...`). */
  publicUrl: string;
  version: string;
  /** OAuth scopes offered in the UI (the web client's). */
  scopes: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * The catalogue holds short paths (`/file/set`, what `api.run` sees after
 * stripping `/api/v1`) next to full ones; the document always uses the full form.
 */
export function fullPath(path: string): string {
  const clean = `/${path.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return clean.startsWith('/api/') ? clean : `/api/v1${clean === '/' ? '' : clean}`;
}

function operationId(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('')}`;
}

const ERROR_RESPONSES = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '404': { $ref: '#/components/responses/NotFound' },
};

const SECURED = [{ bearerAuth: [] }, { oauth2: [] }, { basicAuth: [] }, { sessionAuth: [], sessionSecret: [] }, { cookieAuth: [] }];

function restOperation(method: string, path: string, entry: CatalogEntry, tag: string): Json {
  // A required key the catalogue forgot to list is still a key.
  const keys = [...new Set([...(entry.keys ?? []), ...(entry.required ?? [])])];
  const required = entry.required ?? [];
  const operation: Json = {
    operationId: operationId(method, path),
    summary: entry.summary ?? path,
    tags: [tag],
    parameters: [{ $ref: '#/components/parameters/resultObject' }, { $ref: '#/components/parameters/resultFormat' }],
    responses: {
      '200': {
        description: 'The rows of the call, shaped by `result_object` / `result_format`.',
        content: { 'application/json': { schema: {} } },
      },
      ...ERROR_RESPONSES,
    },
    // An anonymous call is allowed where the path needs no session (the empty requirement).
    security: entry.session ? SECURED : [...SECURED, {}],
  };
  const properties = Object.fromEntries(keys.map((key) => [key, { description: `\`${key}\`` }]));
  if (method === 'GET') {
    // Without a body the query parameters are the payload (app.md §7).
    (operation.parameters as Json[]).push(
      ...keys.map((key) => ({ name: key, in: 'query', required: required.includes(key), schema: { type: 'string' } })),
    );
  } else {
    const schema: Json = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    operation.requestBody = { required: required.length > 0, content: { 'application/json': { schema } } };
  }
  return operation;
}

function ownEndpoints(): Record<string, Json> {
  const plain = (operation: string, summary: string, type: string): Json => ({
    get: {
      operationId: operation,
      summary,
      tags: ['service'],
      security: [{}],
      responses: {
        '200': { description: summary, content: { [type]: { schema: type === 'application/json' ? { type: 'object' } : { type: 'string' } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
      },
    },
  });
  return {
    '/healthz': plain('getHealthz', 'Liveness probe', 'text/plain'),
    '/readyz': plain('getReadyz', 'Readiness probe (database pool)', 'application/json'),
    '/metrics': plain('getMetrics', 'Prometheus metrics', 'text/plain'),
    '/docs/api.json': plain('getOpenApiJson', 'This document as JSON', 'application/json'),
    '/docs/api.yaml': plain('getOpenApiYaml', 'This document as YAML', 'application/yaml'),
  };
}

/** The built-in GET forms of ping and time (app.md §3), answered without the database. */
function builtinGets(): Record<string, Json> {
  const get = (operation: string, summary: string, schema: Json): Json => ({
    operationId: operation,
    summary,
    tags: ['service'],
    security: [{}],
    responses: {
      '200': { description: summary, content: { 'application/json': { schema } } },
      '400': { $ref: '#/components/responses/BadRequest' },
    },
  });
  return {
    '/api/v1/ping': get('getApiV1Ping', 'Liveness of the API (no database)', { $ref: '#/components/schemas/Error' }),
    '/api/v1/time': get('getApiV1Time', 'Server time in epoch milliseconds (no database)', {
      type: 'object',
      properties: { serverTime: { type: 'integer' } },
    }),
  };
}

/** OpenAPI 3.1 of the REST API: every catalogue path plus the service's own endpoints. */
export function buildOpenApi(entries: readonly CatalogEntry[], options: OpenApiOptions): Json {
  const paths: Record<string, Json> = {};
  const tags = new Set<string>(['service']);
  for (const entry of entries) {
    const path = fullPath(entry.path);
    const tag = entry.module ?? 'platform';
    tags.add(tag);
    const item = (paths[path] ??= {});
    for (const method of entry.methods ?? ['GET', 'POST']) {
      const verb = method.toLowerCase();
      // The first registration of a path wins, as `RegisterRestPath` keeps one row per path.
      if (item[verb] === undefined) item[verb] = restOperation(method.toUpperCase(), path, entry, tag);
    }
  }
  for (const [path, operation] of Object.entries(builtinGets())) {
    (paths[path] ??= {}).get = operation;
  }
  Object.assign(paths, ownEndpoints());
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  const scopes = Object.fromEntries(options.scopes.map((scope) => [scope, `scope ${scope}`]));
  const base = options.publicUrl.replace(/\/+$/, '');
  return {
    openapi: '3.1.0',
    info: {
      title: 'pgfleet REST API',
      version: options.version,
      description:
        'Business logic runs in PostgreSQL; every `/api/v1/...` path is one `daemon.*` call. ' +
        'Errors come back as `{"error":{"code":N,"error":"ERR-GGG-CCC","message":"..."}}`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: base, description: 'This installation' }],
    tags: [...tags].sort().map((name) => ({ name, description: name === 'service' ? 'Endpoints of the app service itself' : `Module ${name}` })),
    paths: sorted,
    components: {
      parameters: {
        resultObject: {
          name: 'result_object',
          in: 'query',
          required: false,
          description: '`true` wraps the rows as `{"result": [...]}`.',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
        resultFormat: {
          name: 'result_format',
          in: 'query',
          required: false,
          description: 'Force an object, an array, or `null` for no rows.',
          schema: { type: 'string', enum: ['object', 'array', 'null'] },
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      responses: Object.fromEntries(
        (
          [
            ['BadRequest', 'Bad request (envelope codes other than 401, 403, 404, 500)'],
            ['Unauthorized', 'Not authenticated'],
            ['Forbidden', 'Token expired or access denied'],
            ['NotFound', 'Not found'],
          ] as const
        ).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        basicAuth: { type: 'http', scheme: 'basic' },
        sessionAuth: { type: 'apiKey', in: 'header', name: 'Session' },
        sessionSecret: { type: 'apiKey', in: 'header', name: 'Secret' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: '__Secure-AT' },
        oauth2: {
          type: 'oauth2',
          flows: {
            password: { tokenUrl: `${base}/oauth2/token`, scopes },
            implicit: { authorizationUrl: `${base}/oauth2/authorize`, scopes },
          },
        },
      },
    },
  };
}
