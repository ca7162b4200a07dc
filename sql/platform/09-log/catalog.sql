-- REST catalogue entries of /event/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath('/event/log', ARRAY['GET', 'POST'], ARRAY['type', 'code', 'scope', 'datefrom', 'dateto'], ARRAY[]::text[], true, 'Own event log entries, filtered', 'log');
SELECT kernel.RegisterRestPath('/event/log/set', ARRAY['GET', 'POST'], ARRAY['type', 'code', 'scope', 'text'], ARRAY['text'], true, 'Write an entry to the event log', 'log');
SELECT kernel.RegisterRestPath('/event/log/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get an own event log entry by id', 'log');
SELECT kernel.RegisterRestPath('/event/log/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count own event log entries', 'log');
SELECT kernel.RegisterRestPath('/event/log/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List own event log entries', 'log');
