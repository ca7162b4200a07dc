-- Category (reference entity): table, index and id trigger. Runs at install only.

--------------------------------------------------------------------------------
-- db.category
--------------------------------------------------------------------------------

CREATE TABLE db.category (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE
);

COMMENT ON TABLE db.category IS 'Category (reference subclass).';

CREATE INDEX ON db.category (reference);

CREATE OR REPLACE FUNCTION db.ft_category_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_category_before_insert
  BEFORE INSERT ON db.category
  FOR EACH ROW EXECUTE FUNCTION db.ft_category_before_insert();

