-- The replication module's own schema (owner kernel; USAGE for administrator
-- comes from the manifest's grants).
CREATE SCHEMA IF NOT EXISTS replication AUTHORIZATION kernel;
