SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/whoami', NULL::jsonb, 'wrk', '127.0.0.1'::inet);
