-- Two workflow actions per transaction on this client's own issued invoice:
-- disable (enabled -> disabled), then enable (disabled -> enabled), so every
-- transaction leaves the object where it found it.
SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/object/method/execute',
  jsonb_build_object('id', (SELECT obj FROM bench.pool WHERE who = :who AND n = :client_id), 'code', 'disable'));
SELECT * FROM daemon.fetch(:token, 'POST', '/api/v1/object/method/execute',
  jsonb_build_object('id', (SELECT obj FROM bench.pool WHERE who = :who AND n = :client_id), 'code', 'enable'));
