-- Category views: flat, Access (ACL) and Object (REST shape). Re-created by update.

--------------------------------------------------------------------------------
-- Category
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Category (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.category t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Category TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessCategory
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'category')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessCategory TO administrator;

CREATE OR REPLACE VIEW ObjectCategory
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.category t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectCategory TO administrator;

