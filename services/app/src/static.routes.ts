import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { Router, type Response } from 'express';

export interface StaticOptions {
  /** Document root (web.md §2). */
  root: string;
  /** Cache lifetime of assets in seconds; HTML is always revalidated. */
  assetMaxAge?: number;
}

const ALLOW = 'GET, HEAD, OPTIONS';

function text(res: Response, status: number, body: string): void {
  res.status(status).type('text/plain').send(body);
}

/**
 * The web module (web.md): files from `root` with ETag and Last-Modified,
 * directory indexes, and the SPA fallback to `index.html` for unknown paths
 * without a file extension (a missing `/assets/x.js` is a 404, not the app).
 */
export function staticRoutes({ root, assetMaxAge = 3600 }: StaticOptions): Router {
  const index = join(root, 'index.html');
  const cacheControl = (path: string): string => (extname(path) === '.html' ? 'no-cache' : `public, max-age=${assetMaxAge}`);
  const router = Router();

  router.use((req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.status(204).set('Allow', ALLOW).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', ALLOW);
      text(res, 405, '405 Method Not Allowed');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      text(res, 400, '400 Bad Request');
      return;
    }
    if (!decoded.startsWith('/') || decoded.split(/[/\\]/).includes('..') || decoded.includes('\0')) {
      text(res, 400, '400 Bad Request');
      return;
    }
    next();
  });
  router.use(
    express.static(root, {
      etag: true,
      lastModified: true,
      index: 'index.html',
      redirect: true,
      dotfiles: 'ignore',
      setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControl(path)),
    }),
  );
  router.use((req, res) => {
    if (extname(req.path) !== '' || !existsSync(index)) {
      text(res, 404, '404 Not Found');
      return;
    }
    res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
  });
  return router;
}
