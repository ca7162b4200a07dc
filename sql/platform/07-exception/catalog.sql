-- REST catalogue entries of /error/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath('/error/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count error catalog entries', 'exception');
SELECT kernel.RegisterRestPath('/error/set', ARRAY['GET', 'POST'], ARRAY['id', 'code', 'httpcode', 'severity', 'category', 'message', 'description', 'resolution'], ARRAY[]::text[], true, 'Create or update an error catalog entry', 'exception');
SELECT kernel.RegisterRestPath('/error/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get an error catalog entry by id', 'exception');
SELECT kernel.RegisterRestPath('/error/code', ARRAY['GET', 'POST'], ARRAY['code', 'fields'], ARRAY['code'], true, 'Get an error catalog entry by code', 'exception');
SELECT kernel.RegisterRestPath('/error/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List error catalog entries', 'exception');
