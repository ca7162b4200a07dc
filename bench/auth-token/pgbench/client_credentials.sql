-- One client_credentials grant exactly as the auth service makes it (agent and host set).
SELECT daemon.token('service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6', '{"grant_type":"client_credentials","scope":"pgfleet"}'::jsonb, 'bench', '127.0.0.1'::inet);
