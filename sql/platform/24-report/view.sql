-- Kernel views of the report module: <X> (flat), Access<X> (ACL), Object<X> (REST shape).

--------------------------------------------------------------------------------
-- Report tree
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW ReportTree
AS
  SELECT t.id, t.reference, t.root, t.node, t.level, t.sequence,
         r.code, r.name, r.description, r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_tree t INNER JOIN Reference r ON r.id = t.reference;

GRANT SELECT ON ReportTree TO administrator;

-- Aggregated over the principal set: a group deny wins over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessReportTree
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'report_tree')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessReportTree TO administrator;

-- ObjectReference is already restricted to the current scope.
CREATE OR REPLACE VIEW ObjectReportTree
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription,
         t.root, t.node, t.level, t.sequence,
         r.code, r.name, r.label, r.description,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel, r.lastupdate,
         r.owner, r.ownercode, r.ownername, r.created, r.oper, r.opercode, r.opername, r.operdate,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_tree t INNER JOIN ObjectReference r ON r.id = t.reference;

GRANT SELECT ON ObjectReportTree TO administrator;

--------------------------------------------------------------------------------
-- Report form
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW ReportForm
AS
  SELECT f.id, f.reference, f.definition,
         r.code, r.name, r.description, r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_form f INNER JOIN Reference r ON r.id = f.reference;

GRANT SELECT ON ReportForm TO administrator;

-- Aggregated over the principal set: a group deny wins over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessReportForm
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'report_form')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessReportForm TO administrator;

CREATE OR REPLACE VIEW ObjectReportForm
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription,
         r.code, r.name, r.label, r.description, f.definition,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel, r.lastupdate,
         r.owner, r.ownercode, r.ownername, r.created, r.oper, r.opercode, r.opername, r.operdate,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_form f INNER JOIN ObjectReference r ON r.id = f.reference;

GRANT SELECT ON ObjectReportForm TO administrator;

--------------------------------------------------------------------------------
-- Report
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Report
AS
  SELECT p.id, p.reference, p.tree, p.form, p.binding, p.info,
         r.code, r.name, r.description, r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report p INNER JOIN Reference r ON r.id = p.reference;

GRANT SELECT ON Report TO administrator;

-- Aggregated over the principal set: a group deny wins over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessReport
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'report')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessReport TO administrator;

-- Not scope-restricted (24-report §4), and an inner join on the form: a
-- report without a form is invisible through the API, as upstream.
CREATE OR REPLACE VIEW ObjectReport (Id, Object, Parent, Entity, EntityCode, EntityName, Class, ClassCode, ClassLabel,
  Type, TypeCode, TypeName, TypeDescription,
  Tree, TreeCode, TreeName, TreeDescription, Form, FormCode, FormName, FormDescription,
  Binding, BindingCode, BindingLabel, Code, Name, Label, Description, Info,
  StateType, StateTypeCode, StateTypeName, State, StateCode, StateLabel, LastUpdate,
  Owner, OwnerCode, OwnerName, Created, Oper, OperCode, OperName, OperDate,
  Scope, ScopeCode, ScopeName, ScopeDescription)
AS
  SELECT p.id, p.reference, o.parent, o.entity, o.entitycode, o.entityname, o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription,
         p.tree, tr.code,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = p.tree AND x.locale = (SELECT current_locale())),
         (SELECT x.description FROM db.reference_text x WHERE x.reference = p.tree AND x.locale = (SELECT current_locale())),
         p.form, fr.code,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = p.form AND x.locale = (SELECT current_locale())),
         (SELECT x.description FROM db.reference_text x WHERE x.reference = p.form AND x.locale = (SELECT current_locale())),
         p.binding,
         (SELECT x.code FROM db.class_tree x WHERE x.id = p.binding),
         (SELECT x.label FROM db.class_text x WHERE x.class = p.binding AND x.locale = (SELECT current_locale())),
         rr.code,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = p.id AND x.locale = (SELECT current_locale())),
         o.label,
         (SELECT x.description FROM db.reference_text x WHERE x.reference = p.id AND x.locale = (SELECT current_locale())),
         p.info,
         o.statetype, o.statetypecode, o.statetypename, o.state, o.statecode, o.statelabel, o.lastupdate,
         o.owner, o.ownercode, o.ownername, o.created, o.oper, o.opercode, o.opername, o.operdate,
         o.scope, o.scopecode, o.scopename, o.scopedescription
    FROM db.report p
   INNER JOIN db.reference rr ON rr.id = p.reference
   INNER JOIN Object o ON o.id = p.reference
   INNER JOIN db.reference tr ON tr.id = p.tree
   INNER JOIN db.reference fr ON fr.id = p.form;

