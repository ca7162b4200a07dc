-- Workflow registration of the reference subclasses (functions; seed.sql calls them).

--------------------------------------------------------------------------------
-- Vendor: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddVendorEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Vendor created', 'EventVendorCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Vendor opened', 'EventVendorOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Vendor changed', 'EventVendorEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Vendor saved', 'EventVendorSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Vendor enabled', 'EventVendorEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Vendor disabled', 'EventVendorDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Vendor deleted', 'EventVendorDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Vendor restored', 'EventVendorRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Vendor dropped', 'EventVendorDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassVendor (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'vendor', 'Vendor', false);
  PERFORM EditClassText(uClass, 'Производитель', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Hersteller', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Fournisseur', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Fornitore', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Proveedor', GetLocale('es'));

  uType := AddType(uClass, 'service.vendor', 'Service', 'Service provider.');
  PERFORM EditTypeText(uType, 'Услуга', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Dienstleistung', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Service', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Servizio', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Servicio', null, GetLocale('es'));
  uType := AddType(uClass, 'device.vendor', 'Hardware', 'Hardware manufacturer.');
  PERFORM EditTypeText(uType, 'Оборудование', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Hardware', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Matériel', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Hardware', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Hardware', null, GetLocale('es'));
  uType := AddType(uClass, 'car.vendor', 'Automobile', 'Automobile manufacturer.');
  PERFORM EditTypeText(uType, 'Автомобиль', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Automobil', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Automobile', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Automobile', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Automóvil', null, GetLocale('es'));

  PERFORM AddVendorEvents(uClass);

  PERFORM AddDefaultMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityVendor (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'vendor';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('vendor', 'Vendor');
    PERFORM EditEntityText(uEntity, 'Производитель', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Hersteller', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Fournisseur', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Fornitore', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Proveedor', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'vendor') THEN
    PERFORM CreateClassVendor(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Agent: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddAgentEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Agent created', 'EventAgentCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Agent opened', 'EventAgentOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Agent changed', 'EventAgentEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Agent saved', 'EventAgentSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Agent enabled', 'EventAgentEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Agent disabled', 'EventAgentDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Agent deleted', 'EventAgentDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Agent restored', 'EventAgentRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Agent dropped', 'EventAgentDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassAgent (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'agent', 'Agent', false);
  PERFORM EditClassText(uClass, 'Агент', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Agent', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Agent', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Agente', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Agente', GetLocale('es'));

  uType := AddType(uClass, 'system.agent', 'System messages', 'Agent for delivering system messages.');
  PERFORM EditTypeText(uType, 'Системные сообщения', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Systemnachrichten', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Messages système', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Messaggi di sistema', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Mensajes del sistema', null, GetLocale('es'));
  uType := AddType(uClass, 'api.agent', 'API', 'Agent for API (REST/SOAP/RPC) requests to external systems.');
  PERFORM EditTypeText(uType, 'API', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('es'));
  uType := AddType(uClass, 'email.agent', 'Email', 'Agent for processing email.');
  PERFORM EditTypeText(uType, 'Электронная почта', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'E-Mail', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'E-mail', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'E-mail', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Correo electrónico', null, GetLocale('es'));
  uType := AddType(uClass, 'stream.agent', 'Data stream', 'Agent for processing data streams.');
  PERFORM EditTypeText(uType, 'Потоковые данные', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Datenstrom', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Flux de données', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Flusso dati', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Flujo de datos', null, GetLocale('es'));

  PERFORM AddAgentEvents(uClass);

  PERFORM AddDefaultMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityAgent (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'agent';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('agent', 'Agent');
    PERFORM EditEntityText(uEntity, 'Агент', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Agent', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Agent', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Agente', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Agente', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'agent') THEN
    PERFORM CreateClassAgent(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Form: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddFormEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Form created', 'EventFormCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Form opened', 'EventFormOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Form changed', 'EventFormEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Form saved', 'EventFormSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Form enabled', 'EventFormEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Form disabled', 'EventFormDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Form deleted', 'EventFormDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Form restored', 'EventFormRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Form dropped', 'EventFormDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassForm (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'form', 'Form', false);
  PERFORM EditClassText(uClass, 'Форма', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Formular', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Formulaire', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Modulo', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Formulario', GetLocale('es'));

  uType := AddType(uClass, 'none.form', 'Untyped', 'Untyped form.');
  PERFORM EditTypeText(uType, 'Без типа', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Ohne Typ', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Sans type', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Senza tipo', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Sin tipo', null, GetLocale('es'));
  uType := AddType(uClass, 'journal.form', 'Journal', 'Journal form.');
  PERFORM EditTypeText(uType, 'Журнал', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Journal', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Journal', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Registro', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Diario', null, GetLocale('es'));
  uType := AddType(uClass, 'tracker.form', 'Daily report', 'Daily report form.');
  PERFORM EditTypeText(uType, 'Суточный отчёт', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Tagesbericht', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Rapport journalier', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Report giornaliero', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Informe diario', null, GetLocale('es'));

  PERFORM AddFormEvents(uClass);

  PERFORM AddDefaultMethods(uClass, ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'], ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityForm (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'form';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('form', 'Form');
    PERFORM EditEntityText(uEntity, 'Форма', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Formular', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Formulaire', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Modulo', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Formulario', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'form') THEN
    PERFORM CreateClassForm(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Program: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddProgramEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Program created', 'EventProgramCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Program opened', 'EventProgramOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Program changed', 'EventProgramEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Program saved', 'EventProgramSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Program enabled', 'EventProgramEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Program disabled', 'EventProgramDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Program deleted', 'EventProgramDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Program restored', 'EventProgramRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Program dropped', 'EventProgramDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassProgram (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'program', 'Program', false);
  PERFORM EditClassText(uClass, 'Программа', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Programm', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Programme', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Programma', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Programa', GetLocale('es'));

  uType := AddType(uClass, 'plpgsql.program', 'PL/pgSQL', 'PL/pgSQL program code.');
  PERFORM EditTypeText(uType, 'PL/pgSQL', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'PL/pgSQL', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'PL/pgSQL', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'PL/pgSQL', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'PL/pgSQL', null, GetLocale('es'));

  PERFORM AddProgramEvents(uClass);

  PERFORM AddDefaultMethods(uClass, ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'], ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityProgram (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'program';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('program', 'Program');
    PERFORM EditEntityText(uEntity, 'Программа', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Programm', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Programme', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Programma', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Programa', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'program') THEN
    PERFORM CreateClassProgram(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Scheduler: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddSchedulerEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Scheduler created', 'EventSchedulerCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Scheduler opened', 'EventSchedulerOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Scheduler changed', 'EventSchedulerEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Scheduler saved', 'EventSchedulerSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Scheduler enabled', 'EventSchedulerEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Scheduler disabled', 'EventSchedulerDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Scheduler deleted', 'EventSchedulerDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Scheduler restored', 'EventSchedulerRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Scheduler dropped', 'EventSchedulerDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassScheduler (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'scheduler', 'Scheduler', false);
  PERFORM EditClassText(uClass, 'Планировщик', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Planer', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Planificateur', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Pianificatore', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Planificador', GetLocale('es'));

  uType := AddType(uClass, 'job.scheduler', 'Scheduler', 'Job scheduler.');
  PERFORM EditTypeText(uType, 'Планировщик', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Planer', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Planificateur', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Pianificatore', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Planificador', null, GetLocale('es'));

  PERFORM AddSchedulerEvents(uClass);

  PERFORM AddDefaultMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityScheduler (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'scheduler';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('scheduler', 'Scheduler');
    PERFORM EditEntityText(uEntity, 'Планировщик', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Planer', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Planificateur', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Pianificatore', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Planificador', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'scheduler') THEN
    PERFORM CreateClassScheduler(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Version: workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddVersionEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Version created', 'EventVersionCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Version opened', 'EventVersionOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Version changed', 'EventVersionEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Version saved', 'EventVersionSave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Version enabled', 'EventVersionEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Version disabled', 'EventVersionDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Version deleted', 'EventVersionDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Version restored', 'EventVersionRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Version dropped', 'EventVersionDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassVersion (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'version', 'Version', false);
  PERFORM EditClassText(uClass, 'Версия', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Version', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Version', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Versione', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Versión', GetLocale('es'));

  uType := AddType(uClass, 'api.version', 'API', 'API version.');
  PERFORM EditTypeText(uType, 'API', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'API', null, GetLocale('es'));

  PERFORM AddVersionEvents(uClass);

  PERFORM AddDefaultMethods(uClass, ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete'], ARRAY['Создана', 'Открыта', 'Закрыта', 'Удалена', 'Открыть', 'Закрыть', 'Удалить']);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent, so that a platform seed which already made the class is left alone.
CREATE OR REPLACE FUNCTION CreateEntityVersion (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'version';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('version', 'Version');
    PERFORM EditEntityText(uEntity, 'Версия', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Version', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Version', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Versione', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Versión', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'version') THEN
    PERFORM CreateClassVersion(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

