// Test database and role connections for the admin module's integration tests.
import pg from 'pg';
import { createTestDatabase } from '@pgfleet/testkit';

export interface TestDatabase {
  name: string;
  connect(role: 'kernel' | 'daemon' | 'apibot'): Promise<pg.Client>;
  drop(): Promise<void>;
}

export async function createAdminTestDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: 'admin' });
  const clients: pg.Client[] = [];
  return {
    name: db.name,
    async connect(role) {
      const client = new pg.Client({ connectionString: db.urls[role] });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await db.drop();
    },
  };
}
