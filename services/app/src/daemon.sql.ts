// The daemon entry points of app.md §5–6 and the PGHTTP handlers of §10. Each
// is run as a named (prepared) statement: PostgreSQL plans it once per
// connection. The casts are part of the wire contract.

export const fetchSql = {
  name: 'app.daemon.fetch',
  text: 'SELECT * FROM daemon.fetch($1, $2, $3, $4::jsonb, $5, $6::inet)',
} as const;

export const sessionFetchSql = {
  name: 'app.daemon.session_fetch',
  text: 'SELECT * FROM daemon.session_fetch($1, $2, $3, $4, $5::jsonb, $6, $7::inet)',
} as const;

export const authorizedFetchSql = {
  name: 'app.daemon.authorized_fetch',
  text: 'SELECT * FROM daemon.authorized_fetch($1, $2, $3, $4, $5::jsonb, $6, $7::inet)',
} as const;

export const unauthorizedFetchSql = {
  name: 'app.daemon.unauthorized_fetch',
  text: 'SELECT * FROM daemon.unauthorized_fetch($1, $2, $3::jsonb, $4, $5::inet)',
} as const;

export const signedFetchSql = {
  name: 'app.daemon.signed_fetch',
  text: 'SELECT * FROM daemon.signed_fetch($1, $2, $3::json, $4, $5, $6, $7, $8::inet, $9::interval)',
} as const;

export const refreshTokenSql = {
  name: 'app.daemon.refresh_token',
  text: 'SELECT daemon.refresh_token($1, $2)',
} as const;

export const restCatalogSql = {
  name: 'app.daemon.rest_catalog',
  text: 'SELECT * FROM daemon.rest_catalog()',
} as const;

// The platform declares the PGHTTP body as json (spec app.md §10 writes ::jsonb,
// which does not resolve against `http.post(text, jsonb, jsonb, json)`).
export const pghttpSql = {
  GET: { name: 'app.http.get', text: 'SELECT * FROM http.get($1, $2::jsonb, $3::jsonb)' },
  POST: { name: 'app.http.post', text: 'SELECT * FROM http.post($1, $2::jsonb, $3::jsonb, $4::json)' },
  PUT: { name: 'app.http.put', text: 'SELECT * FROM http.put($1, $2::jsonb, $3::jsonb, $4::json)' },
  PATCH: { name: 'app.http.patch', text: 'SELECT * FROM http.patch($1, $2::jsonb, $3::jsonb, $4::json)' },
  DELETE: { name: 'app.http.delete', text: 'SELECT * FROM http.delete($1, $2::jsonb, $3::jsonb, $4::json)' },
} as const;
