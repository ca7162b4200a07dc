--------------------------------------------------------------------------------
-- observer module: views
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Publisher AS
  SELECT code, name, description FROM db.publisher;

GRANT SELECT ON Publisher TO administrator;

CREATE OR REPLACE VIEW Listener AS
  SELECT publisher, session, identity, filter, params FROM db.listener;

GRANT SELECT ON Listener TO administrator;

CREATE OR REPLACE VIEW api.publisher AS
  SELECT * FROM Publisher;

GRANT SELECT ON api.publisher TO administrator;

CREATE OR REPLACE VIEW api.listener AS
  SELECT * FROM Listener;

GRANT SELECT ON api.listener TO administrator;
