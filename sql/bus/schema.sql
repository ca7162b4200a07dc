-- The PostgreSQL-only message bus (ARCHITECTURE §3.6). It is pgfleet's own
-- plumbing, not part of the platform's wire contract: services reach it only
-- through the SECURITY DEFINER functions of routine.sql.
CREATE SCHEMA IF NOT EXISTS pgfleet_bus;

COMMENT ON SCHEMA pgfleet_bus IS 'pgfleet: generic message queue used when no RabbitMQ is configured';
