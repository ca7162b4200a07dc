-- REST routes and catalogue entries of the entity subclasses, and their error codes (idempotent).

-- Codes between the platform's ERR-400-053 and ERR-400-060 (the catalog leaves them free).
SELECT RegisterError('ERR-400-054', 400, 'E', 'entity', l, m) FROM (VALUES
  ('en', 'Job with code "%s" already exists'), ('ru', 'Задание с кодом "%s" уже существует'),
  ('de', 'Auftrag mit dem Code "%s" existiert bereits'), ('fr', 'La tâche avec le code "%s" existe déjà'),
  ('it', 'Il lavoro con il codice "%s" esiste già'), ('es', 'El trabajo con el código "%s" ya existe')) AS t(l, m);
SELECT RegisterError('ERR-400-055', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Email address not set'), ('ru', 'Не задан адрес электронной почты'), ('de', 'E-Mail-Adresse nicht festgelegt'),
  ('fr', 'Adresse e-mail non définie'), ('it', 'Indirizzo e-mail non impostato'), ('es', 'Dirección de correo no establecida')) AS t(l, m);
SELECT RegisterError('ERR-400-056', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Email address not verified: %s'), ('ru', 'Адрес электронной почты не подтверждён: %s'), ('de', 'E-Mail-Adresse nicht bestätigt: %s'),
  ('fr', 'Adresse e-mail non vérifiée : %s'), ('it', 'Indirizzo e-mail non verificato: %s'), ('es', 'Dirección de correo no verificada: %s')) AS t(l, m);
SELECT RegisterError('ERR-400-057', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Phone number not set'), ('ru', 'Не задан номер телефона'), ('de', 'Telefonnummer nicht festgelegt'),
  ('fr', 'Numéro de téléphone non défini'), ('it', 'Numero di telefono non impostato'), ('es', 'Número de teléfono no establecido')) AS t(l, m);
SELECT RegisterError('ERR-400-058', 400, 'E', 'validation', l, m) FROM (VALUES
  ('en', 'Phone number not verified: %s'), ('ru', 'Номер телефона не подтверждён: %s'), ('de', 'Telefonnummer nicht bestätigt: %s'),
  ('fr', 'Numéro de téléphone non vérifié : %s'), ('it', 'Numero di telefono non verificato: %s'), ('es', 'Número de teléfono no verificado: %s')) AS t(l, m);

