-- Route /api/v1/replication (the api module's initialisation does not list
-- it) and the REST catalogue entries of /replication/*.
SELECT kernel.EnsureRoute('replication', 'replication');

SELECT kernel.RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'replication')
  FROM (VALUES
    ('/replication/apply', '{source}'::text[], '{source}'::text[], 'Apply the pending relay rows of a source'),
    ('/replication/log', '{id,source,reclimit}', '{}', 'Log rows after an id that did not come from the given source'),
    ('/replication/log/max', '{}', '{}', 'The highest log id'),
    ('/replication/log/get', '{id,fields}', '{id}', 'A log row by id'),
    ('/replication/log/count', '{search,filter,reclimit,recoffset,orderby}', '{}', 'Count log rows'),
    ('/replication/log/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'List log rows'),
    ('/replication/relay/count', '{search,filter,reclimit,recoffset,orderby}', '{}', 'Count relay rows'),
    ('/replication/relay/add', '{source,id,datetime,action,schema,name,key,data,proxy}', '{source,id,datetime,action,schema,name}', 'Receive log rows of a peer into the relay'),
    ('/replication/relay/max', '{source}', '{source}', 'The highest relay id received from a source'),
    ('/replication/relay/apply', '{source,id}', '{source,id}', 'Apply one relay row (any state)'),
    ('/replication/relay/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'List relay rows')
  ) AS p (path, keys, required, summary);
