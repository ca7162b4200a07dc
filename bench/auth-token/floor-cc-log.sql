-- pgbench: the floor's client_credentials grant with the sign-in's event log row (floor.sql, pLog).
SELECT daemon.floor_token('service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', '{"grant_type":"client_credentials","scope":"pgfleet"}'::jsonb, 'bench', '127.0.0.1'::inet, true);
