-- The bounded count of EntityListView, filtered by entity kind, otherwise reads
-- every readable AOU row of the caller (18-entity/table.sql has the index for
-- new installs). The same name there keeps IF NOT EXISTS meaningful.
CREATE INDEX IF NOT EXISTS aou_userid_entity_select ON db.aou (userid, entity) WHERE allow & B'100' = B'100';
