-- Invoice kernel functions: Create/Edit run the stateless create/edit methods.

CREATE OR REPLACE FUNCTION CreateInvoice (
  pParent       uuid,
  pType         uuid,
  pCategory     uuid,
  pAmount       numeric,
  pCurrency     text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uDocument     uuid;
  uClass        uuid;
BEGIN
  SELECT class INTO uClass FROM db.type WHERE id = pType;

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'invoice' THEN
    PERFORM IncorrectClassType();
  END IF;

  IF pAmount IS NULL OR pAmount < 0 THEN
    PERFORM InvoiceAmountError(coalesce(pAmount::text, 'null'));
  END IF;

  IF pCurrency IS NOT NULL AND pCurrency !~ '^[A-Z]{3}$' THEN
    PERFORM InvoiceCurrencyError(pCurrency);
  END IF;

  uDocument := CreateDocument(pParent, pType, pLabel, pDescription);

  INSERT INTO db.invoice (id, document, category, amount, currency)
  VALUES (uDocument, uDocument, pCategory, pAmount, coalesce(pCurrency, 'EUR'));

  PERFORM ExecuteMethod(uDocument, GetMethod(uClass, GetAction('create')));

  RETURN uDocument;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Handlers of `edit` get the row before and after, so they can react to a change of amount.
CREATE OR REPLACE FUNCTION EditInvoice (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCategory     uuid DEFAULT null,
  pAmount       numeric DEFAULT null,
  pCurrency     text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
DECLARE
  rOld          db.invoice%rowtype;
  rNew          db.invoice%rowtype;
  uClass        uuid;
BEGIN
  IF pAmount IS NOT NULL AND pAmount < 0 THEN
    PERFORM InvoiceAmountError(pAmount::text);
  END IF;

  IF pCurrency IS NOT NULL AND pCurrency !~ '^[A-Z]{3}$' THEN
    PERFORM InvoiceCurrencyError(pCurrency);
  END IF;

  SELECT * INTO rOld FROM db.invoice WHERE id = pId;

  PERFORM EditDocument(pId, pParent, pType, pLabel, pDescription, pDescription, current_locale());

  UPDATE db.invoice
     SET category = coalesce(pCategory, category),
         amount = coalesce(pAmount, amount),
         currency = coalesce(pCurrency, currency)
   WHERE id = pId
  RETURNING * INTO rNew;

  SELECT class INTO uClass FROM db.object WHERE id = pId;

  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')),
    jsonb_build_object('old', to_jsonb(rOld), 'new', to_jsonb(rNew)));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
