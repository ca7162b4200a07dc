-- Trigger functions of the resource module (listed in create, for the
-- trigger definitions, and in code, so that update refreshes them).

CREATE OR REPLACE FUNCTION db.ft_resource_before()
RETURNS     trigger
AS $$
BEGIN
  NEW.id := coalesce(NEW.id, gen_kernel_uuid());
  NEW.root := coalesce(NEW.root, NEW.id);

  -- A node given a root but no parent hangs directly under that root.
  IF NEW.node IS NULL AND NEW.root <> NEW.id THEN
    NEW.node := NEW.root;
  END IF;

  NEW.type := coalesce(NEW.type, 'text/plain');
  NEW.sequence := coalesce(NEW.sequence, 1);

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

-- NULL means "keep" for every content column, so a partial update never
-- erases a translation; an explicit '' is stored as given.
CREATE OR REPLACE FUNCTION db.ft_resource_data_before()
RETURNS     trigger
AS $$
BEGIN
  NEW.locale := coalesce(NEW.locale, current_locale());

  IF TG_OP = 'UPDATE' THEN
    NEW.name := coalesce(NEW.name, OLD.name);
    NEW.description := coalesce(NEW.description, OLD.description);
    NEW.encoding := coalesce(NEW.encoding, OLD.encoding);
    NEW.data := coalesce(NEW.data, OLD.data);
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;
