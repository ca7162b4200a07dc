-- Schema `report` holds the user-supplied form (rfc_*) and routine (rpc_*)
-- functions; kernel code calls them by the names stored in db.report_form and
-- db.report_routine, so nobody else needs EXECUTE on them.
CREATE SCHEMA IF NOT EXISTS report;

COMMENT ON SCHEMA report IS 'Report form and routine functions.';

GRANT USAGE ON SCHEMA report TO administrator;
