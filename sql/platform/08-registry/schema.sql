CREATE SCHEMA IF NOT EXISTS registry;

COMMENT ON SCHEMA registry IS 'Hierarchical typed key/value configuration store.';
