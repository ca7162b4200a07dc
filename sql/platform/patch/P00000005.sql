-- Request-path speed-up for databases installed before it (04-admin/table.sql
-- has the same objects for new installs): db.session.client_id, the session's
-- client id copied at creation, so that daemon.fetch and SessionIn resume a
-- session without joining db.oauth2 and oauth2.audience on every request.
ALTER TABLE db.session ADD COLUMN IF NOT EXISTS client_id text;

CREATE OR REPLACE FUNCTION db.ft_session_client()
RETURNS trigger AS $$
BEGIN
  SELECT a.code INTO NEW.client_id
    FROM db.oauth2 o JOIN oauth2.audience a ON a.id = o.audience
   WHERE o.id = NEW.oauth2;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'db.session'::regclass AND tgname = 't_session_client') THEN
    CREATE TRIGGER t_session_client BEFORE INSERT OR UPDATE OF oauth2, client_id ON db.session
      FOR EACH ROW EXECUTE PROCEDURE db.ft_session_client();
  END IF;
END
$$;

UPDATE db.session s
   SET client_id = a.code
  FROM db.oauth2 o JOIN oauth2.audience a ON a.id = o.audience
 WHERE o.id = s.oauth2 AND s.client_id IS DISTINCT FROM a.code;
