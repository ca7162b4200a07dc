SELECT * FROM daemon.session_fetch(:session, :secret, 'POST', '/api/v1/whoami');
