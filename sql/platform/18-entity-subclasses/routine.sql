-- Create/Edit/Get of the reference subclasses.

--------------------------------------------------------------------------------
-- Vendor
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateVendor (
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

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'vendor' THEN
    PERFORM IncorrectClassType();
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.vendor (id, reference)
  VALUES (uReference, uReference);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditVendor (
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
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'vendor' THEN
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

CREATE OR REPLACE FUNCTION GetVendor (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'vendor');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Agent
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateAgent (
  pParent uuid,
  pType uuid,
  pVendor uuid,
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

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'agent' THEN
    PERFORM IncorrectClassType();
  END IF;

  IF pVendor IS NULL OR NOT EXISTS (SELECT FROM db.vendor WHERE id = pVendor) THEN
    PERFORM ObjectNotFound('vendor', 'id', pVendor);
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.agent (id, reference, vendor)
  VALUES (uReference, uReference, pVendor);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditAgent (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pVendor uuid DEFAULT null,
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
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'agent' THEN
      PERFORM IncorrectClassType();
    END IF;
  END IF;

  IF pVendor IS NOT NULL AND NOT EXISTS (SELECT FROM db.vendor WHERE id = pVendor) THEN
    PERFORM ObjectNotFound('vendor', 'id', pVendor);
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.agent
     SET vendor = coalesce(pVendor, vendor)
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;

  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAgent (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'agent');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAgentCode (
  pId       uuid
) RETURNS   text
AS $$
  SELECT code FROM db.reference WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAgentVendor (
  pId       uuid
) RETURNS   uuid
AS $$
  SELECT vendor FROM db.agent WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Form
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateForm (
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

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'form' THEN
    PERFORM IncorrectClassType();
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.form (id, reference)
  VALUES (uReference, uReference);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditForm (
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
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'form' THEN
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

CREATE OR REPLACE FUNCTION GetForm (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'form');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Program
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateProgram (
  pParent uuid,
  pType uuid,
  pCode text,
  pName text,
  pBody text,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  uReference    uuid;
  uClass        uuid;
BEGIN
  SELECT class INTO uClass FROM db.type WHERE id = pType;

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'program' THEN
    PERFORM IncorrectClassType();
  END IF;

  IF pBody IS NULL THEN
    PERFORM JsonKeyNotFound('/program/set', 'body');
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.program (id, reference, body)
  VALUES (uReference, uReference, pBody);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditProgram (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pBody text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    SELECT class INTO uClass FROM db.type WHERE id = pType;
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'program' THEN
      PERFORM IncorrectClassType();
    END IF;
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.program
     SET body = coalesce(pBody, body)
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;

  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetProgram (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'program');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetProgramBody (
  pId       uuid
) RETURNS   text
AS $$
  SELECT body FROM db.program WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Scheduler
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateScheduler (
  pParent uuid,
  pType uuid,
  pCode text,
  pName text,
  pPeriod interval DEFAULT null,
  pDateStart timestamptz DEFAULT null,
  pDateStop timestamptz DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  uReference    uuid;
  uClass        uuid;
BEGIN
  SELECT class INTO uClass FROM db.type WHERE id = pType;

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'scheduler' THEN
    PERFORM IncorrectClassType();
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.scheduler (id, reference, period, datestart, datestop)
  VALUES (uReference, uReference, pPeriod, pDateStart, pDateStop);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditScheduler (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pPeriod interval DEFAULT null,
  pDateStart timestamptz DEFAULT null,
  pDateStop timestamptz DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF pType IS NOT NULL THEN
    SELECT class INTO uClass FROM db.type WHERE id = pType;
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'scheduler' THEN
      PERFORM IncorrectClassType();
    END IF;
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.scheduler
     SET period = coalesce(pPeriod, period),
         datestart = coalesce(pDateStart, datestart),
         datestop = coalesce(pDateStop, datestop)
   WHERE id = pId;

  SELECT class INTO uClass FROM db.object WHERE id = pId;

  PERFORM ExecuteMethod(pId, GetMethod(uClass, GetAction('edit')));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetScheduler (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'scheduler');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Version
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateVersion (
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

  IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'version' THEN
    PERFORM IncorrectClassType();
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.version (id, reference)
  VALUES (uReference, uReference);

  PERFORM ExecuteMethod(uReference, GetMethod(uClass, GetAction('create')));

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditVersion (
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
    IF uClass IS NULL OR GetEntityCode(uClass) IS DISTINCT FROM 'version' THEN
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

CREATE OR REPLACE FUNCTION GetVersion (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  RETURN GetReference(pCode, 'version');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

