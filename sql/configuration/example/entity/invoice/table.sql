-- Invoice (document entity): table, indexes and id trigger. Runs at install only.

CREATE TABLE db.invoice (
  id         uuid PRIMARY KEY,
  document   uuid NOT NULL REFERENCES db.document (id) ON DELETE CASCADE,
  category   uuid REFERENCES db.category (id) ON DELETE RESTRICT,
  amount     numeric(14, 2) NOT NULL CHECK (amount >= 0),
  currency   text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  paid       timestamptz
);

COMMENT ON TABLE db.invoice IS 'Example document: an invoice with a custom pay action.';

CREATE INDEX ON db.invoice (document);
CREATE INDEX ON db.invoice (category);

CREATE OR REPLACE FUNCTION db.ft_invoice_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.document;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_invoice_before_insert
  BEFORE INSERT ON db.invoice
  FOR EACH ROW EXECUTE FUNCTION db.ft_invoice_before_insert();
