-- Create/Edit/Get of the reference subclasses.

--------------------------------------------------------------------------------
-- Shared by the subclasses whose own table holds nothing but the reference
-- (vendor, form, version): pEntity is the entity code and names that table.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreatePlainReference (
  pEntity       text,
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDescription  text
) RETURNS       uuid
AS $$
DECLARE
  uReference    uuid;
BEGIN
  PERFORM SubclassOfType(pType, pEntity);

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  EXECUTE format('INSERT INTO db.%I (id, reference) VALUES ($1, $1)', pEntity) USING uReference;

  PERFORM ExecuteClassAction(uReference, 'create');

  RETURN uReference;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditPlainReference (
  pEntity       text,
  pId           uuid,
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDescription  text
) RETURNS       void
AS $$
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, pEntity);
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  PERFORM ExecuteClassAction(pId, 'edit');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

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
  SELECT CreatePlainReference('vendor', pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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
  SELECT EditPlainReference('vendor', pId, pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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
BEGIN
  PERFORM SubclassOfType(pType, 'agent');

  IF pVendor IS NULL OR NOT EXISTS (SELECT FROM db.vendor WHERE id = pVendor) THEN
    PERFORM ObjectNotFound('vendor', 'id', pVendor);
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.agent (id, reference, vendor)
  VALUES (uReference, uReference, pVendor);

  PERFORM ExecuteClassAction(uReference, 'create');

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
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, 'agent');
  END IF;

  IF pVendor IS NOT NULL AND NOT EXISTS (SELECT FROM db.vendor WHERE id = pVendor) THEN
    PERFORM ObjectNotFound('vendor', 'id', pVendor);
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.agent
     SET vendor = coalesce(pVendor, vendor)
   WHERE id = pId;

  PERFORM ExecuteClassAction(pId, 'edit');
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
  SELECT CreatePlainReference('form', pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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
  SELECT EditPlainReference('form', pId, pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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
BEGIN
  PERFORM SubclassOfType(pType, 'program');

  IF pBody IS NULL THEN
    PERFORM JsonKeyNotFound('/program/set', 'body');
  END IF;

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.program (id, reference, body)
  VALUES (uReference, uReference, pBody);

  PERFORM ExecuteClassAction(uReference, 'create');

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
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, 'program');
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.program
     SET body = coalesce(pBody, body)
   WHERE id = pId;

  PERFORM ExecuteClassAction(pId, 'edit');
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
BEGIN
  PERFORM SubclassOfType(pType, 'scheduler');

  uReference := CreateReference(pParent, pType, pCode, pName, pDescription);

  INSERT INTO db.scheduler (id, reference, period, datestart, datestop)
  VALUES (uReference, uReference, pPeriod, pDateStart, pDateStop);

  PERFORM ExecuteClassAction(uReference, 'create');

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
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, 'scheduler');
  END IF;

  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());

  UPDATE db.scheduler
     SET period = coalesce(pPeriod, period),
         datestart = coalesce(pDateStart, datestart),
         datestop = coalesce(pDateStop, datestop)
   WHERE id = pId;

  PERFORM ExecuteClassAction(pId, 'edit');
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
  SELECT CreatePlainReference('version', pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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
  SELECT EditPlainReference('version', pId, pParent, pType, pCode, pName, pDescription);
$$ LANGUAGE sql
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

