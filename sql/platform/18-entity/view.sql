--------------------------------------------------------------------------------
-- entity module: kernel views (spec 18 §2.4, §3, §6, §8; spec 90 §9).
-- Session values (locale, scope, principals) are written as scalar
-- sub-selects so each query evaluates them once, not once per row.
--------------------------------------------------------------------------------

-- The locale of the entity views. A list run by EntityListQuery pins it for
-- the statement (one session lookup instead of one per InitPlan, a dozen per
-- list); anywhere else the setting is empty and it is current_locale().
-- Plain SQL without SET or SECURITY DEFINER, so the planner inlines it.
CREATE OR REPLACE FUNCTION EntityLocale (
) RETURNS     uuid
AS $$
  SELECT coalesce(nullif(current_setting('pgfleet.list_locale', true), '')::uuid, current_locale());
$$ LANGUAGE sql STABLE;

-- Lookups are scalar sub-selects rather than joins: planning stays a matter
-- of one table (a list is planned once per connection, see EntityListQuery,
-- and any other dynamic statement per call), and a list with ORDER BY … LIMIT
-- evaluates them only for the rows it returns.
CREATE OR REPLACE VIEW Object (Id, Parent,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Label, Text,
  StateType, StateTypeCode, StateTypeName,
  State, StateCode, StateLabel,
  LastUpdate,
  Owner, OwnerCode, OwnerName,
  Created,
  Oper, OperCode, OperName,
  OperDate,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT o.id, o.parent,
         o.entity,
         (SELECT x.code FROM db.entity x WHERE x.id = o.entity),
         (SELECT x.name FROM db.entity_text x WHERE x.entity = o.entity AND x.locale = (SELECT EntityLocale())),
         o.class,
         (SELECT x.code FROM db.class_tree x WHERE x.id = o.class),
         (SELECT x.label FROM db.class_text x WHERE x.class = o.class AND x.locale = (SELECT EntityLocale())),
         o.type,
         (SELECT x.code FROM db.type x WHERE x.id = o.type),
         (SELECT x.name FROM db.type_text x WHERE x.type = o.type AND x.locale = (SELECT EntityLocale())),
         (SELECT x.description FROM db.type_text x WHERE x.type = o.type AND x.locale = (SELECT EntityLocale())),
         ot.label, ot.text,
         o.state_type,
         (SELECT x.code FROM db.state_type x WHERE x.id = o.state_type),
         (SELECT x.name FROM db.state_type_text x WHERE x.type = o.state_type AND x.locale = (SELECT EntityLocale())),
         o.state,
         (SELECT x.code FROM db.state x WHERE x.id = o.state),
         (SELECT x.label FROM db.state_text x WHERE x.state = o.state AND x.locale = (SELECT EntityLocale())),
         o.udate,
         o.owner,
         (SELECT x.username FROM db.user x WHERE x.id = o.owner),
         (SELECT x.name FROM db.user x WHERE x.id = o.owner),
         o.pdate,
         o.oper,
         (SELECT x.username FROM db.user x WHERE x.id = o.oper),
         (SELECT x.name FROM db.user x WHERE x.id = o.oper),
         o.ldate,
         o.scope,
         (SELECT x.code FROM db.scope x WHERE x.id = o.scope),
         (SELECT x.name FROM db.scope x WHERE x.id = o.scope),
         (SELECT x.description FROM db.scope x WHERE x.id = o.scope)
    FROM db.object o
    LEFT JOIN db.object_text ot ON ot.object = o.id AND ot.locale = (SELECT EntityLocale())
   -- Upstream joins state type and state: an object without a state is not shown.
   WHERE o.state IS NOT NULL;

GRANT SELECT ON Object TO administrator;

-- The rows and columns of Object, with the lookups grouped in three LATERAL
-- blocks keyed by the object's type and scope, its state, and its owner and
-- operator. The planner puts each block under a Memoize node, so a page of
-- objects that share a type, a state and an owner looks them up once instead
-- of once per row (19 lookups per row in Object; without Memoize a block
-- costs what its sub-selects cost in Object). The catch: a join is
-- evaluated below any Sort, for every row the scan produces, where Object's
-- scalar sub-selects run only for the rows a LIMIT keeps. So it serves only
-- lists that need no sort: the scan view walked in index order
-- (api.object_scan_lateral, chosen by EntityRestList for the default order).
CREATE OR REPLACE VIEW ObjectLateral (Id, Parent,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Label, Text,
  StateType, StateTypeCode, StateTypeName,
  State, StateCode, StateLabel,
  LastUpdate,
  Owner, OwnerCode, OwnerName,
  Created,
  Oper, OperCode, OperName,
  OperDate,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT o.id, o.parent,
         o.entity, k.entitycode, k.entityname,
         o.class, k.classcode, k.classlabel,
         o.type, k.typecode, k.typename, k.typedescription,
         ot.label, ot.text,
         o.state_type, s.statetypecode, s.statetypename,
         o.state, s.statecode, s.statelabel,
         o.udate,
         o.owner, u.ownercode, u.ownername,
         o.pdate,
         o.oper, u.opercode, u.opername,
         o.ldate,
         o.scope, k.scopecode, k.scopename, k.scopedescription
    FROM db.object o
    LEFT JOIN db.object_text ot ON ot.object = o.id AND ot.locale = (SELECT EntityLocale())
    LEFT JOIN LATERAL (
      SELECT (SELECT x.code FROM db.entity x WHERE x.id = o.entity) AS entitycode,
             (SELECT x.name FROM db.entity_text x WHERE x.entity = o.entity AND x.locale = (SELECT EntityLocale())) AS entityname,
             (SELECT x.code FROM db.class_tree x WHERE x.id = o.class) AS classcode,
             (SELECT x.label FROM db.class_text x WHERE x.class = o.class AND x.locale = (SELECT EntityLocale())) AS classlabel,
             (SELECT x.code FROM db.type x WHERE x.id = o.type) AS typecode,
             (SELECT x.name FROM db.type_text x WHERE x.type = o.type AND x.locale = (SELECT EntityLocale())) AS typename,
             (SELECT x.description FROM db.type_text x WHERE x.type = o.type AND x.locale = (SELECT EntityLocale())) AS typedescription,
             (SELECT x.code FROM db.scope x WHERE x.id = o.scope) AS scopecode,
             (SELECT x.name FROM db.scope x WHERE x.id = o.scope) AS scopename,
             (SELECT x.description FROM db.scope x WHERE x.id = o.scope) AS scopedescription
      OFFSET 0) k ON true
    LEFT JOIN LATERAL (
      SELECT (SELECT x.code FROM db.state_type x WHERE x.id = o.state_type) AS statetypecode,
             (SELECT x.name FROM db.state_type_text x WHERE x.type = o.state_type AND x.locale = (SELECT EntityLocale())) AS statetypename,
             (SELECT x.code FROM db.state x WHERE x.id = o.state) AS statecode,
             (SELECT x.label FROM db.state_text x WHERE x.state = o.state AND x.locale = (SELECT EntityLocale())) AS statelabel
      OFFSET 0) s ON true
    LEFT JOIN LATERAL (
      SELECT (SELECT x.username FROM db.user x WHERE x.id = o.owner) AS ownercode,
             (SELECT x.name FROM db.user x WHERE x.id = o.owner) AS ownername,
             (SELECT x.username FROM db.user x WHERE x.id = o.oper) AS opercode,
             (SELECT x.name FROM db.user x WHERE x.id = o.oper) AS opername
      OFFSET 0) u ON true
   WHERE o.state IS NOT NULL;

GRANT SELECT ON ObjectLateral TO administrator;

-- Objects of the current scope the current user may read.
CREATE OR REPLACE VIEW AccessObject
AS
  SELECT o.id AS object
    FROM db.object o
   WHERE o.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100')
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100');

GRANT SELECT ON AccessObject TO administrator;

CREATE OR REPLACE VIEW ObjectMembers
AS
  SELECT a.object, a.userid,
         bit_to_dec(a.deny::bit varying)::integer AS deny,
         bit_to_dec(a.allow::bit varying)::integer AS allow,
         bit_to_dec(a.mask::bit varying)::integer AS mask,
         u.type, u.username, u.name, u.description
    FROM db.aou a INNER JOIN db.user u ON u.id = a.userid;

GRANT SELECT ON ObjectMembers TO administrator;

CREATE OR REPLACE VIEW ObjectState (Id, Object, Class,
  State, StateTypeCode, StateTypeName, StateCode, StateLabel,
  ValidFromDate, ValidToDate
)
AS
  SELECT h.id, h.object, s.class,
         h.state, st.code, stt.name, s.code, sx.label,
         h.validFromDate, h.validToDate
    FROM db.object_state h
   INNER JOIN db.state s ON s.id = h.state
   INNER JOIN db.state_type st ON st.id = s.type
    LEFT JOIN db.state_type_text stt ON stt.type = st.id AND stt.locale = (SELECT EntityLocale())
    LEFT JOIN db.state_text sx ON sx.state = s.id AND sx.locale = (SELECT EntityLocale());

GRANT SELECT ON ObjectState TO administrator;

CREATE OR REPLACE VIEW ObjectMethodHistory (Id, Object, DateTime,
  UserId, UserName, FullName, LastName, FirstName, MiddleName,
  Phone, Email, EmailVerified, PhoneVerified, Picture,
  Method, MethodCode, MethodLabel,
  Action, ActionCode, ActionName, ActionDescription,
  StateOldType, StateOldTypeCode, StateOldTypeName,
  StateOld, StateOldCode, StateOldLabel,
  StateNewType, StateNewTypeCode, StateNewTypeName,
  StateNew, StateNewCode, StateNewLabel
)
AS
  SELECT n.id, n.object, n.datetime,
         n.userid, u.username, u.name, p.family_name, p.given_name, p.patronymic_name,
         u.phone, u.email, p.email_verified, p.phone_verified, p.picture,
         n.method, m.code, mt.label,
         n.action, a.code, at.name, at.description,
         so.type, sot.code, sott.name,
         n.state_old, so.code, sox.label,
         sn.type, snt.code, sntt.name,
         n.state_new, sn.code, snx.label
    FROM db.notification n
   INNER JOIN db.user u ON u.id = n.userid
   INNER JOIN db.profile p ON p.userid = n.userid AND p.scope = (SELECT current_scope())
   INNER JOIN db.method m ON m.id = n.method
    LEFT JOIN db.method_text mt ON mt.method = m.id AND mt.locale = (SELECT EntityLocale())
   INNER JOIN db.action a ON a.id = n.action
    LEFT JOIN db.action_text at ON at.action = a.id AND at.locale = (SELECT EntityLocale())
    LEFT JOIN db.state so ON so.id = n.state_old
    LEFT JOIN db.state_text sox ON sox.state = so.id AND sox.locale = (SELECT EntityLocale())
    LEFT JOIN db.state_type sot ON sot.id = so.type
    LEFT JOIN db.state_type_text sott ON sott.type = sot.id AND sott.locale = (SELECT EntityLocale())
    LEFT JOIN db.state sn ON sn.id = n.state_new
    LEFT JOIN db.state_text snx ON snx.state = sn.id AND snx.locale = (SELECT EntityLocale())
    LEFT JOIN db.state_type snt ON snt.id = sn.type
    LEFT JOIN db.state_type_text sntt ON sntt.type = snt.id AND sntt.locale = (SELECT EntityLocale());

GRANT SELECT ON ObjectMethodHistory TO administrator;

CREATE OR REPLACE VIEW ObjectGroup (Id, Code, Name, Description, Owner, OwnerCode, OwnerName)
AS
  SELECT g.id, g.code, g.name, g.description, g.owner, u.username, u.name
    FROM db.object_group g
   INNER JOIN db.user u ON u.id = g.owner
   WHERE g.owner = (SELECT current_userid());

GRANT SELECT ON ObjectGroup TO administrator;

CREATE OR REPLACE VIEW ObjectGroupMember (GId, Object, Code, Name, Description)
AS
  SELECT m.gid, m.object, g.code, g.name, g.description
    FROM db.object_group_member m
   INNER JOIN db.object_group g ON g.id = m.gid;

GRANT SELECT ON ObjectGroupMember TO administrator;

CREATE OR REPLACE VIEW ObjectLink
AS
  SELECT * FROM db.object_link;

GRANT SELECT ON ObjectLink TO administrator;

CREATE OR REPLACE VIEW ObjectData
AS
  SELECT * FROM db.object_data;

GRANT SELECT ON ObjectData TO administrator;

CREATE OR REPLACE VIEW ObjectCoordinates (Id, Object,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Code, Latitude, Longitude, Accuracy, Label, Description, Data,
  ValidFromDate, ValidToDate
)
AS
  SELECT g.id, g.object,
         o.entity, e.code, et.name,
         o.class, c.code, ct.label,
         o.type, t.code, tt.name, tt.description,
         g.code, g.latitude, g.longitude, g.accuracy, g.label, g.description, g.data,
         g.validFromDate, g.validToDate
    FROM db.object_coordinates g
   INNER JOIN db.object o ON o.id = g.object
   INNER JOIN db.entity e ON e.id = o.entity
    LEFT JOIN db.entity_text et ON et.entity = e.id AND et.locale = (SELECT EntityLocale())
   INNER JOIN db.class_tree c ON c.id = o.class
    LEFT JOIN db.class_text ct ON ct.class = c.id AND ct.locale = (SELECT EntityLocale())
   INNER JOIN db.type t ON t.id = o.type
    LEFT JOIN db.type_text tt ON tt.type = t.id AND tt.locale = (SELECT EntityLocale());

GRANT SELECT ON ObjectCoordinates TO administrator;

CREATE OR REPLACE VIEW AOU
AS
  SELECT o.*, a.userid, u.type AS role, u.username, u.name, u.description,
         bit_to_dec(a.deny::bit varying)::integer AS deny,
         bit_to_dec(a.allow::bit varying)::integer AS allow,
         bit_to_dec(a.mask::bit varying)::integer AS mask
    FROM Object o
   INNER JOIN db.aou a ON a.object = o.id
   INNER JOIN db.user u ON u.id = a.userid;

GRANT SELECT ON AOU TO administrator;

--------------------------------------------------------------------------------
-- Reference
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Reference (Id, Object, Entity, Class, Type, Code, Name, Description,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT r.id, r.object, r.entity, r.class, r.type, r.code, rt.name, rt.description,
         r.scope, sc.code, sc.name, sc.description
    FROM db.reference r
    LEFT JOIN db.reference_text rt ON rt.reference = r.id AND rt.locale = (SELECT EntityLocale())
   INNER JOIN db.scope sc ON sc.id = r.scope;

GRANT SELECT ON Reference TO administrator;

CREATE OR REPLACE VIEW CurrentReference
AS
  SELECT * FROM Reference WHERE scope = (SELECT current_scope());

GRANT SELECT ON CurrentReference TO administrator;

CREATE OR REPLACE VIEW AccessReference
AS
  SELECT r.id AS object
    FROM db.reference r
   WHERE r.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = r.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100')
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = r.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100');

GRANT SELECT ON AccessReference TO administrator;

CREATE OR REPLACE VIEW ObjectReference (Id, Object, Parent,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Code, Name, Label, Description,
  StateType, StateTypeCode, StateTypeName,
  State, StateCode, StateLabel,
  LastUpdate,
  Owner, OwnerCode, OwnerName,
  Created,
  Oper, OperCode, OperName,
  OperDate,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT r.id, r.object, o.parent,
         o.entity, o.entitycode, o.entityname,
         o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription,
         r.code,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = r.id AND x.locale = (SELECT EntityLocale())),
         o.label,
         (SELECT x.description FROM db.reference_text x WHERE x.reference = r.id AND x.locale = (SELECT EntityLocale())),
         o.statetype, o.statetypecode, o.statetypename,
         o.state, o.statecode, o.statelabel,
         o.lastupdate,
         o.owner, o.ownercode, o.ownername,
         o.created,
         o.oper, o.opercode, o.opername,
         o.operdate,
         o.scope, o.scopecode, o.scopename, o.scopedescription
    FROM db.reference r
   INNER JOIN Object o ON o.id = r.object
   WHERE r.scope = (SELECT current_scope());

GRANT SELECT ON ObjectReference TO administrator;

--------------------------------------------------------------------------------
-- Document
--------------------------------------------------------------------------------

-- Areas whose documents the session may see: every area of type default,
-- the session's area, and their descendants that are not themselves default.
CREATE OR REPLACE VIEW DocumentAreaTree
AS
  WITH RECURSIVE tree(id) AS (
    SELECT a.id FROM db.area a
     WHERE a.scope = (SELECT current_scope())
       AND (a.type = '00000000-0000-4002-a001-000000000000'::uuid OR a.id = (SELECT current_area()))
    UNION
    SELECT a.id FROM db.area a INNER JOIN tree t ON a.parent = t.id
     WHERE a.type <> '00000000-0000-4002-a001-000000000000'::uuid
  )
  SELECT id FROM tree;

GRANT SELECT ON DocumentAreaTree TO administrator;

CREATE OR REPLACE VIEW Document (Id, Object,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Description,
  Priority, PriorityCode, PriorityName, PriorityDescription,
  Area, AreaCode, AreaName, AreaDescription,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT d.id, d.object,
         d.entity,
         (SELECT x.code FROM db.entity x WHERE x.id = d.entity),
         (SELECT x.name FROM db.entity_text x WHERE x.entity = d.entity AND x.locale = (SELECT EntityLocale())),
         d.class,
         (SELECT x.code FROM db.class_tree x WHERE x.id = d.class),
         (SELECT x.label FROM db.class_text x WHERE x.class = d.class AND x.locale = (SELECT EntityLocale())),
         d.type,
         (SELECT x.code FROM db.type x WHERE x.id = d.type),
         (SELECT x.name FROM db.type_text x WHERE x.type = d.type AND x.locale = (SELECT EntityLocale())),
         (SELECT x.description FROM db.type_text x WHERE x.type = d.type AND x.locale = (SELECT EntityLocale())),
         (SELECT x.description FROM db.document_text x WHERE x.document = d.id AND x.locale = (SELECT EntityLocale())),
         d.priority,
         (SELECT x.code FROM db.priority x WHERE x.id = d.priority),
         (SELECT x.name FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT EntityLocale())),
         (SELECT x.description FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT EntityLocale())),
         d.area,
         (SELECT x.code FROM db.area x WHERE x.id = d.area),
         (SELECT x.name FROM db.area x WHERE x.id = d.area),
         (SELECT x.description FROM db.area x WHERE x.id = d.area),
         d.scope,
         (SELECT x.code FROM db.scope x WHERE x.id = d.scope),
         (SELECT x.name FROM db.scope x WHERE x.id = d.scope),
         (SELECT x.description FROM db.scope x WHERE x.id = d.scope)
    FROM db.document d
   WHERE d.area IN (SELECT t.id FROM DocumentAreaTree t);

GRANT SELECT ON Document TO administrator;

CREATE OR REPLACE VIEW CurrentDocument
AS
  SELECT * FROM Document WHERE scope = (SELECT current_scope());

GRANT SELECT ON CurrentDocument TO administrator;

CREATE OR REPLACE VIEW AccessDocument
AS
  SELECT d.id AS object
    FROM db.document d
   WHERE d.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = d.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100')
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = d.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100');

GRANT SELECT ON AccessDocument TO administrator;

CREATE OR REPLACE VIEW ObjectDocument (Id, Object, Parent,
  Entity, EntityCode, EntityName,
  Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Label, Description, Text,
  StateType, StateTypeCode, StateTypeName,
  State, StateCode, StateLabel,
  LastUpdate,
  Priority, PriorityCode, PriorityName, PriorityDescription,
  Owner, OwnerCode, OwnerName,
  Created,
  Oper, OperCode, OperName,
  OperDate,
  Area, AreaCode, AreaName, AreaDescription,
  Scope, ScopeCode, ScopeName, ScopeDescription
)
AS
  SELECT d.id, d.object, o.parent,
         o.entity, o.entitycode, o.entityname,
         o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription,
         o.label,
         (SELECT x.description FROM db.document_text x WHERE x.document = d.id AND x.locale = (SELECT EntityLocale())),
         o.text,
         o.statetype, o.statetypecode, o.statetypename,
         o.state, o.statecode, o.statelabel,
         o.lastupdate,
         d.priority,
         (SELECT x.code FROM db.priority x WHERE x.id = d.priority),
         (SELECT x.name FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT EntityLocale())),
         (SELECT x.description FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT EntityLocale())),
         o.owner, o.ownercode, o.ownername,
         o.created,
         o.oper, o.opercode, o.opername,
         o.operdate,
         d.area,
         (SELECT x.code FROM db.area x WHERE x.id = d.area),
         (SELECT x.name FROM db.area x WHERE x.id = d.area),
         (SELECT x.description FROM db.area x WHERE x.id = d.area),
         o.scope, o.scopecode, o.scopename, o.scopedescription
    FROM db.document d
   INNER JOIN Object o ON o.id = d.object
   WHERE d.area IN (SELECT t.id FROM DocumentAreaTree t);

GRANT SELECT ON ObjectDocument TO administrator;

-- Returns the view's row type, so it follows the view (update drops both).
CREATE OR REPLACE FUNCTION ObjectCoordinates (
  pDateFrom   timestamptz
) RETURNS     SETOF ObjectCoordinates
AS $$
  SELECT * FROM ObjectCoordinates WHERE validFromDate <= pDateFrom AND validToDate > pDateFrom;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectMembers (
  pObject     uuid
) RETURNS     SETOF ObjectMembers
AS $$
  SELECT * FROM ObjectMembers WHERE object = pObject;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
