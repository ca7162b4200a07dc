-- Sign-in speed-up for databases installed before it (04-admin/table.sql has
-- the same objects for new installs): an index that serves every lookup of a
-- user's sessions by host and area, and the deferred trigger that records a
-- sign-in on the client's profile at commit, so its row lock is held only then.
CREATE INDEX IF NOT EXISTS session_userid_host_area_idx ON db.session (userid, host, area);
DROP INDEX IF EXISTS db.session_userid_idx;

CREATE OR REPLACE FUNCTION db.ft_session_login_record()
RETURNS trigger AS $$
BEGIN
  IF NEW.code = ANY (string_to_array(current_setting('kernel.login_record', true), ',')) THEN
    PERFORM RecordLogin(NEW.userid, NEW.scope, NEW.host);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'db.session'::regclass AND tgname = 't_session_login_record') THEN
    CREATE CONSTRAINT TRIGGER t_session_login_record AFTER INSERT ON db.session
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE PROCEDURE db.ft_session_login_record();
  END IF;
END
$$;
