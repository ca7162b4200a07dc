-- Schemas of the platform core. The installer connects as the database owner
-- (role kernel), so everything created here is owned by kernel.
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;

CREATE SCHEMA IF NOT EXISTS db;
CREATE SCHEMA IF NOT EXISTS kernel;
CREATE SCHEMA IF NOT EXISTS oauth2;
CREATE SCHEMA IF NOT EXISTS api;
CREATE SCHEMA IF NOT EXISTS rest;
CREATE SCHEMA IF NOT EXISTS daemon;
-- Filled by the http module of a later issue; created now so the grants of
-- this module can already name it.
CREATE SCHEMA IF NOT EXISTS http;

COMMENT ON SCHEMA db IS 'Tables of every platform module.';
COMMENT ON SCHEMA kernel IS 'Business logic and internal views.';
COMMENT ON SCHEMA oauth2 IS 'OAuth 2.0 reference data.';
COMMENT ON SCHEMA api IS 'Public views and functions called by the REST dispatchers.';
COMMENT ON SCHEMA rest IS 'REST dispatchers.';
COMMENT ON SCHEMA daemon IS 'Entry points of the network services.';
