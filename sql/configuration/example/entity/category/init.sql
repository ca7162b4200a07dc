-- Category workflow registration: events, class, types, default methods, entity.

--------------------------------------------------------------------------------
-- Category: workflow registration (called once by ../../init.sql)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddCategoryEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
BEGIN
  PERFORM AddEvent(pClass, uParent, GetAction('create'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('create'), 'Category created', 'EventCategoryCreate();');
  PERFORM AddEvent(pClass, uParent, GetAction('open'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('open'), 'Category opened', 'EventCategoryOpen();');
  PERFORM AddEvent(pClass, uParent, GetAction('edit'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('edit'), 'Category changed', 'EventCategoryEdit();');
  PERFORM AddEvent(pClass, uParent, GetAction('save'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('save'), 'Category saved', 'EventCategorySave();');
  PERFORM AddEvent(pClass, uParent, GetAction('enable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('enable'), 'Category enabled', 'EventCategoryEnable();');
  PERFORM AddEvent(pClass, uParent, GetAction('disable'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('disable'), 'Category disabled', 'EventCategoryDisable();');
  PERFORM AddEvent(pClass, uEvent, GetAction('delete'), 'Category deleted', 'EventCategoryDelete();');
  PERFORM AddEvent(pClass, uParent, GetAction('delete'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Category restored', 'EventCategoryRestore();');
  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('drop'), 'Category dropped', 'EventCategoryDrop();');
  PERFORM AddEvent(pClass, uParent, GetAction('drop'), 'Parent class events');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassCategory (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, 'category', 'Category', false);
  PERFORM EditClassText(uClass, 'Категория', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Kategorie', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Catégorie', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Categoria', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Categoría', GetLocale('es'));

  uType := AddType(uClass, 'service.category', 'Service', 'Services we invoice.');
  PERFORM EditTypeText(uType, 'Услуга', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Dienstleistung', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Service', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Servizio', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Servicio', null, GetLocale('es'));
  uType := AddType(uClass, 'product.category', 'Product', 'Goods we invoice.');
  PERFORM EditTypeText(uType, 'Товар', null, GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Produkt', null, GetLocale('de'));
  PERFORM EditTypeText(uType, 'Produit', null, GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Prodotto', null, GetLocale('it'));
  PERFORM EditTypeText(uType, 'Producto', null, GetLocale('es'));

  PERFORM AddCategoryEvents(uClass);

  PERFORM AddDefaultMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent: a second install step finds the entity and class already there.
CREATE OR REPLACE FUNCTION CreateEntityCategory (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'category';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('category', 'Category');
    PERFORM EditEntityText(uEntity, 'Категория', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Kategorie', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Catégorie', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Categoria', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Categoría', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'category') THEN
    PERFORM CreateClassCategory(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

