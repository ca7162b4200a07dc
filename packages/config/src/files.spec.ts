import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandEnv, loadOAuth2Providers, loadSites, siteForHost } from './files.js';

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfgfiles-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

describe('provider and site files', () => {
  it('expands $VAR and ${VAR}, unset to empty, PUBLIC_URL to its default', () => {
    expect(expandEnv('a-$X-${Y}-$NOPE', { X: '1', Y: '2' })).toBe('a-1-2-');
    expect(expandEnv('${PUBLIC_URL}/cb', {})).toBe('http://127.0.0.1:4977/cb');
  });

  it('loads every provider by file stem and drops list entries that expand to nothing', () => {
    const dir = dirWith({
      'default.json': { web: { client_id: 'web-x', client_secret: '$WEB_SECRET', issuers: ['${PUBLIC_URL}', '$UNSET'] } },
      'fcm.json': { type: 'service_account', project_id: 'p' },
    });
    const providers = loadOAuth2Providers(dir, { WEB_SECRET: 'w', PUBLIC_URL: 'https://api.example' });
    expect(Object.keys(providers)).toEqual(['default']);
    expect(providers.default?.web?.client_secret).toBe('w');
    expect(providers.default?.web?.issuers).toEqual(['https://api.example']);
    expect(providers.default?.web?.redirect_uris).toEqual([]);
  });

  it('rejects a section without client_id naming file and key', () => {
    const dir = dirWith({ 'default.json': { web: { client_secret: 'x' } } });
    expect(() => loadOAuth2Providers(dir, {})).toThrow(/default\.json: web\.client_id/);
  });

  it('loads the committed development files', () => {
    const providers = loadOAuth2Providers('config/oauth2', {});
    expect(providers.default?.web?.issuers[0]).toBe('http://127.0.0.1:4977');
    expect(providers.default?.service?.client_secret).toBeTruthy();
    const sites = loadSites('config/sites', {});
    expect(siteForHost(sites, 'localhost:4977')?.name).toBe('default');
    expect(siteForHost(sites, 'unknown:1')?.name).toBe('default');
  });
});
