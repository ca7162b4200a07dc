-- UI and content languages (ISO 639-1).
CREATE TABLE db.locale (
  id          uuid PRIMARY KEY,
  code        text NOT NULL,
  name        text NOT NULL,
  description text
);

COMMENT ON TABLE db.locale IS 'Languages, identified by two-letter ISO 639-1 codes.';

CREATE UNIQUE INDEX ON db.locale (code);
