-- Project errors of the invoice (codes from ERR-400-101, catalogue entries in ../../routes.sql).

CREATE OR REPLACE FUNCTION InvoiceAmountError (pAmount text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 101), pAmount); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InvoiceCurrencyError (pCurrency text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 102), pCurrency); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;
