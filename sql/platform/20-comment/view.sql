--------------------------------------------------------------------------------
-- comment module: views (spec 20 §3)
--------------------------------------------------------------------------------

-- The author's profile of the current scope is an inner join: an author
-- without one there makes the comment invisible (as upstream).
CREATE OR REPLACE VIEW Comment (Id, Parent, Object,
  Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription, Label,
  Owner, UserName, Name, Given_Name, Family_Name, Patronymic_Name,
  Email, Email_Verified, Phone, Phone_Verified,
  Priority, Created, Updated, Text, Data, Picture
)
AS
  SELECT c.id, c.parent, c.object,
         o.entity, o.entitycode, o.entityname, o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription, o.label,
         c.owner, u.username, u.name, p.given_name, p.family_name, p.patronymic_name,
         u.email, p.email_verified, u.phone, p.phone_verified,
         c.priority, c.created, c.updated, c.text, c.data, p.picture
    FROM db.comment c
   INNER JOIN Object o ON o.id = c.object
   INNER JOIN db.user u ON u.id = c.owner
   INNER JOIN db.profile p ON p.userid = c.owner AND p.scope = (SELECT current_scope());

GRANT SELECT ON Comment TO administrator;

-- Threads per object: top-level comments, then replies under their parent,
-- siblings by priority (higher first), then age.
CREATE OR REPLACE VIEW api.comment
AS
  WITH RECURSIVE tree AS (
    SELECT c.*, ARRAY[row_number() OVER (PARTITION BY c.object ORDER BY c.priority DESC, c.created, c.id)]::integer[] AS sortlist
      FROM Comment c
     WHERE c.parent IS NULL
    UNION ALL
    SELECT c.*, t.sortlist || (row_number() OVER (PARTITION BY c.parent ORDER BY c.priority DESC, c.created, c.id))::integer
      FROM Comment c
     INNER JOIN tree t ON c.parent = t.id
  )
  SELECT t.*, array_to_string(t.sortlist, '.') AS index FROM tree t;

GRANT SELECT ON api.comment TO administrator;
