import { importJWK, importX509, importSPKI, type JWK, type CryptoKey } from 'jose';
import type { ProviderRegistry } from './providers.js';

type Key = CryptoKey | Uint8Array;

export interface JwksCacheOptions {
  /** Whole-cache refresh period (auth.md §7: 30 minutes). */
  refreshMs?: number;
  /** Next attempt after a transport error (5 s). */
  retryMs?: number;
  fetch?: typeof fetch;
  onError?: (provider: string, reason: string) => void;
}

interface ProviderKeys {
  state: 'unknown' | 'ok' | 'failed';
  keys: Map<string, JWK | string>;
}

/**
 * Public keys of external providers, by `kid`. Keys are imported lazily for
 * the algorithm the token names, because one JWK or PEM can serve RS256 and
 * PS256 alike and jose binds an imported key to one algorithm.
 */
export class JwksCache {
  private readonly providers = new Map<string, ProviderKeys>();
  private readonly imported = new Map<string, Key>();
  private timer: NodeJS.Timeout | undefined;
  private readonly refreshMs: number;
  private readonly retryMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly options: JwksCacheOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 30 * 60_000;
    this.retryMs = options.retryMs ?? 5_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The certificate URL of every `web` section that has one. */
  sources(): Array<{ provider: string; url: string }> {
    const sources: Array<{ provider: string; url: string }> = [];
    for (const { provider, name, app } of this.registry.entries()) {
      const url = app.cert_uri ?? app.auth_provider_x509_cert_url;
      if (name === 'web' && url) sources.push({ provider, url });
    }
    return sources;
  }

  /** Fetches every source now; resolves once all have answered or failed. */
  async refresh(): Promise<void> {
    this.imported.clear();
    let transportError = false;
    await Promise.all(
      this.sources().map(async ({ provider, url }) => {
        const entry: ProviderKeys = { state: 'unknown', keys: new Map() };
        this.providers.set(provider, entry);
        let response: Response;
        try {
          response = await this.fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
        } catch (err) {
          transportError = true;
          entry.state = 'failed';
          this.options.onError?.(provider, err instanceof Error ? err.message : String(err));
          return;
        }
        try {
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          const body = (await response.json());
          for (const [kid, key] of parseKeySet(body)) entry.keys.set(kid, key);
          entry.state = 'ok';
        } catch (err) {
          entry.state = 'failed';
          this.options.onError?.(provider, err instanceof Error ? err.message : String(err));
        }
      }),
    );
    this.schedule(transportError ? this.retryMs : this.refreshMs);
  }

  /** Starts the refresh cycle; the first fetch runs at once. */
  start(): Promise<void> {
    return this.refresh();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.stop();
    this.timer = setTimeout(() => {
      void this.refresh();
    }, ms);
    this.timer.unref();
  }

  /** The key for `kid` under `alg`, searched across every provider whose fetch succeeded. */
  async key(kid: string, alg: string): Promise<Key | undefined> {
    const cacheKey = `${alg}:${kid}`;
    const cached = this.imported.get(cacheKey);
    if (cached !== undefined) return cached;
    for (const entry of this.providers.values()) {
      if (entry.state !== 'ok') continue;
      const raw = entry.keys.get(kid);
      if (raw === undefined) continue;
      const key = await importKey(raw, alg);
      this.imported.set(cacheKey, key);
      return key;
    }
    return undefined;
  }
}

/** `{"keys":[JWK,…]}` or Google's v1 map `{"<kid>":"<PEM>"}`. */
export function parseKeySet(body: unknown): Array<[string, JWK | string]> {
  if (body === null || typeof body !== 'object') throw new Error('key set is not an object');
  const keys = (body as { keys?: unknown }).keys;
  if (Array.isArray(keys)) {
    return keys
      .filter((key): key is JWK & { kid: string } => key !== null && typeof key === 'object' && typeof (key as JWK).kid === 'string')
      .map((key) => [key.kid, key]);
  }
  return Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].includes('-----BEGIN'));
}

async function importKey(raw: JWK | string, alg: string): Promise<Key> {
  if (typeof raw !== 'string') return importJWK(raw, alg);
  if (raw.includes('BEGIN CERTIFICATE')) return importX509(raw, alg);
  return importSPKI(raw, alg);
}
