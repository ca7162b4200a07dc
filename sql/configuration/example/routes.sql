-- Routes, REST catalogue entries and project error texts of the example
-- configuration. Idempotent: `pnpm db update` runs it again.

SELECT EnsureRoute('category', 'category');
SELECT EnsureRoute('invoice', 'invoice');

SELECT RegisterRestPath('/category/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity category', 'example');
SELECT RegisterRestPath('/category/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a category', 'example');
SELECT RegisterRestPath('/category/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count categories', 'example');
SELECT RegisterRestPath('/category/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], ARRAY[]::text[], true, 'Create or update a category', 'example');
SELECT RegisterRestPath('/category/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a category by id', 'example');
SELECT RegisterRestPath('/category/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List categories', 'example');

SELECT RegisterRestPath('/invoice/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity invoice', 'example');
SELECT RegisterRestPath('/invoice/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for an invoice', 'example');
SELECT RegisterRestPath('/invoice/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count invoices', 'example');
SELECT RegisterRestPath('/invoice/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'category', 'amount', 'currency', 'label', 'description'], ARRAY[]::text[], true, 'Create or update an invoice', 'example');
SELECT RegisterRestPath('/invoice/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get an invoice by id', 'example');
SELECT RegisterRestPath('/invoice/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List invoices', 'example');
SELECT RegisterRestPath('/invoice/balance', ARRAY['GET', 'POST'], ARRAY[]::text[], ARRAY[]::text[], true, 'Open (issued, unpaid) total per currency', 'example');
SELECT RegisterRestPath('/invoice/pay', ARRAY['POST'], ARRAY['id', 'params'], ARRAY['id'], true, 'Pay an issued invoice (workflow action pay)', 'example');

SELECT RegisterError('ERR-400-101', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Invalid invoice amount: %s'), ('ru', 'Недопустимая сумма счёта: %s'), ('de', 'Ungültiger Rechnungsbetrag: %s'),
  ('fr', 'Montant de facture invalide : %s'), ('it', 'Importo della fattura non valido: %s'), ('es', 'Importe de factura no válido: %s')) AS t(l, m);
SELECT RegisterError('ERR-400-102', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Invalid currency code (three capital letters expected): %s'), ('ru', 'Недопустимый код валюты (ожидаются три заглавные буквы): %s'),
  ('de', 'Ungültiger Währungscode (drei Großbuchstaben erwartet): %s'), ('fr', 'Code de devise invalide (trois majuscules attendues) : %s'),
  ('it', 'Codice valuta non valido (attese tre lettere maiuscole): %s'), ('es', 'Código de moneda no válido (se esperan tres mayúsculas): %s')) AS t(l, m);
