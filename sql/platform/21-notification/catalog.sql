--------------------------------------------------------------------------------
-- notification module: REST catalogue (the route itself is the api module's)
--------------------------------------------------------------------------------

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'notification')
  FROM (VALUES
    ('/notification', '{point,fields}'::text[], '{}'::text[], 'Notifications since point (Unix seconds, default now) on objects the caller may select.'),
    ('/notification/get', '{id,fields}', '{id}', 'A notification by id.'),
    ('/notification/count', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'Counts notifications.'),
    ('/notification/list', '{fields,search,filter,reclimit,recoffset,orderby,groupby}', '{}',
     'Lists notifications; with groupby (columns of the view) fields may hold count/sum/min/max/avg aggregates.'),
    ('/notification/changed/objects', '{objects,fromdate,todate}', '{}', 'The current rows of the objects that changed in [fromdate, todate).')
  ) AS p(path, keys, required, summary);
