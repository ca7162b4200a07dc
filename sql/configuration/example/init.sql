-- InitConfiguration: runs once at install, after every platform seed, as role
-- kernel (ACL checks off). Registers the entities, grants the class ACL and seeds data.

CREATE OR REPLACE FUNCTION InitConfigurationEntity ()
RETURNS void
AS $$
BEGIN
  PERFORM CreateEntityCategory(GetClass('reference'));
  PERFORM CreateEntityInvoice(GetClass('document'));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InitConfiguration ()
RETURNS void
AS $$
DECLARE
  uAccountant uuid;
BEGIN
  -- References may not be created in the root area: act as admin in the project's default area.
  PERFORM SetCurrentUserId('00000000-0000-4000-a001-000000000001'::uuid);
  PERFORM SetCurrentArea('00000000-0000-4003-a001-000000000001'::uuid);

  PERFORM InitConfigurationEntity();

  -- Invoices are private to their owner by default (document ACU). Accountants
  -- may create, read and update every invoice; new invoices copy this into their AOU.
  SELECT id INTO uAccountant FROM db.user WHERE type = 'G' AND username = 'accountant';
  IF uAccountant IS NULL THEN
    uAccountant := CreateGroup('accountant', 'Accountants', 'Read and update every invoice.');
  END IF;
  PERFORM chmodc(GetClass('invoice'), B'0000001110', uAccountant);

  IF GetCategory('services.category') IS NULL THEN
    PERFORM CreateCategory(null, GetType('service.category'), 'services.category', 'Services', 'Work billed by the hour.');
    PERFORM CreateCategory(null, GetType('product.category'), 'goods.category', 'Goods', 'Products shipped to customers.');
  END IF;

  PERFORM SetCurrentArea(null);
  PERFORM SetCurrentUserId(null);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

SELECT InitConfiguration();
