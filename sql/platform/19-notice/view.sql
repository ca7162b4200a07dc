--------------------------------------------------------------------------------
-- notice module: views (spec 19 §3) — a user sees its own notices only
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Notice (Id, UserId, Object,
  Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription, Label,
  Text, Category, Status, StatusCode, Created, Updated, Data
)
AS
  SELECT n.id, n.userid, n.object,
         o.entity, o.entitycode, o.entityname, o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription, o.label,
         n.text, n.category, n.status,
         CASE n.status WHEN 0 THEN 'created' WHEN 1 THEN 'delivered' WHEN 2 THEN 'read' WHEN 3 THEN 'accepted' WHEN 4 THEN 'refused' ELSE 'undefined' END,
         n.created, n.updated, n.data
    FROM db.notice n
    LEFT JOIN Object o ON o.id = n.object
   WHERE n.userid = (SELECT current_userid());

GRANT SELECT ON Notice TO administrator;

CREATE OR REPLACE VIEW api.notice
AS
  SELECT * FROM Notice;

GRANT SELECT ON api.notice TO administrator;
