-- Invoice views: Access (ACL) and Object (REST shape, document area tree applies). Re-created by update.

CREATE OR REPLACE VIEW AccessInvoice
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'invoice')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessInvoice TO administrator;

CREATE OR REPLACE VIEW ObjectInvoice
AS
  SELECT d.id, d.object, d.parent, d.entity, d.entitycode, d.entityname, d.class, d.classcode, d.classlabel,
         d.type, d.typecode, d.typename, d.typedescription, d.statetype, d.statetypecode, d.statetypename,
         d.state, d.statecode, d.statelabel, d.label, d.description,
         i.category, cr.code AS categorycode, ct.name AS categoryname,
         i.amount, i.currency, i.paid,
         d.priority, d.prioritycode, d.priorityname, d.prioritydescription,
         d.created, d.lastupdate, d.operdate, d.owner, d.ownercode, d.ownername, d.oper, d.opercode, d.opername,
         d.area, d.areacode, d.areaname, d.areadescription,
         d.scope, d.scopecode, d.scopename, d.scopedescription
    FROM db.invoice i INNER JOIN ObjectDocument d ON d.id = i.document
                       LEFT JOIN db.reference cr ON cr.id = i.category
                       LEFT JOIN db.reference_text ct ON ct.reference = i.category AND ct.locale = current_locale();

GRANT SELECT ON ObjectInvoice TO administrator;
