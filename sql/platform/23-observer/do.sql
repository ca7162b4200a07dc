--------------------------------------------------------------------------------
-- observer module: hooks for configuration-defined publishers. Created once at
-- install (not by update) so a configuration's override survives `update`.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION DoCheckListenerFilter (
  pPublisher    text,
  pFilter       jsonb
) RETURNS       void
AS $$
BEGIN
  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoCheckListenerParams (
  pPublisher    text,
  pParams       jsonb
) RETURNS       void
AS $$
BEGIN
  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- False by default: an unknown publisher (and `file`) delivers nothing until a
-- configuration says who may see its events.
CREATE OR REPLACE FUNCTION DoFilterListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pData         jsonb
) RETURNS       boolean
AS $$
BEGIN
  RETURN false;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoEventListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pData         jsonb
) RETURNS       SETOF json
AS $$
BEGIN
  RETURN NEXT pData::json;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
