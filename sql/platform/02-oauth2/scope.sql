-- OIDC scope names accepted as aliases of the default scope, so that
-- "openid profile email offline_access" pass ScopeToArray. db.scope_alias
-- belongs to the admin module, which has no API for it (configurations insert
-- directly); the insert is skipped until that module's rows exist.
DO $$
BEGIN
  IF to_regclass('db.scope_alias') IS NOT NULL THEN
    INSERT INTO db.scope_alias (scope, code)
    SELECT s.id, a.code
      FROM db.scope s,
           unnest(ARRAY['openid', 'profile', 'email', 'offline_access']) AS a(code)
     WHERE s.id = '00000000-0000-4006-a000-000000000000'
    ON CONFLICT DO NOTHING;
  END IF;
END;
$$;
