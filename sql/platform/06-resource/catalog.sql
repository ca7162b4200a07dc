-- REST catalogue entries of /resource/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath('/resource/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count resources', 'resource');
SELECT kernel.RegisterRestPath('/resource/set', ARRAY['GET', 'POST'], ARRAY['id', 'root', 'node', 'type', 'name', 'description', 'encoding', 'data', 'sequence', 'localecode'], ARRAY[]::text[], true, 'Create or update a resource', 'resource');
SELECT kernel.RegisterRestPath('/resource/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'A resource in the session locale', 'resource');
SELECT kernel.RegisterRestPath('/resource/delete', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY[]::text[], true, 'Delete a resource without children', 'resource');
SELECT kernel.RegisterRestPath('/resource/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List resources', 'resource');
