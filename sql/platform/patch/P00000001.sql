-- Trace context on outbox messages (18-entity-subclasses/document.sql has it
-- for new installs). IF NOT EXISTS skips the whole clause, constraint
-- included, so the patch is safe on a database that already has the column.
ALTER TABLE db.message
  ADD COLUMN IF NOT EXISTS traceparent text
  CONSTRAINT ch_message_traceparent CHECK (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');

COMMENT ON COLUMN db.message.traceparent IS 'W3C trace context of the request that created or last queued it; carried into NOTIFY outbox.';