SELECT EnsureRoute('agent', 'agent');
SELECT EnsureRoute('form', 'form');
SELECT EnsureRoute('program', 'program');
SELECT EnsureRoute('scheduler', 'scheduler');
SELECT EnsureRoute('vendor', 'vendor');
SELECT EnsureRoute('version', 'version');
SELECT EnsureRoute('job', 'job');
SELECT EnsureRoute('message', 'message');
-- Deeper route: /form/field/* goes straight to the field dispatcher (18-entity §12).
SELECT EnsureRoute('form/field', 'form_field');

SELECT RegisterRestPath('/agent/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity agent', 'entity-subclasses');
SELECT RegisterRestPath('/agent/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a agent in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/agent/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count agent objects', 'entity-subclasses');
SELECT RegisterRestPath('/agent/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'vendor', 'code', 'name', 'description'], ARRAY[]::text[], true, 'Create or update a agent', 'entity-subclasses');
SELECT RegisterRestPath('/agent/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a agent by id', 'entity-subclasses');
SELECT RegisterRestPath('/agent/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List agent objects', 'entity-subclasses');
SELECT RegisterRestPath('/form/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity form', 'entity-subclasses');
SELECT RegisterRestPath('/form/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a form in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/form/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count form objects', 'entity-subclasses');
SELECT RegisterRestPath('/form/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], ARRAY[]::text[], true, 'Create or update a form', 'entity-subclasses');
SELECT RegisterRestPath('/form/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a form by id', 'entity-subclasses');
SELECT RegisterRestPath('/form/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List form objects', 'entity-subclasses');
SELECT RegisterRestPath('/program/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity program', 'entity-subclasses');
SELECT RegisterRestPath('/program/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a program in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/program/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count program objects', 'entity-subclasses');
SELECT RegisterRestPath('/program/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'body', 'description'], ARRAY[]::text[], true, 'Create or update a program', 'entity-subclasses');
SELECT RegisterRestPath('/program/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a program by id', 'entity-subclasses');
SELECT RegisterRestPath('/program/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List program objects', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity scheduler', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a scheduler in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count scheduler objects', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'period', 'datestart', 'datestop', 'description'], ARRAY[]::text[], true, 'Create or update a scheduler', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a scheduler by id', 'entity-subclasses');
SELECT RegisterRestPath('/scheduler/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List scheduler objects', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity vendor', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a vendor in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count vendor objects', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], ARRAY[]::text[], true, 'Create or update a vendor', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a vendor by id', 'entity-subclasses');
SELECT RegisterRestPath('/vendor/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List vendor objects', 'entity-subclasses');
SELECT RegisterRestPath('/version/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity version', 'entity-subclasses');
SELECT RegisterRestPath('/version/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a version in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/version/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count version objects', 'entity-subclasses');
SELECT RegisterRestPath('/version/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], ARRAY[]::text[], true, 'Create or update a version', 'entity-subclasses');
SELECT RegisterRestPath('/version/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a version by id', 'entity-subclasses');
SELECT RegisterRestPath('/version/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List version objects', 'entity-subclasses');
SELECT RegisterRestPath('/job/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity job', 'entity-subclasses');
SELECT RegisterRestPath('/job/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a job in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/job/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count job objects', 'entity-subclasses');
SELECT RegisterRestPath('/job/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'scheduler', 'program', 'daterun', 'code', 'label', 'description'], ARRAY[]::text[], true, 'Create or update a job', 'entity-subclasses');
SELECT RegisterRestPath('/job/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a job by id', 'entity-subclasses');
SELECT RegisterRestPath('/job/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List job objects', 'entity-subclasses');
SELECT RegisterRestPath('/message/type', ARRAY['GET', 'POST'], ARRAY['fields'], ARRAY[]::text[], true, 'Types of entity message', 'entity-subclasses');
SELECT RegisterRestPath('/message/method', ARRAY['GET', 'POST'], ARRAY['id'], ARRAY['id'], true, 'Methods available for a message in its current state', 'entity-subclasses');
SELECT RegisterRestPath('/message/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count message objects', 'entity-subclasses');
SELECT RegisterRestPath('/message/set', ARRAY['GET', 'POST'], ARRAY['id', 'parent', 'type', 'agent', 'code', 'profile', 'address', 'subject', 'content', 'label', 'description'], ARRAY[]::text[], true, 'Create or update a message', 'entity-subclasses');
SELECT RegisterRestPath('/message/get', ARRAY['GET', 'POST'], ARRAY['id', 'fields'], ARRAY['id'], true, 'Get a message by id', 'entity-subclasses');
SELECT RegisterRestPath('/message/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List message objects', 'entity-subclasses');
SELECT RegisterRestPath('/form/build', ARRAY['GET', 'POST'], ARRAY['id', 'params'], ARRAY['id'], true, 'Build a form: its fields in display order', 'entity-subclasses');
SELECT RegisterRestPath('/form/field', ARRAY['GET', 'POST'], ARRAY['form', 'fields'], ARRAY['form'], true, 'Replace (fields given) or read the field set of a form', 'entity-subclasses');
SELECT RegisterRestPath('/form/field/count', ARRAY['GET', 'POST'], ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'Count form fields', 'entity-subclasses');
SELECT RegisterRestPath('/form/field/set', ARRAY['GET', 'POST'], ARRAY['form', 'key', 'type', 'label', 'format', 'value', 'data', 'mutable', 'sequence'], ARRAY['form', 'key'], true, 'Create or update a form field', 'entity-subclasses');
SELECT RegisterRestPath('/form/field/get', ARRAY['GET', 'POST'], ARRAY['form', 'key', 'fields'], ARRAY['form', 'key'], true, 'Get a form field', 'entity-subclasses');
SELECT RegisterRestPath('/form/field/delete', ARRAY['GET', 'POST'], ARRAY['form', 'key'], ARRAY['form'], true, 'Delete a form field (all fields when key is absent)', 'entity-subclasses');
SELECT RegisterRestPath('/form/field/list', ARRAY['GET', 'POST'], ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY[]::text[], true, 'List form fields', 'entity-subclasses');
SELECT RegisterRestPath('/message/send', ARRAY['GET', 'POST'], ARRAY['parent', 'agent', 'profile', 'address', 'subject', 'content', 'label', 'description'], ARRAY['agent', 'profile', 'address'], true, 'Create an outgoing message and queue it for delivery', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/mail', ARRAY['GET', 'POST'], ARRAY['subject', 'text', 'html', 'description', 'userid'], ARRAY['subject'], true, 'E-mail a user (verified address) through the SMTP agent', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/sms', ARRAY['GET', 'POST'], ARRAY['profile', 'message', 'userid'], ARRAY['profile', 'message'], true, 'Send an SMS to a user (verified phone) through the outbound HTTP queue', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/push', ARRAY['GET', 'POST'], ARRAY['object', 'title', 'body', 'userid', 'data', 'android', 'apns'], ARRAY['title'], true, 'Push a notification to every device of a user (FCM through the outbox)', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/push/data', ARRAY['GET', 'POST'], ARRAY['object', 'subject', 'data', 'userid', 'priority', 'collapse'], ARRAY['data'], true, 'Push a data message to every device of a user', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/push/to/role', ARRAY['GET', 'POST'], ARRAY['rolename', 'title', 'body', 'data', 'android', 'apns'], ARRAY['rolename', 'title'], true, 'Push to a user or to every member of a group (group message only)', 'entity-subclasses');
SELECT RegisterRestPath('/message/send/push/all', ARRAY['GET', 'POST'], ARRAY['title', 'body'], ARRAY['title'], true, 'Push to everybody through the SendPushAll hook (group message only)', 'entity-subclasses');
