--------------------------------------------------------------------------------
-- session module: REST catalogue (sync)
--------------------------------------------------------------------------------

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, null, true, p.summary, 'session')
  FROM (VALUES
    ('/api/v1/session/set/area', '{id,code}'::text[], 'Sets the session area (and the default area of the user).'),
    ('/api/v1/session/set/interface', '{id,code}', 'Sets the session interface.'),
    ('/api/v1/session/set/locale', '{id,code}', 'Sets the session locale (and the default locale of the user).'),
    ('/api/v1/session/set/oper_date', '{oper_date}', 'Sets or clears the business date of the session.')
  ) AS p(path, keys, summary);
