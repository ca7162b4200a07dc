/** Anything that runs a query: a pg pool or client. */
export interface Queryable {
  query(text: string): Promise<unknown>;
}

/** Readiness of a database pool: one `SELECT 1` through it. */
export function databaseCheck(pool: Queryable): () => Promise<void> {
  return async () => {
    await pool.query('SELECT 1');
  };
}

/** Readiness of a broker connection, as the bus driver sees it. */
export function busCheck(bus: { isConnected(): boolean }): () => Promise<void> {
  return () => (bus.isConnected() ? Promise.resolve() : Promise.reject(new Error('broker not connected')));
}
