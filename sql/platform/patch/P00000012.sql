-- Token grant speed-up, fifth pass, for databases installed before it (04-admin/table.sql
-- has the same objects for new installs; the functions that rely on them are in the
-- module's code files, which the update after this patch reloads):
-- 1. db.token's two lookup indexes without validToDate: ending a token (every refresh ends
--    two) is then a HOT update, with room left on each page by fillfactor 75 (pages
--    written before keep their fill until they are rewritten);
-- 2. db.oauth2 without its two CHECK constraints (CreateOAuth2 and daemon.token check the
--    values): both were read and prepared again by every insert, one per sign-in.
ALTER TABLE db.token SET (fillfactor = 75);
-- The new unique key leaves out validToDate: a token that was never valid (its window
-- empty) and started with another of its type and header goes (none is made any more).
DELETE FROM db.token t
 WHERE t.validFromDate >= t.validToDate
   AND EXISTS (SELECT FROM db.token o WHERE o.header = t.header AND o.type = t.type
                  AND o.validFromDate = t.validFromDate AND o.id <> t.id)
   AND NOT EXISTS (SELECT FROM db.session s WHERE s.token = t.id);
CREATE INDEX IF NOT EXISTS token_hash_idx ON db.token (hash);
CREATE UNIQUE INDEX IF NOT EXISTS token_header_type_validfromdate_idx ON db.token (header, type, validFromDate);
DROP INDEX IF EXISTS db.token_hash_validfromdate_validtodate_idx;
DROP INDEX IF EXISTS db.token_header_type_validfromdate_validtodate_idx;

ALTER TABLE db.oauth2 DROP CONSTRAINT IF EXISTS oauth2_access_type_check;
ALTER TABLE db.oauth2 DROP CONSTRAINT IF EXISTS oauth2_code_challenge_method_check;

-- 3. IssueTokenSet answers json rather than jsonb (the token answer of client_credentials
--    and refresh_token was printed and parsed again to become json): a new return type,
--    so the function goes here and the update re-creates it.
DROP FUNCTION IF EXISTS kernel.IssueTokenSet(integer, bigint, timestamptz, timestamptz, text);
