--------------------------------------------------------------------------------
-- workflow module: kernel views (15-workflow §9); texts in the current locale
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Entity (Id, Code, Name, Description)
AS
  SELECT e.id, e.code, t.name, t.description
    FROM db.entity e
    LEFT JOIN db.entity_text t ON t.entity = e.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW Class (Id, Parent, Entity, EntityCode, EntityName, Level, Code, Label, Abstract)
AS
  SELECT c.id, c.parent, c.entity, e.code, et.name, c.level, c.code, ct.label, c.abstract
    FROM db.class_tree c
    JOIN db.entity e ON e.id = c.entity
    LEFT JOIN db.entity_text et ON et.entity = e.id AND et.locale = current_locale()
    LEFT JOIN db.class_text ct ON ct.class = c.id AND ct.locale = current_locale();

-- sortlist: the path of per-class ranks (by level, code) from the root, so
-- ordering by it lists the tree depth-first.
CREATE OR REPLACE VIEW ClassTree (Id, Parent, Entity, EntityCode, EntityName, Level, Code, Label, Abstract, SortList)
AS
  WITH RECURSIVE ranked AS (
    SELECT c.*, row_number() OVER (ORDER BY c.level, c.code)::integer AS rank FROM Class c
  ), tree AS (
    SELECT r.*, ARRAY[r.rank] AS sortlist FROM ranked r WHERE r.parent IS NULL
    UNION ALL
    SELECT r.*, t.sortlist || r.rank FROM ranked r JOIN tree t ON r.parent = t.id
  )
  SELECT id, parent, entity, entitycode, entityname, level, code, label, abstract, sortlist
    FROM tree
   ORDER BY sortlist;

CREATE OR REPLACE VIEW ClassMembers (Class, UserId, Deny, Allow, Mask, Type, UserName, Name, Description)
AS
  SELECT a.class, a.userid, a.deny::integer, a.allow::integer, a.mask::integer,
         u.type, u.username, u.name, u.description
    FROM db.acu a
    JOIN db.user u ON u.id = a.userid;

CREATE OR REPLACE VIEW Type (Id, Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel, Code, Name, Description)
AS
  SELECT t.id, c.entity, c.entitycode, c.entityname, t.class, c.code, c.label, t.code, tt.name, tt.description
    FROM db.type t
    JOIN Class c ON c.id = t.class
    LEFT JOIN db.type_text tt ON tt.type = t.id AND tt.locale = current_locale();

CREATE OR REPLACE VIEW StateType (Id, Code, Name, Description)
AS
  SELECT s.id, s.code, t.name, t.description
    FROM db.state_type s
    LEFT JOIN db.state_type_text t ON t.type = s.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW State (Id, Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName,
  Code, Label, Sequence)
AS
  SELECT s.id, c.entity, c.entitycode, c.entityname, s.class, c.code, c.label, s.type, st.code, st.name,
         s.code, t.label, s.sequence
    FROM db.state s
    JOIN Class c ON c.id = s.class
    JOIN StateType st ON st.id = s.type
    LEFT JOIN db.state_text t ON t.state = s.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW Action (Id, Code, Name, Description)
AS
  SELECT a.id, a.code, t.name, t.description
    FROM db.action a
    LEFT JOIN db.action_text t ON t.action = a.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW Method (Id, Parent, Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel,
  State, StateCode, StateLabel, Action, ActionCode, ActionName, Code, Label, Sequence)
AS
  SELECT m.id, m.parent, c.entity, c.entitycode, c.entityname, m.class, c.code, c.label,
         m.state, s.code, st.label, m.action, a.code, at.name, m.code, mt.label, m.sequence
    FROM db.method m
    JOIN Class c ON c.id = m.class
    JOIN db.action a ON a.id = m.action
    LEFT JOIN db.action_text at ON at.action = a.id AND at.locale = current_locale()
    LEFT JOIN db.state s ON s.id = m.state
    LEFT JOIN db.state_text st ON st.state = s.id AND st.locale = current_locale()
    LEFT JOIN db.method_text mt ON mt.method = m.id AND mt.locale = current_locale();

