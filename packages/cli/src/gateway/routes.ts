/** The services the dev gateway can send a request to. */
export type RouteTarget = 'auth' | 'app' | 'ws' | 'file';

/**
 * URL prefixes of ARCHITECTURE §1, first match wins. A prefix matches the
 * segment itself and anything below it (`/file` and `/file/x`, never `/files`),
 * which is how an nginx `location /file/` plus an exact `/file` would behave.
 */
const prefixes: ReadonlyArray<readonly [prefix: string, target: RouteTarget]> = [
  ['/oauth2', 'auth'],
  ['/.well-known', 'auth'],
  ['/api', 'app'],
  ['/callback', 'app'],
  ['/import', 'app'],
  ['/docs', 'app'],
  ['/session', 'ws'],
  ['/ws', 'ws'],
  ['/file', 'file'],
];

/** The service that owns a request URL (path plus optional query); the static site of `app` owns the rest. */
export function routeFor(url: string): RouteTarget {
  const path = pathOf(url);
  for (const [prefix, target] of prefixes) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return target;
  }
  return 'app';
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  // An absolute-form request target (`GET http://host/x`) still routes by its path.
  if (!path.startsWith('/')) {
    try {
      return new URL(path).pathname;
    } catch {
      return path;
    }
  }
  return path;
}
