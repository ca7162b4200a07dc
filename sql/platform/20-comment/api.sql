--------------------------------------------------------------------------------
-- comment module: api functions (spec 20 §5)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.comment (
  pObject       uuid
) RETURNS       SETOF api.comment
AS $$
  SELECT * FROM api.comment WHERE object = pObject ORDER BY priority DESC, created DESC;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_comment (
  pParent       uuid,
  pObject       uuid,
  pPriority     integer,
  pText         text,
  pData         jsonb DEFAULT null
) RETURNS       uuid
AS $$
  SELECT CreateComment(pParent, pObject, current_userid(), pPriority, pText, pData);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_comment (
  pId           uuid,
  pPriority     integer DEFAULT null,
  pText         text DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       void
AS $$
BEGIN
  PERFORM CheckCommentOwner(pId);
  PERFORM EditComment(pId, pPriority, pText, pData);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream quirk kept: an update without priority resets it to 0.
CREATE OR REPLACE FUNCTION api.set_comment (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pPriority     integer DEFAULT null,
  pText         text DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       SETOF api.comment
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL THEN
    IF pObject IS NULL THEN
      PERFORM JsonKeyNotFound('/comment/set', 'object');
    END IF;
    IF pText IS NULL THEN
      PERFORM JsonKeyNotFound('/comment/set', 'text');
    END IF;
    uId := api.add_comment(pParent, pObject, pPriority, pText, pData);
  ELSE
    PERFORM api.update_comment(uId, coalesce(pPriority, 0), pText, pData);
  END IF;

  RETURN QUERY SELECT * FROM api.comment WHERE id = uId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream checks access against the comment id, which is never an object,
-- so normal users always get nothing; the check belongs to the object.
CREATE OR REPLACE FUNCTION api.get_comment (
  pId           uuid
) RETURNS       SETOF api.comment
AS $$
  SELECT c.* FROM api.comment c WHERE c.id = pId AND CheckObjectAccess(c.object, B'100');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_comment (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  PERFORM CheckCommentOwner(pId);
  RETURN DeleteComment(pId);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_comment (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'comment', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_comment (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.comment
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'comment', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
