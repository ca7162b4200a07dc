--------------------------------------------------------------------------------
-- comment module: kernel functions (spec 20 §4)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateComment (
  pParent       uuid,
  pObject       uuid,
  pOwner        uuid,
  pPriority     integer,
  pText         text,
  pData         jsonb DEFAULT null
) RETURNS       uuid
AS $$
  INSERT INTO db.comment (parent, object, owner, priority, text, data)
  VALUES (pParent, pObject, pOwner, coalesce(pPriority, 0), pText, pData)
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Parent, object and owner never change.
CREATE OR REPLACE FUNCTION EditComment (
  pId           uuid,
  pPriority     integer DEFAULT null,
  pText         text DEFAULT null,
  pData         jsonb DEFAULT null
) RETURNS       void
AS $$
  UPDATE db.comment
     SET priority = coalesce(pPriority, priority),
         text = coalesce(pText, text),
         data = CASE WHEN pData IS NULL THEN data WHEN pData = '{}'::jsonb THEN null ELSE pData END
   WHERE id = pId;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteComment (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.comment WHERE id = pId;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Only the author or a member of `administrator` changes a comment.
CREATE OR REPLACE FUNCTION CheckCommentOwner (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  uOwner        uuid;
BEGIN
  SELECT owner INTO uOwner FROM db.comment WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM NotFound();
  END IF;

  IF uOwner IS DISTINCT FROM current_userid() AND NOT IsUserRole('00000000-0000-4000-a000-000000000001'::uuid, current_userid()) THEN
    PERFORM AccessDenied();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
