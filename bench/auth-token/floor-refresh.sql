-- pgbench: one refresh_token grant of the floor (floor.sql) per transaction, as pgbench/refresh_token.sql
-- makes the real one; run with -D rt=none and the simple protocol: the first transaction of a client
-- gets its token by a floor client_credentials grant.
SELECT daemon.floor_token('service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', jsonb_build_object('grant_type', 'refresh_token', 'refresh_token', CASE WHEN ':rt' = 'none' THEN daemon.floor_token('service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', '{"grant_type":"client_credentials","scope":"pgfleet"}'::jsonb, 'bench', '127.0.0.1'::inet)->>'refresh_token' ELSE ':rt' END), 'bench', '127.0.0.1'::inet)->>'refresh_token' AS rt \gset
