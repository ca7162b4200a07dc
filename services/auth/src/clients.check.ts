import type { ProviderRegistry } from '@pgfleet/auth';
import type { QueryRunner } from '@pgfleet/db';
import * as daemon from './daemon.repository.js';

/**
 * Readiness: every client of a local provider file must authenticate against
 * the database with its file secret (ARCHITECTURE §4: a service whose file
 * secrets do not match the database is not ready). Introspecting an empty
 * token authenticates the client and stops there, touching no rows.
 */
export function clientsCheck(db: QueryRunner, registry: ProviderRegistry): () => Promise<void> {
  return async () => {
    const failing: string[] = [];
    for (const { provider, app } of registry.entries()) {
      if (!registry.isLocal(provider) || !app.client_secret) continue;
      const answer = await daemon.introspect(db, app.client_id, app.client_secret, '', null);
      const error = daemon.isDaemonError(answer) ? answer.error.error : undefined;
      if (error === 'invalid_client' || error === 'unauthorized_client') failing.push(app.client_id);
    }
    if (failing.length > 0) throw new Error(`client secrets differ from the database: ${failing.join(', ')}`);
  };
}
