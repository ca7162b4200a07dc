-- Workflow registration of the reference subclasses (functions; seed.sql calls them).
-- Every reference subclass registers the same shape (entity, class, types, the
-- standard event pairs, the default methods); only codes and labels differ, so the
-- shape lives in RegisterReferenceSubclass and each subclass passes its own data.

-- The locales the seeds carry texts for, in the order they are applied.
CREATE OR REPLACE FUNCTION SubclassLocales()
RETURNS     text[]
AS $$
  SELECT ARRAY['ru', 'de', 'fr', 'it', 'es'];
$$ LANGUAGE sql IMMUTABLE;

-- pTexts: {"<locale>": "<label>"}.
CREATE OR REPLACE FUNCTION EditSubclassTexts (
  pEntity   uuid,
  pClass    uuid,
  pTexts    jsonb
) RETURNS   void
AS $$
DECLARE
  vLocale   text;
BEGIN
  FOREACH vLocale IN ARRAY SubclassLocales()
  LOOP
    CONTINUE WHEN pTexts->>vLocale IS NULL;
    IF pEntity IS NOT NULL THEN
      PERFORM EditEntityText(pEntity, pTexts->>vLocale, null, GetLocale(vLocale));
    END IF;
    IF pClass IS NOT NULL THEN
      PERFORM EditClassText(pClass, pTexts->>vLocale, GetLocale(vLocale));
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- pTypes: [{"code", "name", "description", "texts": {"<locale>": "<name>" or ["<name>", "<description>"]}}],
-- added in array order.
CREATE OR REPLACE FUNCTION AddSubclassTypes (
  pClass    uuid,
  pTypes    jsonb
) RETURNS   void
AS $$
DECLARE
  jType     jsonb;
  jText     jsonb;
  uType     uuid;
  vLocale   text;
