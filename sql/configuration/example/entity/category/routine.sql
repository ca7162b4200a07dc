-- Category kernel functions: Create/Edit run the stateless create/edit methods.

--------------------------------------------------------------------------------
-- Category
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateCategory (
  pParent uuid,
  pType uuid,
  pCode text,
  pName text,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  uReference    uuid;
  uClass        uuid;
BEGIN
  SELECT class INTO uClass FROM db.type WHERE id = pType;

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'category' THEN
    PERFORM IncorrectClassType();
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.category (id, reference)
  VALUES (uReference, uReference);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditCategory (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    SELECT class INTO uClass FROM db.type WHERE id = pType;
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'category' THEN
      PERFORM IncorrectClassType();
    END IF;
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  SELECT class INTO uClass FROM db.object WHERE id = pId;

  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetCategory (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'category');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

