-- Views of the kladr module.

CREATE OR REPLACE VIEW AddressTree (id, parent, code, name, short, index, level)
AS
  SELECT id, parent, code, name, short, index, level FROM db.address_tree;

GRANT ALL ON AddressTree TO administrator;

CREATE OR REPLACE VIEW api.address_tree
AS
  SELECT * FROM AddressTree;
