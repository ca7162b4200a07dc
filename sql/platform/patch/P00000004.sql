-- Token grant speed-up for databases installed before it (04-admin/table.sql has the
-- same indexes for new installs): every grant inserts three db.token rows and marks one
-- used, and the two unique indexes serve every lookup. The single-column indexes only
-- cost writes: header and hash duplicate the unique indexes' leading columns, type made
-- generic plans scan every token of a type, and used kept the used-marking update from
-- being a HOT update.
DROP INDEX IF EXISTS db.token_header_idx;
DROP INDEX IF EXISTS db.token_type_idx;
DROP INDEX IF EXISTS db.token_hash_idx;
DROP INDEX IF EXISTS db.token_used_idx;
