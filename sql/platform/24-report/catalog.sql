-- REST routes and catalogue entries of the report module (idempotent).

-- ERR-400-120: a free code well away from the platform's 0xx range.
SELECT RegisterError('ERR-400-120', 400, 'E', 'entity', l, m, d, r) FROM (VALUES
  ('en', '%s is still in use', 'Other report objects still refer to it.', 'Delete and drop the objects that refer to it first.'),
  ('ru', '%s всё ещё используется', 'На объект ссылаются другие объекты отчётов.', 'Сначала удалите и уничтожьте ссылающиеся объекты.'),
  ('de', '%s wird noch verwendet', 'Andere Berichtsobjekte verweisen noch darauf.', 'Löschen Sie zuerst die verweisenden Objekte.'),
  ('fr', '%s est encore utilisé', 'D''autres objets de rapport y font référence.', 'Supprimez d''abord les objets qui y font référence.'),
  ('it', '%s è ancora in uso', 'Altri oggetti report vi fanno riferimento.', 'Eliminare prima gli oggetti che vi fanno riferimento.'),
  ('es', '%s todavía está en uso', 'Otros objetos de informe hacen referencia a él.', 'Elimine primero los objetos que hacen referencia a él.')) AS t(l, m, d, r);

SELECT EnsureRoute('report', 'report');
SELECT EnsureRoute('report/tree', 'report_tree');
SELECT EnsureRoute('report/form', 'report_form');
SELECT EnsureRoute('report/routine', 'report_routine');
SELECT EnsureRoute('report/ready', 'report_ready');

SELECT RegisterRestPath('/report/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity report', 'report');
SELECT RegisterRestPath('/report/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a report in its current state', 'report');
SELECT RegisterRestPath('/report/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count report objects', 'report');
SELECT RegisterRestPath('/report/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'tree', 'form', 'binding', 'code', 'name', 'description', 'info'], ARRAY[]::text[], true, 'Create or update a report', 'report');
SELECT RegisterRestPath('/report/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a report by id', 'report');
SELECT RegisterRestPath('/report/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List report objects', 'report');
SELECT RegisterRestPath('/report/build', ARRAY['GET', 'POST'], ARRAY['id', 'form'], ARRAY['id'], true, 'Build a report: create a ready report and start it', 'report');
SELECT RegisterRestPath('/report/object/count', ARRAY['GET', 'POST'], ARRAY['object', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY['object'], true, 'Count reports bound to the class of an object or its ancestors', 'report');
SELECT RegisterRestPath('/report/object/list', ARRAY['GET', 'POST'], ARRAY['object', 'fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY['object'], true, 'List reports bound to the class of an object or its ancestors', 'report');
SELECT RegisterRestPath('/report/tree/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity report_tree', 'report');
SELECT RegisterRestPath('/report/tree/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a report tree node in its current state', 'report');
SELECT RegisterRestPath('/report/tree/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count report tree node objects', 'report');
SELECT RegisterRestPath('/report/tree/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'root', 'node', 'code', 'name', 'description', 'sequence'], ARRAY[]::text[], true, 'Create or update a report tree node', 'report');
SELECT RegisterRestPath('/report/tree/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a report tree node by id', 'report');
SELECT RegisterRestPath('/report/tree/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List report tree node objects', 'report');
SELECT RegisterRestPath('/report/form/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity report_form', 'report');
SELECT RegisterRestPath('/report/form/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a report form in its current state', 'report');
SELECT RegisterRestPath('/report/form/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count report form objects', 'report');
SELECT RegisterRestPath('/report/form/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'definition', 'description'], ARRAY[]::text[], true, 'Create or update a report form', 'report');
SELECT RegisterRestPath('/report/form/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a report form by id', 'report');
SELECT RegisterRestPath('/report/form/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List report form objects', 'report');
SELECT RegisterRestPath('/report/form/build', ARRAY['GET', 'POST'], ARRAY['id', 'params'], ARRAY['id'], true, 'Build the input form of a report form or report', 'report');
SELECT RegisterRestPath('/report/routine/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity report_routine', 'report');
SELECT RegisterRestPath('/report/routine/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a report routine in its current state', 'report');
SELECT RegisterRestPath('/report/routine/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count report routine objects', 'report');
SELECT RegisterRestPath('/report/routine/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'report', 'code', 'name', 'definition', 'description', 'sequence'], ARRAY[]::text[], true, 'Create or update a report routine', 'report');
SELECT RegisterRestPath('/report/routine/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a report routine by id', 'report');
SELECT RegisterRestPath('/report/routine/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List report routine objects', 'report');
SELECT RegisterRestPath('/report/ready/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity report_ready', 'report');
SELECT RegisterRestPath('/report/ready/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a ready report in its current state', 'report');
SELECT RegisterRestPath('/report/ready/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count ready report objects', 'report');
SELECT RegisterRestPath('/report/ready/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'report', 'form', 'label', 'description'], ARRAY[]::text[], true, 'Create or update a ready report', 'report');
SELECT RegisterRestPath('/report/ready/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a ready report by id', 'report');
SELECT RegisterRestPath('/report/ready/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List ready report objects', 'report');
