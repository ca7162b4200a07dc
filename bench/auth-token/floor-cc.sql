-- pgbench: one client_credentials grant of the floor (floor.sql), as pgbench/client_credentials.sql makes the real one.
SELECT daemon.floor_token('service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', '{"grant_type":"client_credentials","scope":"pgfleet"}'::jsonb, 'bench', '127.0.0.1'::inet);
