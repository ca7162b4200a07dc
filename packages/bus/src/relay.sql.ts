/**
 * One sweep per source at a time across every relay replica: the lock is
 * transaction-scoped, so it is released on commit/rollback and never outlives
 * a crashed replica. Keyed by (namespace, channel) to stay clear of other
 * advisory locks in the database.
 */
export const TRY_SWEEP_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('pgfleet.relay'), hashtext($1::text)) AS locked";
