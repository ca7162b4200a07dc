SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/whoami');
