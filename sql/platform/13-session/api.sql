--------------------------------------------------------------------------------
-- session module: setters of the current session's context
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.set_session_area (
  pArea         uuid
) RETURNS       void
AS $$
BEGIN
  IF pArea IS NULL OR NOT EXISTS (SELECT FROM db.area WHERE id = pArea) THEN
    PERFORM ObjectNotFound('scope', 'id', pArea);
  END IF;

  PERFORM SetArea(pArea);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_area (
  pArea         text
) RETURNS       void
AS $$
DECLARE
  uArea         uuid;
BEGIN
  SELECT id INTO uArea FROM db.area WHERE code = pArea ORDER BY id LIMIT 1;

  IF uArea IS NULL THEN
    PERFORM ObjectNotFound('scope', 'code', pArea);
  END IF;

  PERFORM SetArea(uArea);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_interface (
  pInterface    uuid
) RETURNS       void
AS $$
BEGIN
  IF pInterface IS NULL OR NOT EXISTS (SELECT FROM db.interface WHERE id = pInterface) THEN
    PERFORM ObjectNotFound('interface', 'id', pInterface);
  END IF;

  PERFORM SetInterface(pInterface);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_oper_date (
  pOperDate     timestamp
) RETURNS       void
AS $$
BEGIN
  PERFORM SetSessionOperDate(pOperDate::timestamptz);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_oper_date (
  pOperDate     timestamptz
) RETURNS       void
AS $$
BEGIN
  PERFORM SetSessionOperDate(pOperDate);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_locale (
  pLocale       uuid
) RETURNS       void
AS $$
BEGIN
  IF pLocale IS NULL OR NOT EXISTS (SELECT FROM db.locale WHERE id = pLocale) THEN
    PERFORM ObjectNotFound('locale', 'id', pLocale);
  END IF;

  PERFORM SetSessionLocale(pLocale);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_session_locale (
  pCode         text DEFAULT 'ru'
) RETURNS       void
AS $$
DECLARE
  uLocale       uuid;
BEGIN
  SELECT id INTO uLocale FROM db.locale WHERE code = pCode;

  IF uLocale IS NULL THEN
    PERFORM IncorrectCode(pCode, ARRAY(SELECT code FROM db.locale ORDER BY id));
  END IF;

  PERFORM SetSessionLocale(uLocale);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
