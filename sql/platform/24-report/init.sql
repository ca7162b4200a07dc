-- Workflow registration of the report classes (functions; seed.sql calls them
-- once): document → report_ready; reference → report_tree, report_form,
-- report_routine, report. None of them is abstract.

-- Names of a class, entity or type in the five other seeded locales.
CREATE OR REPLACE FUNCTION ReportTexts (
  pTexts    text[]
) RETURNS   TABLE (locale uuid, name text)
AS $$
  SELECT GetLocale(c), t
    FROM unnest(ARRAY['ru', 'de', 'fr', 'it', 'es'], pTexts) AS x(c, t)
   WHERE GetLocale(c) IS NOT NULL AND t IS NOT NULL;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ReportAddType (
  pClass    uuid,
  pCode     text,
  pName     text,
  pTexts    text[],
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  uType     uuid;
  r         record;
BEGIN
  uType := AddType(pClass, pCode, pName, pDescription);
  FOR r IN SELECT * FROM ReportTexts(pTexts)
  LOOP
    PERFORM EditTypeText(uType, r.name, null, r.locale);
  END LOOP;
  RETURN uType;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Entity and class of the same code, with their names; idempotent.
CREATE OR REPLACE FUNCTION ReportAddClass (
  pParent   uuid,
  pCode     text,
  pName     text,
  pTexts    text[]
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
  uClass    uuid;
  r         record;
BEGIN
  SELECT id INTO uClass FROM db.class_tree WHERE code = pCode;
  IF uClass IS NOT NULL THEN
    RETURN null;
  END IF;

  SELECT id INTO uEntity FROM db.entity WHERE code = pCode;
  IF uEntity IS NULL THEN
    uEntity := AddEntity(pCode, pName);
    FOR r IN SELECT * FROM ReportTexts(pTexts)
    LOOP
      PERFORM EditEntityText(uEntity, r.name, null, r.locale);
    END LOOP;
  END IF;

  uClass := AddClass(pParent, uEntity, pCode, pName, false);
  FOR r IN SELECT * FROM ReportTexts(pTexts)
  LOOP
    PERFORM EditClassText(uClass, r.name, r.locale);
  END LOOP;

  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Events of a class on the default reference machine: own handler
-- Event<pName><Action>() next to the parent class's events.
CREATE OR REPLACE FUNCTION ReportAddReferenceEvents (
  pClass    uuid,
  pName     text,
  pLabel    text
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  vAction   text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable']
  LOOP
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), pLabel || ': ' || vAction, 'Event' || pName || initcap(vAction) || '();');
  END LOOP;
  -- Own handler first: a drop must see its dependants before the object goes.
  FOREACH vAction IN ARRAY ARRAY['delete', 'restore', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), pLabel || ': ' || vAction, 'Event' || pName || initcap(vAction) || '();');
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassReportTree (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := ReportAddClass(pParent, 'report_tree', 'Report tree',
    ARRAY['Дерево отчётов', 'Berichtsbaum', 'Arborescence des rapports', 'Albero dei report', 'Árbol de informes']);
  IF uClass IS NULL THEN
    RETURN null;
  END IF;

  PERFORM ReportAddType(uClass, 'root.report_tree', 'Section', ARRAY['Раздел', 'Abschnitt', 'Section', 'Sezione', 'Sección'], 'Report tree root.');
  PERFORM ReportAddType(uClass, 'node.report_tree', 'Node', ARRAY['Узел', 'Knoten', 'Nœud', 'Nodo', 'Nodo']);
  PERFORM ReportAddType(uClass, 'report.report_tree', 'Report', ARRAY['Отчёт', 'Bericht', 'Rapport', 'Report', 'Informe']);

  PERFORM ReportAddReferenceEvents(uClass, 'ReportTree', 'Report tree');
  PERFORM AddDefaultMethods(uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassReportForm (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := ReportAddClass(pParent, 'report_form', 'Report form',
    ARRAY['Форма отчёта', 'Berichtsformular', 'Formulaire de rapport', 'Modulo del report', 'Formulario de informe']);
  IF uClass IS NULL THEN
    RETURN null;
  END IF;

  PERFORM ReportAddType(uClass, 'json.report_form', 'JSON', ARRAY['JSON', 'JSON', 'JSON', 'JSON', 'JSON']);

  PERFORM ReportAddReferenceEvents(uClass, 'ReportForm', 'Report form');
  PERFORM AddDefaultMethods(uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassReportRoutine (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := ReportAddClass(pParent, 'report_routine', 'Report routine',
    ARRAY['Функция отчёта', 'Berichtsroutine', 'Routine de rapport', 'Routine del report', 'Rutina de informe']);
  IF uClass IS NULL THEN
    RETURN null;
  END IF;

  PERFORM ReportAddType(uClass, 'plpgsql.report_routine', 'PL/pgSQL', ARRAY['PL/pgSQL', 'PL/pgSQL', 'PL/pgSQL', 'PL/pgSQL', 'PL/pgSQL']);

  PERFORM ReportAddReferenceEvents(uClass, 'ReportRoutine', 'Report routine');
  PERFORM AddDefaultMethods(uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassReport (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := ReportAddClass(pParent, 'report', 'Report',
    ARRAY['Отчёт', 'Bericht', 'Rapport', 'Report', 'Informe']);
  IF uClass IS NULL THEN
    RETURN null;
  END IF;

  PERFORM ReportAddType(uClass, 'object.report', 'Object', ARRAY['Объект', 'Objekt', 'Objet', 'Oggetto', 'Objeto'], 'Report bound to a class.');
  PERFORM ReportAddType(uClass, 'report.report', 'Report', ARRAY['Отчёт', 'Bericht', 'Rapport', 'Report', 'Informe'], 'Standard report.');
  PERFORM ReportAddType(uClass, 'import.report', 'Import', ARRAY['Импорт', 'Import', 'Importation', 'Importazione', 'Importación']);
  PERFORM ReportAddType(uClass, 'export.report', 'Export', ARRAY['Экспорт', 'Export', 'Exportation', 'Esportazione', 'Exportación']);

  PERFORM ReportAddReferenceEvents(uClass, 'Report', 'Report');
  PERFORM AddDefaultMethods(uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- One state-bound method with its labels in the six locales.
CREATE OR REPLACE FUNCTION ReportAddMethod (
  pClass    uuid,
  pState    uuid,
  pAction   text,
  pTarget   uuid,
  pLabels   text[],
  pVisible  boolean DEFAULT true
) RETURNS   uuid
AS $$
DECLARE
  uMethod   uuid;
  r         record;
BEGIN
  uMethod := AddMethod(null, pClass, pState, GetAction(pAction), null, pLabels[1], null, pVisible);
  FOR r IN SELECT * FROM ReportTexts(pLabels[2:6])
  LOOP
    PERFORM EditMethodText(uMethod, r.name, r.locale);
  END LOOP;
  IF pTarget IS NOT NULL THEN
    PERFORM AddTransition(pState, uMethod, pTarget);
  END IF;
  RETURN uMethod;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ReportAddState (
  pClass    uuid,
  pType     text,
  pCode     text,
  pLabels   text[]
) RETURNS   uuid
AS $$
DECLARE
  uState    uuid;
  r         record;
BEGIN
  uState := SetState(null, pClass, GetStateType(pType), pCode, pLabels[1]);
  FOR r IN SELECT * FROM ReportTexts(pLabels[2:6])
  LOOP
    PERFORM EditStateText(uState, r.name, r.locale);
  END LOOP;
  RETURN uState;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddReportReadyEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  vAction   text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save']
  LOOP
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Report ready: ' || vAction, 'EventReportReady' || initcap(vAction) || '();');
  END LOOP;

  -- State-changing actions of the custom machine: the generic state change first.
  FOREACH vAction IN ARRAY ARRAY['execute', 'complete', 'fail', 'cancel', 'abort']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'State change', 'ChangeObjectState();');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Report ready: ' || vAction, 'EventReportReady' || initcap(vAction) || '();');
  END LOOP;

  FOREACH vAction IN ARRAY ARRAY['delete', 'restore', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Report ready: ' || vAction, 'EventReportReady' || initcap(vAction) || '();');
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddReportReadyMethods (
  pClass      uuid
) RETURNS     void
AS $$
DECLARE
  uCreated    uuid;
  uProgress   uuid;
  uCanceled   uuid;
  uCompleted  uuid;
  uAborted    uuid;
  uFailed     uuid;
  uDeleted    uuid;
  uClosed     uuid;
  aExecute    text[] := ARRAY['Execute', 'Выполнить', 'Ausführen', 'Exécuter', 'Eseguire', 'Ejecutar'];
  aDelete     text[] := ARRAY['Delete', 'Удалить', 'Löschen', 'Supprimer', 'Eliminare', 'Eliminar'];
BEGIN
  PERFORM DefaultMethods(pClass);

  uCreated := ReportAddState(pClass, 'created', 'created', ARRAY['Created', 'Создан', 'Erstellt', 'Créé', 'Creato', 'Creado']);
  uProgress := ReportAddState(pClass, 'enabled', 'progress', ARRAY['In progress', 'Выполняется', 'In Bearbeitung', 'En cours', 'In corso', 'En curso']);
  uCanceled := ReportAddState(pClass, 'enabled', 'canceled', ARRAY['Canceling', 'Отменяется', 'Wird abgebrochen', 'Annulation', 'Annullamento', 'Cancelando']);
  uCompleted := ReportAddState(pClass, 'disabled', 'completed', ARRAY['Completed', 'Завершён', 'Abgeschlossen', 'Terminé', 'Completato', 'Completado']);
  uAborted := ReportAddState(pClass, 'disabled', 'aborted', ARRAY['Aborted', 'Прерван', 'Abgebrochen', 'Interrompu', 'Interrotto', 'Interrumpido']);
  uFailed := ReportAddState(pClass, 'disabled', 'failed', ARRAY['Failed', 'Ошибка', 'Fehlgeschlagen', 'Échoué', 'Fallito', 'Fallido']);
  uDeleted := ReportAddState(pClass, 'deleted', 'deleted', ARRAY['Deleted', 'Удалён', 'Gelöscht', 'Supprimé', 'Eliminato', 'Eliminado']);

  PERFORM DefaultTransition(pClass);

  PERFORM ReportAddMethod(pClass, uCreated, 'execute', uProgress, aExecute);
  PERFORM ReportAddMethod(pClass, uCreated, 'delete', uDeleted, aDelete);

  PERFORM ReportAddMethod(pClass, uProgress, 'complete', uCompleted, ARRAY['Complete', 'Завершить', 'Abschließen', 'Terminer', 'Completare', 'Completar'], false);
  PERFORM ReportAddMethod(pClass, uProgress, 'fail', uFailed, ARRAY['Fail', 'Неудача', 'Fehlschlag', 'Échec', 'Fallire', 'Fallar'], false);
  PERFORM ReportAddMethod(pClass, uProgress, 'cancel', uCanceled, ARRAY['Cancel', 'Отменить', 'Abbrechen', 'Annuler', 'Annullare', 'Cancelar']);

  PERFORM ReportAddMethod(pClass, uCanceled, 'abort', uAborted, ARRAY['Abort', 'Прервать', 'Abbrechen', 'Interrompre', 'Interrompere', 'Interrumpir'], false);

  FOREACH uClosed IN ARRAY ARRAY[uCompleted, uAborted, uFailed]
  LOOP
    PERFORM ReportAddMethod(pClass, uClosed, 'execute', uProgress, aExecute);
    PERFORM ReportAddMethod(pClass, uClosed, 'delete', uDeleted, aDelete);
  END LOOP;

  PERFORM ReportAddMethod(pClass, uDeleted, 'restore', uCreated, ARRAY['Restore', 'Восстановить', 'Wiederherstellen', 'Restaurer', 'Ripristinare', 'Restaurar']);
  PERFORM ReportAddMethod(pClass, uDeleted, 'drop', null, ARRAY['Drop', 'Уничтожить', 'Vernichten', 'Détruire', 'Distruggere', 'Destruir']);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassReportReady (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
BEGIN
  uClass := ReportAddClass(pParent, 'report_ready', 'Ready report',
    ARRAY['Готовый отчёт', 'Fertiger Bericht', 'Rapport prêt', 'Report pronto', 'Informe listo']);
  IF uClass IS NULL THEN
    RETURN null;
  END IF;

  PERFORM ReportAddType(uClass, 'sync.report_ready', 'Synchronous', ARRAY['Синхронный', 'Synchron', 'Synchrone', 'Sincrono', 'Síncrono']);
  PERFORM ReportAddType(uClass, 'async.report_ready', 'Asynchronous', ARRAY['Асинхронный', 'Asynchron', 'Asynchrone', 'Asincrono', 'Asíncrono']);

  PERFORM AddReportReadyEvents(uClass);
  PERFORM AddReportReadyMethods(uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InitReportClasses () RETURNS void
AS $$
BEGIN
  PERFORM CreateClassReportTree(GetClass('reference'));
  PERFORM CreateClassReportForm(GetClass('reference'));
  PERFORM CreateClassReportRoutine(GetClass('reference'));
  PERFORM CreateClassReport(GetClass('reference'));
  PERFORM CreateClassReportReady(GetClass('document'));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
