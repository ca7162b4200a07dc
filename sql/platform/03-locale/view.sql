CREATE OR REPLACE VIEW kernel.Locale AS
  SELECT * FROM db.locale;

GRANT SELECT ON kernel.Locale TO administrator;
