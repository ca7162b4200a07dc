-- REST catalogue entries of /observer/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'observer')
  FROM (VALUES
    ('/observer/subscribe', '{publisher,session,identity,filter,params}'::text[], '{publisher}'::text[], 'Subscribe the current session (and identity) to a publisher'),
    ('/observer/unsubscribe', '{publisher,session,identity}', '{publisher}', 'Unsubscribe the current session (and identity) from a publisher'),
    ('/observer/publisher', '{code,fields}', '{}', 'A publisher by code'),
    ('/observer/publisher/get', '{code,fields}', '{code}', 'A publisher by code'),
    ('/observer/publisher/count', '{search,filter,reclimit,recoffset,orderby}', '{}', 'Count publishers'),
    ('/observer/publisher/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'List publishers'),
    ('/observer/listener', '{publisher,session,identity,fields}', '{}', 'A listener of a session and identity'),
    ('/observer/listener/set', '{publisher,session,identity,filter,params}', '{publisher,session}', 'Create or update the listener of a session'),
    ('/observer/listener/get', '{publisher,session,identity,fields}', '{publisher}', 'A listener (session defaults to the current one, identity to main)'),
    ('/observer/listener/count', '{search,filter,reclimit,recoffset,orderby}', '{}', 'Count listeners'),
    ('/observer/listener/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'List listeners')
  ) AS p (path, keys, required, summary);
