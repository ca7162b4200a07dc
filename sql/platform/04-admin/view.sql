-- admin module: kernel views (re-created by update) and the functions returning their rows.

CREATE OR REPLACE VIEW Scope AS
  SELECT * FROM db.scope;

CREATE OR REPLACE VIEW AreaType AS
  SELECT id, code, name FROM db.area_type;

CREATE OR REPLACE VIEW Area AS
  SELECT a.id, a.parent, a.level, a.sequence, a.type, t.code AS typecode, t.name AS typename,
         a.scope, s.code AS scopecode, s.name AS scopename, s.description AS scopedescription,
         a.code, a.name, a.description, a.validfromdate, a.validtodate
    FROM db.area a
    JOIN db.area_type t ON t.id = a.type
    JOIN db.scope s ON s.id = a.scope;

CREATE OR REPLACE VIEW AreaTree AS
  WITH RECURSIVE ordered AS (
    SELECT a.*, row_number() OVER (PARTITION BY a.parent ORDER BY a.level, a.sequence, a.code)::integer AS n
      FROM Area a
  ), tree AS (
    SELECT o.*, ARRAY[o.n] AS sortlist FROM ordered o WHERE o.parent IS NULL
    UNION ALL
    SELECT o.*, t.sortlist || o.n FROM ordered o JOIN tree t ON o.parent = t.id
  )
  SELECT id, parent, level, sequence, type, typecode, typename, scope, scopecode, scopename, scopedescription,
         code, name, description, validfromdate, validtodate, sortlist
    FROM tree
   ORDER BY sortlist;

CREATE OR REPLACE VIEW Interface AS
  SELECT id, code, name, description FROM db.interface;

CREATE OR REPLACE VIEW users AS
  SELECT u.id, u.username, u.name, p.given_name, p.family_name, p.patronymic_name,
         u.email, p.email_verified, u.phone, p.phone_verified, p.session_limit, u.created,
         p.locale, l.code AS locale_code, p.area, a.code AS area_code, p.interface, i.code AS interface_code,
         u.description, p.picture, u.passwordchange, u.passwordnotchange,
         EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = u.username) AS system,
         u.readonly,
         u.status::integer AS status,
         CASE
           WHEN get_bit(u.status, 0) = 1 AND get_bit(u.status, 1) = 1 THEN 'expired & locked'
           WHEN get_bit(u.status, 0) = 1 THEN 'expired'
           WHEN get_bit(u.status, 1) = 1 THEN 'locked'
           WHEN get_bit(u.status, 2) = 1 THEN 'active'
           WHEN get_bit(u.status, 3) = 1 THEN 'open'
           ELSE 'undefined'
         END AS statustext,
         p.state::integer AS state,
         CASE p.state
           WHEN B'111' THEN 'online (all)'
           WHEN B'110' THEN 'online (local & trusted)'
           WHEN B'101' THEN 'online (external & trusted)'
           WHEN B'011' THEN 'online (external & local)'
           WHEN B'100' THEN 'online (trusted)'
           WHEN B'010' THEN 'online (local)'
           WHEN B'001' THEN 'online (external)'
           ELSE 'offline'
         END AS statetext,
         u.lock_date, u.expiry_date, p.lc_ip,
         -- with the quiet client_credentials sign-ins not yet folded in (db.profile_input)
         p.input_count + coalesce((SELECT sum(n.n) FROM db.profile_input n WHERE n.userid = p.userid AND n.scope = p.scope), 0)::integer AS input_count,
         greatest(p.input_last, (SELECT max(n.at) FROM db.profile_input n WHERE n.userid = p.userid AND n.scope = p.scope)) AS input_last,
         p.input_error, p.input_error_last,
         p.input_error_all, p.scope, s.code AS scope_code, s.name AS scope_name, s.description AS scope_description
    FROM db.user u
    JOIN db.profile p ON p.userid = u.id
    JOIN db.scope s ON s.id = p.scope
    LEFT JOIN db.locale l ON l.id = p.locale
    LEFT JOIN db.area a ON a.id = p.area
    LEFT JOIN db.interface i ON i.id = p.interface
   WHERE u.type = 'U';

CREATE OR REPLACE VIEW groups AS
  SELECT u.id, u.username, u.name, u.description,
         EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = lower(u.username)) AS system
    FROM db.user u
   WHERE u.type = 'G';

CREATE OR REPLACE VIEW MemberGroup AS
  SELECT m.userid, CASE g.type WHEN 'G' THEN 'group' ELSE 'user' END AS usertype,
         g.username, g.name AS userfullname, g.description AS userdescription,
         m.member AS memberid, CASE u.type WHEN 'G' THEN 'group' ELSE 'user' END AS membertype,
         u.username AS membername, u.name AS memberfullname, u.description AS memberdescription
    FROM db.member_group m
    JOIN db.user g ON g.id = m.userid
    JOIN db.user u ON u.id = m.member;

CREATE OR REPLACE VIEW MemberArea AS
  SELECT m.area, a.code, a.name, a.description,
         m.member AS memberid, u.type AS membertype, u.username AS membername,
         u.name AS memberfullname, u.description AS memberdesc
    FROM db.member_area m
    JOIN db.area a ON a.id = m.area
    JOIN db.user u ON u.id = m.member;

CREATE OR REPLACE VIEW MemberInterface AS
  SELECT m.interface, i.name AS interfacename, i.description AS interfacedesc,
         m.member AS memberid, u.type AS membertype, u.username AS membername,
         u.name AS memberfullname, u.description AS memberdesc
    FROM db.member_interface m
    JOIN db.interface i ON i.id = m.interface
    JOIN db.user u ON u.id = m.member;

CREATE OR REPLACE VIEW IPTable AS
  SELECT * FROM db.iptable;

CREATE OR REPLACE VIEW Auth AS
  SELECT * FROM db.auth;

CREATE OR REPLACE VIEW Tokens AS
  SELECT h.id, h.created, h.updated, t.id AS tokenid,
         CASE t.type WHEN 'C' THEN 'authorization_code' WHEN 'A' THEN 'access_token'
                     WHEN 'R' THEN 'refresh_token' WHEN 'I' THEN 'id_token' END AS grant_type,
         t.token, t.used, t.hash, h.session, h.agent, h.host, t.validfromdate, t.validtodate
    FROM db.token_header h
    JOIN db.token t ON t.header = h.id;

CREATE OR REPLACE VIEW Session AS
  SELECT s.code, s.token, s.userid, s.suid, u.username, u.name, s.agent, s.host,
         s.locale, s.area, s.interface, s.created, s.updated, u.input_last, u.lc_ip, u.status, u.state
    FROM db.session s
    JOIN users u ON u.id = s.userid AND u.scope = s.scope;

CREATE OR REPLACE FUNCTION AreaTree(pArea uuid)
RETURNS SETOF AreaTree AS $$
  WITH RECURSIVE sub(id) AS (
    SELECT id FROM db.area WHERE id = pArea
    UNION
    SELECT a.id FROM db.area a JOIN sub ON a.parent = sub.id
  )
  SELECT t.* FROM AreaTree t
   WHERE t.id IN (SELECT id FROM sub)
     AND t.scope IN (SELECT current_scopes())
   ORDER BY t.sortlist;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
