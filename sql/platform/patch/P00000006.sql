-- Token grant speed-up for databases installed before it (04-admin/table.sql has the
-- same objects for new installs).
--
-- db.token's before trigger fires only when it has something to do: on insert when the
-- hash or a validity date is missing, on update when header, type or token change (it
-- keeps the first two and re-hashes the third). A grant inserts its tokens complete and
-- marks one used, which no longer calls the trigger.
DROP TRIGGER IF EXISTS t_token_before ON db.token;
DROP TRIGGER IF EXISTS t_token_before_insert ON db.token;
DROP TRIGGER IF EXISTS t_token_before_update ON db.token;

CREATE TRIGGER t_token_before_insert BEFORE INSERT ON db.token
  FOR EACH ROW WHEN (NEW.hash IS NULL OR NEW.validFromDate IS NULL OR NEW.validToDate IS NULL)
  EXECUTE PROCEDURE db.ft_token_before();

CREATE TRIGGER t_token_before_update BEFORE UPDATE ON db.token
  FOR EACH ROW WHEN (NEW.header IS DISTINCT FROM OLD.header OR NEW.type IS DISTINCT FROM OLD.type
                     OR NEW.token IS DISTINCT FROM OLD.token)
  EXECUTE PROCEDURE db.ft_token_before();

-- RecordLogin computes the profile's login state before it locks the profile row and
-- hands it over in kernel.login_state, so the row lock every sign-in of a user waits for
-- is no longer held while the state is computed.
CREATE OR REPLACE FUNCTION db.ft_profile_login_state()
RETURNS trigger AS $$
BEGIN
  NEW.state := coalesce(nullif(current_setting('kernel.login_state', true), '')::bit(3),
                        ProfileLoginState(NEW.userid, NEW.lc_ip));
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;