CREATE OR REPLACE VIEW AccessMethod (Id, Parent, Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel,
  State, StateCode, StateLabel, Action, ActionCode, ActionName, Code, Label, Sequence, Execute, Visible, Enable)
AS
  WITH access AS (
    SELECT a.method, bit_or(a.allow) & ~bit_or(a.deny) AS mask
      FROM db.amu a
     WHERE a.userid IN (SELECT PrincipalSet(current_userid()))
     GROUP BY a.method
  )
  SELECT m.*, x.mask & B'100' = B'100', x.mask & B'010' = B'010', x.mask & B'001' = B'001'
    FROM Method m
    JOIN access x ON x.method = m.id;

CREATE OR REPLACE VIEW MethodMembers (Method, UserId, Deny, Allow, Mask, Type, UserName, Name, Description)
AS
  SELECT a.method, a.userid, a.deny::integer, a.allow::integer, a.mask::integer,
         u.type, u.username, u.name, u.description
    FROM db.amu a
    JOIN db.user u ON u.id = a.userid;

CREATE OR REPLACE VIEW Transition (Id, State, StateTypeCode, StateTypeName, StateCode, StateLabel,
  Method, MethodCode, MethodLabel, ActionCode, ActionName,
  NewState, NewStateTypeCode, NewStateTypeName, NewStateCode, NewStateLabel)
AS
  SELECT t.id, t.state, s.typecode, s.typename, s.code, s.label,
         t.method, m.code, m.label, m.actioncode, m.actionname,
         t.newstate, n.typecode, n.typename, n.code, n.label
    FROM db.transition t
    JOIN Method m ON m.id = t.method
    JOIN State n ON n.id = t.newstate
    LEFT JOIN State s ON s.id = t.state;

CREATE OR REPLACE VIEW EventType (Id, Code, Name, Description)
AS
  SELECT e.id, e.code, t.name, t.description
    FROM db.event_type e
    LEFT JOIN db.event_type_text t ON t.type = e.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW Event (Id, Class, Type, TypeCode, TypeName, Action, ActionCode, ActionName,
  Label, Text, Sequence, Enabled)
AS
  SELECT e.id, e.class, e.type, et.code, et.name, e.action, a.code, a.name,
         t.label, e.text, e.sequence, e.enabled
    FROM db.event e
    JOIN EventType et ON et.id = e.type
    JOIN Action a ON a.id = e.action
    LEFT JOIN db.event_text t ON t.event = e.id AND t.locale = current_locale();

CREATE OR REPLACE VIEW AMU (Class, ClassCode, ClassLabel, Action, ActionCode, ActionName, Method, Code, Label,
  UserId, Type, UserName, Name, Description, Deny, Allow, Mask)
AS
  SELECT m.class, m.classcode, m.classlabel, m.action, m.actioncode, m.actionname, m.id, m.code, m.label,
         a.userid, u.type, u.username, u.name, u.description, a.deny, a.allow, a.mask
    FROM db.amu a
    JOIN Method m ON m.id = a.method
    JOIN db.user u ON u.id = a.userid;

CREATE OR REPLACE VIEW Priority (Id, Code, Name, Description)
AS
  SELECT p.id, p.code, t.name, t.description
    FROM db.priority p
    LEFT JOIN db.priority_text t ON t.priority = p.id AND t.locale = current_locale();

--------------------------------------------------------------------------------
-- Functions returning the views' rows (re-created with them by update) -------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ClassTree (
  pParent       uuid
) RETURNS       SETOF ClassTree
AS $$
  WITH RECURSIVE sub AS (
    SELECT id FROM db.class_tree WHERE parent IS NOT DISTINCT FROM pParent
    UNION ALL
    SELECT c.id FROM db.class_tree c JOIN sub ON c.parent = sub.id
  )
  SELECT t.* FROM ClassTree t WHERE t.id IN (SELECT id FROM sub) ORDER BY t.sortlist;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClassMembers (
  pClass        uuid
) RETURNS       SETOF ClassMembers
AS $$
  SELECT * FROM ClassMembers WHERE class = pClass;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetMethodMembers (
  pMethod       uuid
) RETURNS       SETOF MethodMembers
AS $$
  SELECT * FROM MethodMembers WHERE method = pMethod;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
