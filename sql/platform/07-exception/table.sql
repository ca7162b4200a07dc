-- Error catalog: one row per ERR-GGG-CCC code, texts per locale.
CREATE TABLE db.error_catalog (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid(),
  code        text NOT NULL,
  http_code   integer NOT NULL,
  severity    char(1) NOT NULL DEFAULT 'E',
  category    text NOT NULL DEFAULT 'validation',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ch_error_catalog_code CHECK (code ~ '^ERR-[0-9]{3}-[0-9]{3}$'),
  CONSTRAINT ch_error_catalog_severity CHECK (severity IN ('E', 'W'))
);

COMMENT ON TABLE db.error_catalog IS 'Structured error codes (ERR-GGG-CCC).';

CREATE UNIQUE INDEX ON db.error_catalog (code);
CREATE INDEX ON db.error_catalog (http_code);
CREATE INDEX ON db.error_catalog (category);

CREATE TABLE db.error_catalog_text (
  error_id    uuid NOT NULL REFERENCES db.error_catalog (id) ON DELETE CASCADE,
  locale      uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  message     text NOT NULL,
  description text,
  resolution  text,
  PRIMARY KEY (error_id, locale)
);

COMMENT ON TABLE db.error_catalog_text IS 'Localized message templates of the error catalog (%s placeholders).';

CREATE INDEX ON db.error_catalog_text (locale);
