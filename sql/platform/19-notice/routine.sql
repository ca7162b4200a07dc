--------------------------------------------------------------------------------
-- notice module: kernel functions (spec 19 §4)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateNotice (
  pUserId       uuid,
  pObject       uuid,
  pText         text,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       uuid
AS $$
  INSERT INTO db.notice (userid, object, text, category, status, data)
  VALUES (coalesce(pUserId, current_userid()), pObject, pText, coalesce(pCategory, 'notice'), coalesce(pStatus, 0), pData)
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Only a notice of coalesce(pUserId, current user) is touched: without an
-- explicit owner, a user edits only its own notices.
CREATE OR REPLACE FUNCTION EditNotice (
  pId           uuid,
  pUserId       uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pText         text DEFAULT null,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       void
AS $$
  UPDATE db.notice
     SET object = coalesce(pObject, object),
         text = coalesce(pText, text),
         category = coalesce(pCategory, category),
         status = coalesce(pStatus, status),
         data = CASE WHEN pData IS NULL THEN data WHEN pData = '{}'::jsonb THEN null ELSE pData END,
         updated = now()
   WHERE id = pId
     AND userid = coalesce(pUserId, current_userid());
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetNotice (
  pId           uuid,
  pUserId       uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pText         text DEFAULT null,
  pCategory     text DEFAULT null,
  pStatus       integer DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL THEN
    RETURN CreateNotice(pUserId, pObject, pText, pCategory, pStatus, pData);
  END IF;

  PERFORM EditNotice(pId, pUserId, pObject, pText, pCategory, pStatus, pData);
  RETURN pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteNotice (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.notice WHERE id = pId AND userid = current_userid();
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Read (2) never downgrades accepted (3) or refused (4).
CREATE OR REPLACE FUNCTION MarkNotice (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  UPDATE db.notice
     SET status = 2, updated = now()
   WHERE userid = current_userid()
     AND status < 2
     AND (pId IS NULL OR id = pId);
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
