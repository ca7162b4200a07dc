-- Invoice event handlers. Each runs inside the action's transaction: raising
-- an error rolls back the state change too.

CREATE OR REPLACE FUNCTION EventInvoiceCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1001, 'invoice', 'create', 'Invoice created.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1002, 'invoice', 'open', 'Invoice opened.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Edit receives {"old": row, "new": row} from EditInvoice.
CREATE OR REPLACE FUNCTION EventInvoiceEdit (pObject uuid DEFAULT context_object(), pParams jsonb DEFAULT context_params()) RETURNS void
AS $$
BEGIN
  IF pParams #>> '{old,amount}' IS DISTINCT FROM pParams #>> '{new,amount}' THEN
    PERFORM WriteToEventLog('M', 1003, 'invoice', 'edit',
      format('Invoice amount changed from %s to %s.', pParams #>> '{old,amount}', pParams #>> '{new,amount}'), pObject);
  ELSE
    PERFORM WriteToEventLog('M', 1003, 'invoice', 'edit', 'Invoice changed.', pObject);
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 1004, 'invoice', 'save', 'Invoice saved.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2001, 'invoice', 'enable', 'Invoice issued.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2002, 'invoice', 'disable', 'Invoice cancelled.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The custom action: record the payment time and hand it back to the REST caller.
CREATE OR REPLACE FUNCTION EventInvoicePay (pObject uuid DEFAULT context_object(), pParams jsonb DEFAULT context_params()) RETURNS void
AS $$
DECLARE
  tPaid     timestamptz := coalesce((pParams->>'paid')::timestamptz, now());
BEGIN
  UPDATE db.invoice SET paid = tPaid WHERE id = pObject;
  PERFORM WriteToEventLog('M', 2101, 'invoice', 'pay', 'Invoice paid.', pObject);
  PERFORM AddMethodStack(jsonb_build_object('paid', tPaid));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2003, 'invoice', 'delete', 'Invoice deleted.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInvoiceRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$ BEGIN PERFORM WriteToEventLog('M', 2004, 'invoice', 'restore', 'Invoice restored.', pObject); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Drop removes the own row; the document and object handlers that follow remove theirs.
CREATE OR REPLACE FUNCTION EventInvoiceDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.invoice WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'invoice', 'drop', 'Invoice dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
