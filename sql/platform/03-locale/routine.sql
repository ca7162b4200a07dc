-- Codes are case-sensitive: GetLocale('EN') is NULL.
CREATE OR REPLACE FUNCTION kernel.GetLocale (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT id FROM db.locale WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetLocaleCode (
  pId       uuid
) RETURNS   text
AS $$
  SELECT code FROM db.locale WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
