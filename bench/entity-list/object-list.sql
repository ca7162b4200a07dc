SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/object/list', '{"reclimit":10}');
