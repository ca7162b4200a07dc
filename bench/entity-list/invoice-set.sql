SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/invoice/set', '{"amount":10,"currency":"EUR","label":"bench-create"}');
