-- Views of the resource module: readers see the content of the session
-- locale only, so a node without it is invisible (and so is its subtree in
-- ResourceTree).

CREATE OR REPLACE VIEW Resource
AS
  SELECT r.id, r.root, r.node, r.type, r.level, r.sequence,
         d.name, d.description, d.encoding, d.data, d.updated,
         d.locale, l.code AS localecode, l.name AS localename, l.description AS localedescription
    FROM db.resource r
   INNER JOIN db.resource_data d ON d.resource = r.id AND d.locale = current_locale()
   INNER JOIN db.locale l ON l.id = d.locale;

COMMENT ON VIEW Resource IS 'Resource nodes with their content in the session locale.';

-- sortlist numbers each node among its siblings (by sequence), so `index`
-- reads as an outline number such as 1.3.2.
CREATE OR REPLACE VIEW ResourceTree
AS
  WITH RECURSIVE tree AS (
    SELECT r.*, ARRAY[row_number() OVER (ORDER BY r.level, r.sequence)::integer] AS sortlist
      FROM Resource r
     WHERE r.node IS NULL
    UNION ALL
    SELECT r.*, t.sortlist || row_number() OVER (PARTITION BY r.node ORDER BY r.level, r.node, r.sequence)::integer
      FROM Resource r INNER JOIN tree t ON r.node = t.id
  )
  SELECT tree.*, array_to_string(tree.sortlist, '.') AS index
    FROM tree;

COMMENT ON VIEW ResourceTree IS 'Resource nodes in tree order with outline numbers.';

CREATE OR REPLACE VIEW api.resource
AS
  SELECT * FROM Resource;

CREATE OR REPLACE VIEW api.resource_tree
AS
  SELECT * FROM ResourceTree;
