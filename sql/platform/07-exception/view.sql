-- Texts in the session locale; NULL texts where that locale has none.
CREATE OR REPLACE VIEW kernel.ErrorCatalog AS
  SELECT e.id, e.code, e.http_code, e.severity, e.category,
         t.message, t.description, t.resolution, e.created_at
    FROM db.error_catalog e
    LEFT JOIN db.error_catalog_text t ON t.error_id = e.id AND t.locale = kernel.current_locale();

GRANT SELECT ON kernel.ErrorCatalog TO administrator;

CREATE OR REPLACE VIEW api.error_catalog AS
  SELECT * FROM kernel.ErrorCatalog;

GRANT SELECT ON api.error_catalog TO administrator;
