--------------------------------------------------------------------------------
-- entity module: workflow registration of the classes object, document and
-- reference (spec 15 §5, §6, §8; spec 18 §8). Seed: runs once, at install.
-- The subclasses module registers its classes under these in its own seed.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddEntityEvents (
  pClass        uuid,
  pName         text,
  pHandlers     text[],
  pOwnFirst     text[]
) RETURNS       void
AS $$
DECLARE
  vAction       text;
  uParent       uuid := GetEventType('parent');
  uEvent        uuid := GetEventType('event');
  vLabel        text;
BEGIN
  FOREACH vAction IN ARRAY pHandlers
  LOOP
    vLabel := pName || ' ' || CASE vAction WHEN 'create' THEN 'created' WHEN 'open' THEN 'opened' WHEN 'edit' THEN 'updated'
      WHEN 'save' THEN 'saved' WHEN 'enable' THEN 'enabled' WHEN 'disable' THEN 'disabled' WHEN 'delete' THEN 'deleted'
      WHEN 'restore' THEN 'restored' ELSE 'dropped' END;

    IF vAction = ANY (pOwnFirst) THEN
      PERFORM AddEvent(pClass, uEvent, GetAction(vAction), vLabel, 'Event' || pName || initcap(vAction) || '();');
      PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    ELSE
      PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
      PERFORM AddEvent(pClass, uEvent, GetAction(vAction), vLabel, 'Event' || pName || initcap(vAction) || '();');
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddObjectEvents (
  pClass        uuid
) RETURNS       void
AS $$
DECLARE
  uEvent        uuid := GetEventType('event');
  vAction       text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Object ' || vAction, 'EventObject' || initcap(vAction) || '();');
    IF vAction IN ('create', 'enable', 'disable', 'delete', 'restore') THEN
      PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Change state', 'ChangeObjectState();');
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Entity and class names in the six seeded locales (base English).
CREATE OR REPLACE FUNCTION EntityLocalise (
  pEntity       uuid,
  pClass        uuid,
  pNames        text[]
) RETURNS       void
AS $$
DECLARE
  aLocales      text[] := ARRAY['ru', 'de', 'fr', 'it', 'es'];
  i             integer;
BEGIN
  FOR i IN 1 .. 5
  LOOP
    PERFORM EditEntityText(pEntity, pNames[i], null, GetLocale(aLocales[i]));
    PERFORM EditClassText(pClass, pNames[i], GetLocale(aLocales[i]));
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InitEntityObject ()
RETURNS         void
AS $$
DECLARE
  uEntity       uuid;
  uObject       uuid;
  uClass        uuid;
BEGIN
  IF GetClass('object') IS NOT NULL THEN
    RETURN;
  END IF;

  uEntity := AddEntity('object', 'Object');
  uObject := AddClass(null, uEntity, 'object', 'Object', true);
  PERFORM EntityLocalise(uEntity, uObject, ARRAY['Объект', 'Objekt', 'Objet', 'Oggetto', 'Objeto']);
  PERFORM AddObjectEvents(uObject);
  PERFORM AddDefaultMethods(uObject);

  uEntity := AddEntity('document', 'Document');
  uClass := AddClass(uObject, uEntity, 'document', 'Document', true);
  PERFORM EntityLocalise(uEntity, uClass, ARRAY['Документ', 'Dokument', 'Document', 'Documento', 'Documento']);
  PERFORM AddEntityEvents(uClass, 'Document',
    ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop'],
    ARRAY['delete', 'drop']);
  PERFORM AddDefaultMethods(uClass);

  uEntity := AddEntity('reference', 'Reference');
  uClass := AddClass(uObject, uEntity, 'reference', 'Reference', true);
  PERFORM EntityLocalise(uEntity, uClass, ARRAY['Справочник', 'Referenz', 'Référence', 'Riferimento', 'Referencia']);
  PERFORM AddEntityEvents(uClass, 'Reference',
    ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop'],
    ARRAY['delete', 'restore', 'drop']);
  PERFORM AddDefaultMethods(uClass);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
