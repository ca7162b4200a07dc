-- Opens :sessions sessions with the password grant (psql variables sessions,
-- client_id, client_secret, admin_password), run as daemon, then the caller
-- runs VACUUM ANALYZE. A fresh install holds a handful of sessions and tokens,
-- for which the planner picks sequential scans and hash joins; with a few
-- hundred it picks the index plans a real installation gets.
SELECT set_config('bench.sessions', :'sessions', false),
       set_config('bench.client_id', :'client_id', false),
       set_config('bench.client_secret', :'client_secret', false),
       set_config('bench.admin_password', :'admin_password', false) \gset
DO $$
BEGIN
  FOR i IN 1..current_setting('bench.sessions')::integer LOOP
    PERFORM daemon.token(current_setting('bench.client_id'), current_setting('bench.client_secret'),
      jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', current_setting('bench.admin_password')));
    COMMIT;
  END LOOP;
END
$$;
