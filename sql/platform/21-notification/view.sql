--------------------------------------------------------------------------------
-- notification module: views (spec 21 §4) and the access-filtered feed
--------------------------------------------------------------------------------

-- Labels and names in the session locale. No access filter here: the feed
-- function below and the observer apply it.
CREATE OR REPLACE VIEW Notification (Id, DateTime, UserId, Object,
  Entity, EntityCode, Class, ClassCode, Action, ActionCode, Method, MethodCode,
  StateOld, StateOldType, StateOldTypeCode, StateOldTypeName, StateOldCode, StateOldLabel,
  StateNew, StateNewType, StateNewTypeCode, StateNewTypeName, StateNewCode, StateNewLabel
)
AS
  SELECT n.id, n.datetime, n.userid, n.object,
         n.entity, e.code, n.class, c.code, n.action, a.code, n.method, m.code,
         n.state_old, so.type, sot.code, sott.name, so.code, sox.label,
         n.state_new, sn.type, snt.code, sntt.name, sn.code, snx.label
    FROM db.notification n
   INNER JOIN db.entity e ON e.id = n.entity
   INNER JOIN db.class_tree c ON c.id = n.class
   INNER JOIN db.action a ON a.id = n.action
   INNER JOIN db.method m ON m.id = n.method
    LEFT JOIN db.state so ON so.id = n.state_old
    LEFT JOIN db.state_text sox ON sox.state = so.id AND sox.locale = (SELECT current_locale())
    LEFT JOIN db.state_type sot ON sot.id = so.type
    LEFT JOIN db.state_type_text sott ON sott.type = sot.id AND sott.locale = (SELECT current_locale())
    LEFT JOIN db.state sn ON sn.id = n.state_new
    LEFT JOIN db.state_text snx ON snx.state = sn.id AND snx.locale = (SELECT current_locale())
    LEFT JOIN db.state_type snt ON snt.id = sn.type
    LEFT JOIN db.state_type_text sntt ON sntt.type = snt.id AND sntt.locale = (SELECT current_locale());

GRANT SELECT ON Notification TO administrator;

CREATE OR REPLACE VIEW api.notification
AS
  SELECT * FROM Notification;

GRANT SELECT ON api.notification TO administrator;

-- Notifications since pDateFrom on objects the user may select: the mask
-- OR(allow) AND NOT OR(deny) over the user's and its groups' AOU rows must
-- hold the select bit (CanReadObject of the entity module is that test).
CREATE OR REPLACE FUNCTION Notification (
  pDateFrom     timestamptz,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       SETOF Notification
AS $$
  SELECT n.*
    FROM Notification n
   WHERE n.datetime >= pDateFrom
     AND CanReadObject(n.object, pUserId)
   ORDER BY n.datetime, n.id;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
