SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/document/list', '{"reclimit":10}');
