-- REST catalogue entries of /kladr/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath('/kladr/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'An address tree node', 'kladr');
SELECT kernel.RegisterRestPath('/kladr/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count address tree nodes', 'kladr');
SELECT kernel.RegisterRestPath('/kladr/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List address tree nodes', 'kladr');
SELECT kernel.RegisterRestPath('/kladr/history', ARRAY['GET', 'POST'], ARRAY['id', 'code'], ARRAY[]::text[], true, 'An address tree node and its ancestors', 'kladr');
SELECT kernel.RegisterRestPath('/kladr/string', ARRAY['GET', 'POST'], ARRAY['code', 'short', 'level'], ARRAY['code'], true, 'An address as a printable string', 'kladr');
