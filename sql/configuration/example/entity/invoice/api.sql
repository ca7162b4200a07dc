-- Invoice api.* layer: the view joins ObjectInvoice with AccessInvoice.

CREATE OR REPLACE VIEW api.invoice
AS
  SELECT o.* FROM ObjectInvoice o INNER JOIN AccessInvoice a ON a.object = o.id;

GRANT SELECT ON api.invoice TO administrator;

CREATE OR REPLACE FUNCTION api.add_invoice (
  pParent       uuid,
  pType         uuid,
  pCategory     uuid,
  pAmount       numeric,
  pCurrency     text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateInvoice(pParent, coalesce(pType, GetType('sale.invoice')), pCategory, pAmount, pCurrency, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_invoice (
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
BEGIN
  -- Invisible and missing look the same to the caller.
  IF NOT EXISTS (SELECT FROM api.invoice WHERE id = pId) THEN
    PERFORM ObjectNotFound('invoice', 'id', pId);
  END IF;

  PERFORM EditInvoice(pId, pParent, pType, pCategory, pAmount, pCurrency, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_invoice (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCategory     uuid DEFAULT null,
  pAmount       numeric DEFAULT null,
  pCurrency     text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.invoice
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL THEN
    uId := api.add_invoice(pParent, pType, pCategory, pAmount, pCurrency, pLabel, pDescription);
  ELSE
    PERFORM api.update_invoice(uId, pParent, pType, pCategory, pAmount, pCurrency, pLabel, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.invoice WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_invoice (
  pId       uuid
) RETURNS   SETOF api.invoice
AS $$
  SELECT * FROM api.invoice WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_invoice (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectInvoice', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_invoice (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.invoice
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectInvoice', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A custom read route: the caller's open (issued, unpaid) total per currency.
CREATE OR REPLACE FUNCTION api.invoice_balance ()
RETURNS     TABLE (currency text, amount numeric, count bigint)
AS $$
  SELECT i.currency, sum(i.amount), count(*)
    FROM api.invoice i
   WHERE i.statecode = 'enabled'
   GROUP BY i.currency
   ORDER BY i.currency;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
