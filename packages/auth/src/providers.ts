import type { OAuth2Application, OAuth2Providers } from '@pgfleet/config';

/** One application section together with where it came from. */
export interface AppRef {
  provider: string;
  name: string;
  app: OAuth2Application;
}

/**
 * Lookups over the loaded provider files (config.md §3). Built once at start:
 * the files do not change while a service runs.
 */
export class ProviderRegistry {
  private readonly byClientId = new Map<string, AppRef>();
  readonly origins: ReadonlySet<string>;

  constructor(readonly providers: OAuth2Providers) {
    const origins = new Set<string>();
    for (const [provider, apps] of Object.entries(providers)) {
      for (const [name, app] of Object.entries(apps)) {
        // The first file wins on a duplicate id, as the installer's upsert order does.
        if (!this.byClientId.has(app.client_id)) this.byClientId.set(app.client_id, { provider, name, app });
        for (const origin of app.javascript_origins) origins.add(origin);
      }
    }
    this.origins = origins;
  }

  /** The application whose `client_id` is `clientId`, in any provider file. */
  byClient(clientId: string): AppRef | undefined {
    return this.byClientId.get(clientId);
  }

  app(provider: string, name: string): AppRef | undefined {
    const app = this.providers[provider]?.[name];
    return app === undefined ? undefined : { provider, name, app };
  }

  /** The `web` application of the `default` provider: password logins without a client_id use it. */
  defaultWeb(): AppRef | undefined {
    return this.app('default', 'web');
  }

  /**
   * A provider is local when it is this installation rather than an external
   * identity provider: no section is flagged `external` and its token endpoint
   * is ours (relative) — Google's files carry an absolute `token_uri`.
   */
  isLocal(provider: string): boolean {
    const apps = this.providers[provider];
    if (apps === undefined) return false;
    return Object.values(apps).every((app) => app.external !== true && !/^https?:\/\//i.test(app.token_uri ?? ''));
  }

  /** Every client and its provider, for iteration (CORS, JWKS). */
  *entries(): Iterable<AppRef> {
    for (const [provider, apps] of Object.entries(this.providers)) {
      for (const [name, app] of Object.entries(apps)) yield { provider, name, app };
    }
  }
}
