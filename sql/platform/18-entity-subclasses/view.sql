-- Kernel views of the reference subclasses: <E> (flat), Access<E> (ACL), Object<E> (REST shape).

--------------------------------------------------------------------------------
-- Vendor
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Vendor (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.vendor t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Vendor TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessVendor
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'vendor')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessVendor TO administrator;

CREATE OR REPLACE VIEW ObjectVendor
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.vendor t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectVendor TO administrator;

--------------------------------------------------------------------------------
-- Agent
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Agent (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel, Vendor, VendorCode, VendorName, VendorDescription,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         t.vendor, vr.code AS vendorcode, vt.name AS vendorname, vt.description AS vendordescription,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.agent t INNER JOIN ObjectReference r ON r.id = t.reference
  LEFT JOIN db.reference vr ON vr.id = t.vendor
  LEFT JOIN db.reference_text vt ON vt.reference = t.vendor AND vt.locale = current_locale()
;

GRANT SELECT ON Agent TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessAgent
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'agent')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessAgent TO administrator;

CREATE OR REPLACE VIEW ObjectAgent
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         t.vendor, vr.code AS vendorcode, vt.name AS vendorname, vt.description AS vendordescription,
         r.code, r.name, r.label, r.description,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.agent t INNER JOIN ObjectReference r ON r.id = t.reference
  LEFT JOIN db.reference vr ON vr.id = t.vendor
  LEFT JOIN db.reference_text vt ON vt.reference = t.vendor AND vt.locale = current_locale()
;

GRANT SELECT ON ObjectAgent TO administrator;

--------------------------------------------------------------------------------
-- Form
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Form (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.form t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Form TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessForm
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'form')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessForm TO administrator;

CREATE OR REPLACE VIEW ObjectForm
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.form t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectForm TO administrator;

--------------------------------------------------------------------------------
-- Program
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Program (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel, Body,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         t.body,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.program t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Program TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessProgram
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'program')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessProgram TO administrator;

CREATE OR REPLACE VIEW ObjectProgram
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description, t.body,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.program t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectProgram TO administrator;

--------------------------------------------------------------------------------
-- Scheduler
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Scheduler (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel, Period, DateStart, DateStop,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         t.period, t.dateStart AS datestart, t.dateStop AS datestop,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.scheduler t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Scheduler TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessScheduler
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'scheduler')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessScheduler TO administrator;

CREATE OR REPLACE VIEW ObjectScheduler
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description, t.period, t.dateStart AS datestart, t.dateStop AS datestop,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.scheduler t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectScheduler TO administrator;

--------------------------------------------------------------------------------
-- Version
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Version (Id, Parent, Reference, Class, ClassCode, ClassLabel, Type, TypeCode, TypeName, TypeDescription,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel,
  Created, LastUpdate, OperDate, Code, Name, Label, Description, Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT t.id, r.parent, t.reference, r.class, r.classcode, r.classlabel, r.type, r.typecode, r.typename, r.typedescription,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel,
         r.created, r.lastupdate, r.operdate, r.code, r.name, r.label, r.description,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.version t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON Version TO administrator;

-- Aggregated over the principal set: a group deny must win over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessVersion
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'version')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessVersion TO administrator;

CREATE OR REPLACE VIEW ObjectVersion
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription, r.statetype, r.statetypecode, r.statetypename,
         r.state, r.statecode, r.statelabel,
         r.code, r.name, r.label, r.description,
         r.created, r.lastupdate, r.operdate, r.owner, r.ownercode, r.ownername, r.oper, r.opercode, r.opername,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.version t INNER JOIN ObjectReference r ON r.id = t.reference
;

GRANT SELECT ON ObjectVersion TO administrator;

