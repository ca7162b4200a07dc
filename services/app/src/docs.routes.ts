import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { stringify } from 'yaml';
import type { DaemonRepository } from './daemon.repository.js';
import { buildOpenApi, type CatalogEntry } from './openapi.js';

export interface DocsOptions {
  daemon: DaemonRepository;
  publicUrl: string;
  version: string;
  /** The web client Swagger UI signs in with, and its scopes. */
  clientId: string | undefined;
  scopes: readonly string[];
  logger: Logger;
  /** How long a generated document is reused; the catalogue changes only on install/update. */
  cacheMs?: number;
}

const uiRoot = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

function initializer(clientId: string | undefined, scopes: readonly string[]): string {
  const oauth = clientId === undefined ? '' : `\n  window.ui.initOAuth(${JSON.stringify({ clientId, scopes: scopes.join(' ') })});`;
  return `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/api.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect.html'
  });${oauth}
};
`;
}

/** `/docs`: Swagger UI over an OpenAPI document generated from `daemon.rest_catalog()` (web.md §4). */
export function docsRoutes(options: DocsOptions): Router {
  const cacheMs = options.cacheMs ?? 60_000;
  let cached: { at: number; json: string; yaml: string } | undefined;
  let pending: Promise<{ json: string; yaml: string }> | undefined;

  const documents = async (): Promise<{ json: string; yaml: string }> => {
    if (cached !== undefined && Date.now() - cached.at < cacheMs) return cached;
    pending ??= (async () => {
      try {
        const rows = await options.daemon.restCatalog();
        const entries = rows.flatMap((row) => (row === null ? [] : [JSON.parse(row) as CatalogEntry]));
        const document = buildOpenApi(entries, { publicUrl: options.publicUrl, version: options.version, scopes: options.scopes });
        cached = { at: Date.now(), json: JSON.stringify(document), yaml: stringify(document, { aliasDuplicateObjects: false }) };
        return cached;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const script = initializer(options.clientId, options.scopes);
  // Strict, so `/docs` (redirected) and `/docs/` (the UI) are different routes.
  const router = Router({ strict: true });
  router.get('/docs', (_req, res) => {
    res.redirect(301, '/docs/');
  });
  router.get('/docs/api.json', async (_req, res) => {
    res.type('application/json').send((await documents()).json);
  });
  router.get('/docs/api.yaml', async (_req, res) => {
    res.type('application/yaml').send((await documents()).yaml);
  });
  router.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send(script);
  });
  router.use('/docs', express.static(uiRoot, { index: 'index.html', maxAge: '1h' }));
  return router;
}
