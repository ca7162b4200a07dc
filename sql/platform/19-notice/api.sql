--------------------------------------------------------------------------------
-- notice module: api functions (spec 19 §5). Any signed-in user may create a
-- notice for any user, as upstream; reading and changing stay with the owner.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.notice (
) RETURNS       SETOF api.notice
AS $$
  SELECT * FROM api.notice ORDER BY created DESC;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.notice (
  pCategory     text
) RETURNS       SETOF api.notice
AS $$
  SELECT * FROM api.notice WHERE category = pCategory ORDER BY created DESC;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_notice (
  pUserId       uuid,
  pObject       uuid,
  pText         text,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       uuid
AS $$
  SELECT CreateNotice(pUserId, pObject, pText, pCategory, pStatus, pData);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_notice (
  pId           uuid,
  pUserId       uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pText         text DEFAULT null,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       void
AS $$
  SELECT EditNotice(pId, pUserId, pObject, pText, pCategory, pStatus, pData);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_notice (
  pId           uuid,
  pUserId       uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pText         text DEFAULT null,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       SETOF api.notice
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF pId IS NULL AND pText IS NULL THEN
    PERFORM JsonKeyNotFound('/notice/set', 'text');
  END IF;
  IF pStatus IS NOT NULL AND pStatus NOT BETWEEN 0 AND 4 THEN
    PERFORM ValueOutOfRange(pStatus);
  END IF;

  uId := SetNotice(pId, pUserId, pObject, pText, pCategory, pStatus, pData);
  RETURN QUERY SELECT * FROM api.notice WHERE id = uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_notice (
  pId           uuid
) RETURNS       SETOF api.notice
AS $$
  SELECT * FROM api.notice WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_notice (
  pId           uuid
) RETURNS       boolean
AS $$
  SELECT DeleteNotice(pId);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_notice (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'notice', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_notice (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.notice
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'notice', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.mark_notice (
  pId           uuid DEFAULT null
) RETURNS       boolean
AS $$
  SELECT MarkNotice(pId);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