GRANT SELECT ON ObjectReport TO administrator;

--------------------------------------------------------------------------------
-- Report routine
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW ReportRoutine
AS
  SELECT t.id, t.reference, t.report, t.definition, t.sequence,
         r.code, r.name, r.description, r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_routine t INNER JOIN Reference r ON r.id = t.reference;

GRANT SELECT ON ReportRoutine TO administrator;

-- Aggregated over the principal set: a group deny wins over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessReportRoutine
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'report_routine')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessReportRoutine TO administrator;

CREATE OR REPLACE VIEW ObjectReportRoutine
AS
  SELECT r.id, r.object, r.parent, r.entity, r.entitycode, r.entityname, r.class, r.classcode, r.classlabel,
         r.type, r.typecode, r.typename, r.typedescription,
         t.report, pr.code AS reportcode,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = t.report AND x.locale = (SELECT current_locale())) AS reportname,
         (SELECT x.description FROM db.reference_text x WHERE x.reference = t.report AND x.locale = (SELECT current_locale())) AS reportdescription,
         r.code, r.name, r.label, r.description, t.definition, t.sequence,
         r.statetype, r.statetypecode, r.statetypename, r.state, r.statecode, r.statelabel, r.lastupdate,
         r.owner, r.ownercode, r.ownername, r.created, r.oper, r.opercode, r.opername, r.operdate,
         r.scope, r.scopecode, r.scopename, r.scopedescription
    FROM db.report_routine t
   INNER JOIN ObjectReference r ON r.id = t.reference
   INNER JOIN db.reference pr ON pr.id = t.report;

GRANT SELECT ON ObjectReportRoutine TO administrator;

--------------------------------------------------------------------------------
-- Ready report
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW ReportReady
AS
  SELECT d.id, d.document, d.report, d.form, d.traceparent,
         p.code AS reportcode, p.name AS reportname, p.description AS reportdescription,
         p.scope, p.scopecode, p.scopename, p.scopedescription
    FROM db.report_ready d INNER JOIN Report p ON p.id = d.report;

GRANT SELECT ON ReportReady TO administrator;

-- Aggregated over the principal set: a group deny wins over a user allow (90 §9.2).
CREATE OR REPLACE VIEW AccessReportReady
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'report_ready')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessReportReady TO administrator;

-- Area rule of documents, widened for the services: the report worker's
-- session (group system) must see the ready reports of every area of its
-- scope to poll, check and fail them (services/report.md §1), while users
-- keep the document area tree.
CREATE OR REPLACE FUNCTION ReportIsService () RETURNS boolean
AS $$
  SELECT EXISTS (SELECT FROM db.member_group m WHERE m.userid = '00000000-0000-4000-a000-000000000000'::uuid AND m.member = current_userid());
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE VIEW ObjectReportReady
AS
  SELECT t.id, t.document AS object, o.parent, o.entity, o.entitycode, o.entityname, o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription,
         t.report, pr.code AS reportcode,
         (SELECT x.name FROM db.reference_text x WHERE x.reference = t.report AND x.locale = (SELECT current_locale())) AS reportname,
         (SELECT x.description FROM db.reference_text x WHERE x.reference = t.report AND x.locale = (SELECT current_locale())) AS reportdescription,
         t.form, o.label,
         (SELECT x.description FROM db.document_text x WHERE x.document = t.document AND x.locale = (SELECT current_locale())) AS description,
         o.statetype, o.statetypecode, o.statetypename, o.state, o.statecode, o.statelabel, o.lastupdate,
         o.owner, o.ownercode, o.ownername, o.created, o.oper, o.opercode, o.opername, o.operdate,
         d.area, a.code AS areacode, a.name AS areaname, a.description AS areadescription,
         o.scope, o.scopecode, o.scopename, o.scopedescription
    FROM db.report_ready t
   INNER JOIN db.document d ON d.id = t.document
   INNER JOIN Object o ON o.id = t.document
   INNER JOIN db.reference pr ON pr.id = t.report
    LEFT JOIN db.area a ON a.id = d.area
   WHERE d.scope = (SELECT current_scope())
     AND (d.area IN (SELECT x.id FROM DocumentAreaTree x) OR (SELECT ReportIsService()));

GRANT SELECT ON ObjectReportReady TO administrator;
