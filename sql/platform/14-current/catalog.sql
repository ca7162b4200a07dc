--------------------------------------------------------------------------------
-- current module: REST catalogue (sync)
--------------------------------------------------------------------------------

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], null, null, false, p.summary, 'current')
  FROM (VALUES
    ('/api/v1/current/session', 'The current session (nothing without one).'),
    ('/api/v1/current/user', 'The current user in the current scope.'),
    ('/api/v1/current/userid', 'Id of the current user (null without a session).'),
    ('/api/v1/current/username', 'Name of the current user.'),
    ('/api/v1/current/area', 'The current area (guest area without a session).'),
    ('/api/v1/current/interface', 'The current interface (guest interface without a session).'),
    ('/api/v1/current/locale', 'The current locale (Russian without a session).'),
    ('/api/v1/current/oper_date', 'The business date of the session, or null.')
  ) AS p(path, summary);
