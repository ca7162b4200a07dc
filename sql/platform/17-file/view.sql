--------------------------------------------------------------------------------
-- file module: views (spec 17 §6)
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW File (Id, Root, Parent, Link, Owner, UserName, UserLabel,
  Type, TypeLabel, Mask, Level, Path, Name, Size, Date, Mime, Text, Hash, Url, Done, Fail
)
AS
  SELECT f.id, f.root, f.parent, f.link, f.owner, u.username, u.name,
         f.type,
         CASE f.type WHEN '-' THEN 'File' WHEN 'd' THEN 'Directory' WHEN 'l' THEN 'Link' WHEN 's' THEN 'Storage' END,
         f.mask, f.level, f.path, f.name, f.size, f.date, f.mime, f.text, f.hash, f.url, f.done, f.fail
    FROM db.file f
    LEFT JOIN db.user u ON u.id = f.owner;

GRANT SELECT ON File TO administrator;

CREATE OR REPLACE VIEW FileData (Id, Root, Parent, Link, Owner, UserName, UserLabel,
  Type, TypeLabel, Mask, Level, Path, Name, Size, Date, Data, Mime, Text, Hash, Url, Done, Fail
)
AS
  SELECT f.id, f.root, f.parent, f.link, f.owner, u.username, u.name,
         f.type,
         CASE f.type WHEN '-' THEN 'File' WHEN 'd' THEN 'Directory' WHEN 'l' THEN 'Link' WHEN 's' THEN 'Storage' END,
         f.mask, f.level, f.path, f.name, f.size, f.date, encode(f.data, 'base64'), f.mime, f.text, f.hash, f.url, f.done, f.fail
    FROM db.file f
    LEFT JOIN db.user u ON u.id = f.owner;

GRANT SELECT ON FileData TO administrator;

-- Roots by (level, name), children by (level, parent, name); `index` numbers
-- siblings, e.g. 1.2.1.
CREATE OR REPLACE VIEW FileTree
AS
  WITH RECURSIVE tree AS (
    SELECT f.*, ARRAY[row_number() OVER (ORDER BY f.level, f.name)]::integer[] AS sortlist
      FROM File f
     WHERE f.parent IS NULL
    UNION ALL
    SELECT f.*, t.sortlist || (row_number() OVER (PARTITION BY f.parent ORDER BY f.level, f.parent, f.name))::integer
      FROM File f
     INNER JOIN tree t ON f.parent = t.id
  )
  SELECT t.*, array_to_string(t.sortlist, '.') AS index FROM tree t;

GRANT SELECT ON FileTree TO administrator;

-- The api views show only what the caller may read (the r bit of its class).
CREATE OR REPLACE VIEW api.file
AS
  SELECT t.*
    FROM FileTree t, FileCaller() c
   WHERE FileRights(t.owner, t.mask, c.userid, c.superuser, c.groups) & B'100' = B'100';

GRANT SELECT ON api.file TO administrator;

CREATE OR REPLACE VIEW api.file_data
AS
  SELECT t.*
    FROM FileData t, FileCaller() c
   WHERE FileRights(t.owner, t.mask, c.userid, c.superuser, c.groups) & B'100' = B'100';

GRANT SELECT ON api.file_data TO administrator;
