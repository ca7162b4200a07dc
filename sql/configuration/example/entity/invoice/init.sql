-- Invoice workflow registration: events, class, types, a custom state machine
-- with the `pay` action, entity. Functions only; ../../init.sql calls them once.

CREATE OR REPLACE FUNCTION AddInvoiceEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  vAction   text;
BEGIN
  -- Ancestors first: the own handler sees the new state.
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'restore']
  LOOP
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Invoice ' || vAction, format('EventInvoice%s();', initcap(vAction)));
  END LOOP;

  -- The root class binds the state change only for its own actions, so `pay` binds it here.
  PERFORM AddEvent(pClass, uEvent, GetAction('pay'), 'State change', 'ChangeObjectState();');
  PERFORM AddEvent(pClass, uEvent, GetAction('pay'), 'Invoice paid', 'EventInvoicePay();');

  -- Own handler first: it runs before the state change or the physical removal.
  FOREACH vAction IN ARRAY ARRAY['delete', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Invoice ' || vAction, format('EventInvoice%s();', initcap(vAction)));
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--  created --enable--> enabled --pay--> paid
--     |                   |--disable--> disabled --enable--> enabled
--     +--delete--> deleted <--delete-- (enabled, paid, disabled);  deleted --restore--> created, --drop
CREATE OR REPLACE FUNCTION AddInvoiceMethods (
  pClass      uuid
) RETURNS     void
AS $$
DECLARE
  uCreated    uuid;
  uEnabled    uuid;
  uPaid       uuid;
  uDisabled   uuid;
  uDeleted    uuid;
  uMethod     uuid;
BEGIN
  PERFORM DefaultMethods(pClass);

  uCreated := AddSubclassState(pClass, 'created', 'created', 'Draft', 'Черновик');
  uEnabled := AddSubclassState(pClass, 'enabled', 'enabled', 'Issued', 'Выставлен');
  uPaid := AddSubclassState(pClass, 'disabled', 'paid', 'Paid', 'Оплачен');
  uDisabled := AddSubclassState(pClass, 'disabled', 'disabled', 'Cancelled', 'Отменён');
  uDeleted := AddSubclassState(pClass, 'deleted', 'deleted', 'Deleted', 'Удалён');

  PERFORM DefaultTransition(pClass);

  uMethod := AddSubclassMethod(pClass, uCreated, 'enable', 'Issue', 'Выставить');
  PERFORM AddTransition(uCreated, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uCreated, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uCreated, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uEnabled, 'pay', 'Pay', 'Оплатить');
  PERFORM AddTransition(uEnabled, uMethod, uPaid);
  uMethod := AddSubclassMethod(pClass, uEnabled, 'disable', 'Cancel', 'Отменить');
  PERFORM AddTransition(uEnabled, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uEnabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uEnabled, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uPaid, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uPaid, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDisabled, 'enable', 'Issue', 'Выставить');
  PERFORM AddTransition(uDisabled, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uDisabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uDisabled, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDeleted, 'restore', 'Restore', 'Восстановить');
  PERFORM AddTransition(uDeleted, uMethod, uCreated);
  PERFORM AddSubclassMethod(pClass, uDeleted, 'drop', 'Drop', 'Уничтожить');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateClassInvoice (
  pParent   uuid,
  pEntity   uuid
) RETURNS   uuid
AS $$
DECLARE
  uClass    uuid;
  uType     uuid;
  uAction   uuid;
BEGIN
  -- A new verb must exist before a method or event can use it.
  uAction := SetAction(null, 'pay', 'Pay');
  PERFORM EditActionText(uAction, 'Оплатить', null, GetLocale('ru'));
  PERFORM EditActionText(uAction, 'Bezahlen', null, GetLocale('de'));
  PERFORM EditActionText(uAction, 'Payer', null, GetLocale('fr'));
  PERFORM EditActionText(uAction, 'Pagare', null, GetLocale('it'));
  PERFORM EditActionText(uAction, 'Pagar', null, GetLocale('es'));

  uClass := AddClass(pParent, pEntity, 'invoice', 'Invoice', false);
  PERFORM EditClassText(uClass, 'Счёт', GetLocale('ru'));
  PERFORM EditClassText(uClass, 'Rechnung', GetLocale('de'));
  PERFORM EditClassText(uClass, 'Facture', GetLocale('fr'));
  PERFORM EditClassText(uClass, 'Fattura', GetLocale('it'));
  PERFORM EditClassText(uClass, 'Factura', GetLocale('es'));

  uType := AddType(uClass, 'sale.invoice', 'Sales invoice', 'Invoice issued to a customer.');
  PERFORM EditTypeText(uType, 'Счёт на оплату', 'Счёт, выставленный клиенту.', GetLocale('ru'));
  PERFORM EditTypeText(uType, 'Ausgangsrechnung', 'Rechnung an einen Kunden.', GetLocale('de'));
  PERFORM EditTypeText(uType, 'Facture de vente', 'Facture émise à un client.', GetLocale('fr'));
  PERFORM EditTypeText(uType, 'Fattura di vendita', 'Fattura emessa a un cliente.', GetLocale('it'));
  PERFORM EditTypeText(uType, 'Factura de venta', 'Factura emitida a un cliente.', GetLocale('es'));

  PERFORM AddInvoiceEvents(uClass);
  PERFORM AddInvoiceMethods(uClass);

  RETURN uClass;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityInvoice (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'invoice';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('invoice', 'Invoice');
    PERFORM EditEntityText(uEntity, 'Счёт', null, GetLocale('ru'));
    PERFORM EditEntityText(uEntity, 'Rechnung', null, GetLocale('de'));
    PERFORM EditEntityText(uEntity, 'Facture', null, GetLocale('fr'));
    PERFORM EditEntityText(uEntity, 'Fattura', null, GetLocale('it'));
    PERFORM EditEntityText(uEntity, 'Factura', null, GetLocale('es'));
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'invoice') THEN
    PERFORM CreateClassInvoice(pParent, uEntity);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