BEGIN
  FOR jType IN SELECT value FROM jsonb_array_elements(pTypes) WITH ORDINALITY ORDER BY ordinality
  LOOP
    uType := AddType(pClass, jType->>'code', jType->>'name', jType->>'description');
    FOREACH vLocale IN ARRAY SubclassLocales()
    LOOP
      jText := jType->'texts'->vLocale;
      CONTINUE WHEN jText IS NULL;
      IF jsonb_typeof(jText) = 'array' THEN
        PERFORM EditTypeText(uType, jText->>0, jText->>1, GetLocale(vLocale));
      ELSE
        PERFORM EditTypeText(uType, jText#>>'{}', null, GetLocale(vLocale));
      END IF;
    END LOOP;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Registers the events of ReferenceSubclassActions() in order. pLabel names the
-- subclass in event labels and handler names ('Vendor' → 'Vendor created',
-- 'EventVendorCreate();').
CREATE OR REPLACE FUNCTION AddReferenceSubclassEvents (
  pClass    uuid,
  pLabel    text
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  r         record;
BEGIN
  FOR r IN SELECT action, done, parent_first FROM ReferenceSubclassActions() ORDER BY n
  LOOP
    IF r.parent_first THEN
      PERFORM AddEvent(pClass, uParent, GetAction(r.action), 'Parent class events');
    END IF;
    PERFORM AddEvent(pClass, uEvent, GetAction(r.action), pLabel || ' ' || r.done,
                     format('Event%s%s();', pLabel, initcap(r.action)));
    IF NOT r.parent_first THEN
      PERFORM AddEvent(pClass, uParent, GetAction(r.action), 'Parent class events');
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the entity or class is
-- left alone. pStateNames/pStateNamesRU override the default state and method
-- labels (null keeps AddDefaultMethods' defaults). Returns the entity.
CREATE OR REPLACE FUNCTION RegisterReferenceSubclass (
  pParent       uuid,
  pCode         text,
  pLabel        text,
  pTexts        jsonb,
  pTypes        jsonb,
  pStateNames   text[] DEFAULT null,
  pStateNamesRU text[] DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uEntity       uuid;
  uClass        uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = pCode;
  IF uEntity IS NULL THEN
    uEntity := AddEntity(pCode, pLabel);
    PERFORM EditSubclassTexts(uEntity, null, pTexts);
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = pCode) THEN
    uClass := AddClass(pParent, uEntity, pCode, pLabel, false);
    PERFORM EditSubclassTexts(null, uClass, pTexts);
    PERFORM AddSubclassTypes(uClass, pTypes);
    PERFORM AddReferenceSubclassEvents(uClass, pLabel);
    PERFORM AddDefaultMethods(uClass, pStateNames, pStateNamesRU);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityVendor (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'vendor', 'Vendor',
    '{"ru": "Производитель", "de": "Hersteller", "fr": "Fournisseur", "it": "Fornitore", "es": "Proveedor"}',
    '[
      {"code": "service.vendor", "name": "Service", "description": "Service provider.",
       "texts": {"ru": "Услуга", "de": "Dienstleistung", "fr": "Service", "it": "Servizio", "es": "Servicio"}},
      {"code": "device.vendor", "name": "Hardware", "description": "Hardware manufacturer.",
       "texts": {"ru": "Оборудование", "de": "Hardware", "fr": "Matériel", "it": "Hardware", "es": "Hardware"}},
      {"code": "car.vendor", "name": "Automobile", "description": "Automobile manufacturer.",
       "texts": {"ru": "Автомобиль", "de": "Automobil", "fr": "Automobile", "it": "Automobile", "es": "Automóvil"}}
    ]');
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityAgent (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'agent', 'Agent',
    '{"ru": "Агент", "de": "Agent", "fr": "Agent", "it": "Agente", "es": "Agente"}',
    '[
      {"code": "system.agent", "name": "System messages", "description": "Agent for delivering system messages.",
       "texts": {"ru": "Системные сообщения", "de": "Systemnachrichten", "fr": "Messages système", "it": "Messaggi di sistema", "es": "Mensajes del sistema"}},
      {"code": "api.agent", "name": "API", "description": "Agent for API (REST/SOAP/RPC) requests to external systems.",
       "texts": {"ru": "API", "de": "API", "fr": "API", "it": "API", "es": "API"}},
      {"code": "email.agent", "name": "Email", "description": "Agent for processing email.",
       "texts": {"ru": "Электронная почта", "de": "E-Mail", "fr": "E-mail", "it": "E-mail", "es": "Correo electrónico"}},
      {"code": "stream.agent", "name": "Data stream", "description": "Agent for processing data streams.",
       "texts": {"ru": "Потоковые данные", "de": "Datenstrom", "fr": "Flux de données", "it": "Flusso dati", "es": "Flujo de datos"}}
    ]');
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityForm (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'form', 'Form',
    '{"ru": "Форма", "de": "Formular", "fr": "Formulaire", "it": "Modulo", "es": "Formulario"}',
    '[
      {"code": "none.form", "name": "Untyped", "description": "Untyped form.",
       "texts": {"ru": "Без типа", "de": "Ohne Typ", "fr": "Sans type", "it": "Senza tipo", "es": "Sin tipo"}},
      {"code": "journal.form", "name": "Journal", "description": "Journal form.",
       "texts": {"ru": "Журнал", "de": "Journal", "fr": "Journal", "it": "Registro", "es": "Diario"}},
      {"code": "tracker.form", "name": "Daily report", "description": "Daily report form.",
       "texts": {"ru": "Суточный отчёт", "de": "Tagesbericht", "fr": "Rapport journalier", "it": "Report giornaliero", "es": "Informe diario"}}
    ]',
    ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'],
    ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityProgram (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'program', 'Program',
    '{"ru": "Программа", "de": "Programm", "fr": "Programme", "it": "Programma", "es": "Programa"}',
    '[
      {"code": "plpgsql.program", "name": "PL/pgSQL", "description": "PL/pgSQL program code.",
       "texts": {"ru": "PL/pgSQL", "de": "PL/pgSQL", "fr": "PL/pgSQL", "it": "PL/pgSQL", "es": "PL/pgSQL"}}
    ]',
    ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'],
    ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityScheduler (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'scheduler', 'Scheduler',
    '{"ru": "Планировщик", "de": "Planer", "fr": "Planificateur", "it": "Pianificatore", "es": "Planificador"}',
    '[
      {"code": "job.scheduler", "name": "Scheduler", "description": "Job scheduler.",
       "texts": {"ru": "Планировщик", "de": "Planer", "fr": "Planificateur", "it": "Pianificatore", "es": "Planificador"}}
    ]');
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityVersion (
  pParent   uuid
) RETURNS   uuid
AS $$
  SELECT RegisterReferenceSubclass(pParent, 'version', 'Version',
    '{"ru": "Версия", "de": "Version", "fr": "Version", "it": "Versione", "es": "Versión"}',
    '[
      {"code": "api.version", "name": "API", "description": "API version.",
       "texts": {"ru": "API", "de": "API", "fr": "API", "it": "API", "es": "API"}}
    ]',
    ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'],
    ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
