-- api.* of the reference subclasses. Functions returning a view row live after the view.

--------------------------------------------------------------------------------
-- api.vendor
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.vendor
AS
  SELECT o.* FROM ObjectVendor o INNER JOIN AccessVendor a ON a.object = o.id;

GRANT SELECT ON api.vendor TO administrator;

CREATE OR REPLACE FUNCTION api.add_vendor (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateVendor(pParent, coalesce(pType, GetType('device.vendor')), pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_vendor (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.vendor WHERE id = pId) THEN
    PERFORM ObjectNotFound('vendor', 'id', pId);
  END IF;

  PERFORM EditVendor(pId, pParent, pType, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_vendor (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.vendor
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetVendor(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_vendor(pParent, pType, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_vendor(uId, pParent, pType, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.vendor WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_vendor (
  pId       uuid
) RETURNS   SETOF api.vendor
AS $$
  SELECT * FROM api.vendor WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_vendor (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectVendor', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_vendor (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.vendor
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectVendor', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_vendor_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'vendor');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.agent
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.agent
AS
  SELECT o.* FROM ObjectAgent o INNER JOIN AccessAgent a ON a.object = o.id;

GRANT SELECT ON api.agent TO administrator;

CREATE OR REPLACE FUNCTION api.add_agent (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pVendor uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateAgent(pParent, coalesce(pType, GetType('system.agent')), pVendor, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_agent (
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
  IF NOT EXISTS (SELECT FROM db.agent WHERE id = pId) THEN
    PERFORM ObjectNotFound('agent', 'id', pId);
  END IF;

  PERFORM EditAgent(pId, pParent, pType, pVendor, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_agent (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pVendor uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.agent
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetAgent(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_agent(pParent, pType, pVendor, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_agent(uId, pParent, pType, pVendor, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.agent WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_agent (
  pId       uuid
) RETURNS   SETOF api.agent
AS $$
  SELECT * FROM api.agent WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_agent (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectAgent', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_agent (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.agent
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectAgent', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_agent_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'agent');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.form
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.form
AS
  SELECT o.* FROM ObjectForm o INNER JOIN AccessForm a ON a.object = o.id;

GRANT SELECT ON api.form TO administrator;

CREATE OR REPLACE FUNCTION api.add_form (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateForm(pParent, coalesce(pType, GetType('none.form')), pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_form (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.form WHERE id = pId) THEN
    PERFORM ObjectNotFound('form', 'id', pId);
  END IF;

  PERFORM EditForm(pId, pParent, pType, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_form (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.form
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetForm(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_form(pParent, pType, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_form(uId, pParent, pType, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.form WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_form (
  pId       uuid
) RETURNS   SETOF api.form
AS $$
  SELECT * FROM api.form WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_form (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectForm', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_form (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.form
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectForm', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_form_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'form');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.program
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.program
AS
  SELECT o.* FROM ObjectProgram o INNER JOIN AccessProgram a ON a.object = o.id;

GRANT SELECT ON api.program TO administrator;

CREATE OR REPLACE FUNCTION api.add_program (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pBody text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateProgram(pParent, coalesce(pType, GetType('plpgsql.program')), pCode, pName, pBody, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_program (
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
  IF NOT EXISTS (SELECT FROM db.program WHERE id = pId) THEN
    PERFORM ObjectNotFound('program', 'id', pId);
  END IF;

  PERFORM EditProgram(pId, pParent, pType, pCode, pName, pBody, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_program (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pBody text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.program
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetProgram(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_program(pParent, pType, pCode, pName, pBody, pDescription);
  ELSE
    PERFORM api.update_program(uId, pParent, pType, pCode, pName, pBody, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.program WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_program (
  pId       uuid
) RETURNS   SETOF api.program
AS $$
  SELECT * FROM api.program WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_program (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectProgram', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_program (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.program
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectProgram', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_program_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'program');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.scheduler
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.scheduler
AS
  SELECT o.* FROM ObjectScheduler o INNER JOIN AccessScheduler a ON a.object = o.id;

GRANT SELECT ON api.scheduler TO administrator;

CREATE OR REPLACE FUNCTION api.add_scheduler (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pPeriod interval DEFAULT null,
  pDateStart timestamptz DEFAULT null,
  pDateStop timestamptz DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateScheduler(pParent, coalesce(pType, GetType('job.scheduler')), pCode, pName, pPeriod, pDateStart, pDateStop, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_scheduler (
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
  IF NOT EXISTS (SELECT FROM db.scheduler WHERE id = pId) THEN
    PERFORM ObjectNotFound('scheduler', 'id', pId);
  END IF;

  PERFORM EditScheduler(pId, pParent, pType, pCode, pName, pPeriod, pDateStart, pDateStop, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_scheduler (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pPeriod interval DEFAULT null,
  pDateStart timestamptz DEFAULT null,
  pDateStop timestamptz DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.scheduler
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetScheduler(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_scheduler(pParent, pType, pCode, pName, pPeriod, pDateStart, pDateStop, pDescription);
  ELSE
    PERFORM api.update_scheduler(uId, pParent, pType, pCode, pName, pPeriod, pDateStart, pDateStop, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.scheduler WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_scheduler (
  pId       uuid
) RETURNS   SETOF api.scheduler
AS $$
  SELECT * FROM api.scheduler WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_scheduler (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectScheduler', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_scheduler (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.scheduler
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectScheduler', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_scheduler_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'scheduler');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.version
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.version
AS
  SELECT o.* FROM ObjectVersion o INNER JOIN AccessVersion a ON a.object = o.id;

GRANT SELECT ON api.version TO administrator;

CREATE OR REPLACE FUNCTION api.add_version (
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   uuid
AS $$
BEGIN
  RETURN CreateVersion(pParent, coalesce(pType, GetType('api.version')), pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_version (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.version WHERE id = pId) THEN
    PERFORM ObjectNotFound('version', 'id', pId);
  END IF;

  PERFORM EditVersion(pId, pParent, pType, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_version (
  pId uuid,
  pParent uuid DEFAULT null,
  pType uuid DEFAULT null,
  pCode text DEFAULT null,
  pName text DEFAULT null,
  pDescription text DEFAULT null
) RETURNS   SETOF api.version
AS $$
DECLARE
  uId       uuid := pId;
BEGIN
  IF uId IS NULL AND pCode IS NOT NULL THEN
    uId := GetVersion(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_version(pParent, pType, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_version(uId, pParent, pType, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.version WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_version (
  pId       uuid
) RETURNS   SETOF api.version
AS $$
  SELECT * FROM api.version WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_version (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectVersion', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_version (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.version
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectVersion', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_version_id (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT ReferenceIdOrCode(pCode, 'version');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

