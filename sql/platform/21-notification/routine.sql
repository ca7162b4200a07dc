--------------------------------------------------------------------------------
-- notification module: kernel functions (spec 21 §5)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateNotification (
  pEntity       uuid,
  pClass        uuid,
  pAction       uuid,
  pMethod       uuid,
  pStateOld     uuid,
  pStateNew     uuid,
  pObject       uuid,
  pUserId       uuid DEFAULT current_userid(),
  pDateTime     timestamptz DEFAULT now()
) RETURNS       uuid
AS $$
  INSERT INTO db.notification (entity, class, action, method, state_old, state_new, object, userid, datetime)
  VALUES (pEntity, pClass, pAction, pMethod, pStateOld, pStateNew, pObject, pUserId, coalesce(pDateTime, now()))
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditNotification (
  pId           uuid,
  pEntity       uuid DEFAULT null,
  pClass        uuid DEFAULT null,
  pAction       uuid DEFAULT null,
  pMethod       uuid DEFAULT null,
  pStateOld     uuid DEFAULT null,
  pStateNew     uuid DEFAULT null,
  pObject       uuid DEFAULT null,
  pUserId       uuid DEFAULT null,
  pDateTime     timestamptz DEFAULT null
) RETURNS       void
AS $$
  UPDATE db.notification
     SET entity = coalesce(pEntity, entity),
         class = coalesce(pClass, class),
         action = coalesce(pAction, action),
         method = coalesce(pMethod, method),
         state_old = coalesce(pStateOld, state_old),
         state_new = coalesce(pStateNew, state_new),
         object = coalesce(pObject, object),
         userid = coalesce(pUserId, userid),
         datetime = coalesce(pDateTime, datetime)
   WHERE id = pId;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteNotification (
  pId           uuid
) RETURNS       void
AS $$
  DELETE FROM db.notification WHERE id = pId;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddNotification (
  pClass        uuid,
  pAction       uuid,
  pMethod       uuid,
  pStateOld     uuid,
  pStateNew     uuid,
  pObject       uuid,
  pUserId       uuid DEFAULT current_userid(),
  pDateTime     timestamptz DEFAULT now()
) RETURNS       void
AS $$
  SELECT CreateNotification(c.entity, pClass, pAction, pMethod, pStateOld, pStateNew, pObject, pUserId, pDateTime)
    FROM db.class_tree c
   WHERE c.id = pClass;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
