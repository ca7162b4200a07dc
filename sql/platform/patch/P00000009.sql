-- Token grant speed-up, fourth pass, for databases installed before it (04-admin/table.sql
-- has the same objects for new installs; the functions that use them are in the module's
-- code files, which the update after this patch reloads):
-- 1. db.profile_input: the quiet sign-ins of client_credentials grants, counted per
--    backend without writing the client's profile row (Login, RecordLogin, the users view);
-- 2. the user's delete trigger removes those rows with the profile;
-- 3. the session's insert trigger reads the server key once, and derives the key material
--    and checks the area and interface memberships in one statement (it no longer calls
--    EncryptSessionSecret, which nothing else did);
-- 4. t_session_client reads the client id and the user's copies in one statement;
-- 5. db.token's update trigger names its columns instead of a WHEN condition, and the
--    table has no CHECK constraint on type: both expressions were read and prepared
--    again by every statement writing the table.
CREATE TABLE IF NOT EXISTS db.profile_input (
  userid  uuid NOT NULL,
  scope   uuid NOT NULL,
  backend integer NOT NULL,
  n       integer NOT NULL,
  since   timestamptz NOT NULL,
  at      timestamptz NOT NULL,
  PRIMARY KEY (userid, scope, backend)
);

CREATE OR REPLACE FUNCTION db.ft_user_before_delete()
RETURNS trigger AS $$
BEGIN
  DELETE FROM db.iptable WHERE userid = OLD.id;
  DELETE FROM db.profile_input WHERE userid = OLD.id;
  DELETE FROM db.profile WHERE userid = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_session_before()
RETURNS trigger AS $$
DECLARE
  vSecret    text;
  vAreaScope uuid;
  vKey       text;
  vProject   text;
  vStrPwKey  text;
  vInArea    boolean;
  vInIface   boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Every sign-in inserts a session. One statement reads the server key and the project
    -- name and does the work of StrPwKey, IsMemberArea, IsMemberInterface and the area's
    -- scope; the hashes are the expressions of GetTokenHash and SessionKey with that key:
    -- a SECURITY DEFINER call (and a read of db.setting) each before.
    NEW.suid := coalesce(NEW.suid, NEW.userid);
    NEW.created := coalesce(NEW.created, now());
    NEW.updated := coalesce(NEW.updated, NEW.created);
    vSecret := coalesce(NEW.secret, replace(encode(gen_random_bytes(48), 'base64'), E'\n', ''));
    NEW.salt := coalesce(NEW.salt, gen_salt('bf'));
    NEW.locale := coalesce(NEW.locale, GetDefaultLocale(NEW.userid));
    NEW.area := coalesce(NEW.area, GetDefaultArea(NEW.userid));
    NEW.interface := coalesce(NEW.interface, GetDefaultInterface(NEW.userid));
    SELECT k.key, k.project,
           (SELECT encode(digest('{' || u.id::text || '-' || u.hash || '-' || vSecret || '-' || k.project || '-'
                                 || to_char(NEW.created AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') || '}', 'sha1'), 'hex')
              FROM db.user u WHERE u.id = NEW.suid),
           EXISTS (
             WITH RECURSIVE up(id, parent) AS (
               SELECT a.id, a.parent FROM db.area a WHERE a.id = NEW.area
               UNION
               SELECT a.id, a.parent FROM db.area a JOIN up ON a.id = up.parent
             )
             SELECT FROM db.member_area m
              WHERE m.area IN (SELECT id FROM up)
                AND (m.member = NEW.userid OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = NEW.userid))),
           EXISTS (
             SELECT FROM db.member_interface m
              WHERE m.interface = NEW.interface
                AND (m.member = NEW.userid OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = NEW.userid))),
           (SELECT a.scope FROM db.area a WHERE a.id = NEW.area)
      INTO vKey, vProject, vStrPwKey, vInArea, vInIface, vAreaScope
      FROM (SELECT max(value) FILTER (WHERE name = 'secret_key') AS key, max(value) FILTER (WHERE name = 'project') AS project
              FROM db.setting WHERE name IN ('secret_key', 'project')) k;
    NEW.secret := encode(hmac(convert_to(vSecret, 'utf8'), convert_to(vKey, 'utf8'), 'sha256'), 'hex');
    -- salted but not iterated S2K: the server key is high-entropy, and the signed-request
    -- path decrypts on every call (session_secret)
    NEW.secret_enc := pgp_sym_encrypt(vSecret, vKey, 'cipher-algo=aes128, s2k-mode=1');
    NEW.agent := coalesce(NULLIF(coalesce(NEW.agent, current_setting('application_name', true)), ''), vProject);
    IF NEW.userid IS NULL OR NOT vInArea THEN
      PERFORM UserNotMemberArea(GetUsername(NEW.userid), GetAreaCode(NEW.area));
    END IF;
    IF NEW.userid IS NULL OR NOT vInIface THEN
      PERFORM UserNotMemberInterface(GetUsername(NEW.userid), GetInterfaceName(NEW.interface));
    END IF;
    IF NEW.scope IS NULL THEN
      NEW.scope := vAreaScope;
    ELSIF NEW.scope IS DISTINCT FROM vAreaScope THEN
      RAISE EXCEPTION 'Area "%" not present in scope "%".', GetAreaCode(NEW.area), GetScopeCode(NEW.scope);
    END IF;
    NEW.pwkey := encode(hmac(convert_to(vStrPwKey || NEW.salt, 'utf8'), convert_to(vKey, 'utf8'), 'sha256'), 'hex');
    NEW.code := encode(hmac(NEW.pwkey, vKey, 'sha1'), 'hex');
    NEW.token := NewTokenCode(NEW.oauth2, NEW.code, NEW.salt, NEW.agent, NEW.host, NEW.created);
    RETURN NEW;
  END IF;

  -- UPDATE
  IF NEW.code IS DISTINCT FROM OLD.code OR NEW.secret IS DISTINCT FROM OLD.secret
     OR NEW.pwkey IS DISTINCT FROM OLD.pwkey OR NEW.suid IS DISTINCT FROM OLD.suid
     OR NEW.created IS DISTINCT FROM OLD.created OR NEW.secret_enc IS DISTINCT FROM OLD.secret_enc THEN
    RETURN NULL;
  END IF;

  NEW.salt := coalesce(NEW.salt, OLD.salt);
  IF NEW.updated - OLD.updated > interval '1 hour' THEN
    NEW.salt := gen_salt('bf');
  END IF;

  IF NEW.area IS DISTINCT FROM OLD.area AND NOT IsMemberArea(NEW.area, NEW.userid) THEN
    NEW.area := OLD.area;
  END IF;
  IF NEW.interface IS DISTINCT FROM OLD.interface AND NOT IsMemberInterface(NEW.interface, NEW.userid) THEN
    NEW.interface := OLD.interface;
  END IF;
  SELECT scope INTO vAreaScope FROM db.area WHERE id = NEW.area;
  IF NEW.scope IS DISTINCT FROM vAreaScope THEN
    IF NEW.area IS DISTINCT FROM OLD.area THEN
      NEW.scope := vAreaScope;
    ELSE
      NEW.scope := OLD.scope;
    END IF;
  END IF;

  IF NEW.salt IS DISTINCT FROM OLD.salt THEN
    NEW.token := NewTokenCode(NEW.oauth2, NEW.code, NEW.salt, NEW.agent, NEW.host, now());
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_session_client()
RETURNS trigger AS $$
BEGIN
  -- one statement: every new session runs this
  SELECT (SELECT a.code FROM db.oauth2 o JOIN oauth2.audience a ON a.id = o.audience WHERE o.id = NEW.oauth2),
         u.username,
         EXISTS (SELECT FROM db.member_group m
                  WHERE m.userid = '00000000-0000-4000-a000-000000000001' AND m.member = u.id),
         CASE WHEN get_bit(u.status, 1) = 1 OR get_bit(u.status, 0) = 1
                OR EXISTS (SELECT FROM db.iptable i WHERE i.userid = u.id)
              THEN '-infinity'
              ELSE least(coalesce(u.lock_date, 'infinity'), coalesce(u.expiry_date, 'infinity'))
         END
    INTO NEW.client_id, NEW.username, NEW.is_admin, NEW.admit_until
    FROM (SELECT) AS one LEFT JOIN db.user u ON u.id = NEW.userid;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

ALTER TABLE db.token DROP CONSTRAINT IF EXISTS token_type_check;
DROP TRIGGER IF EXISTS t_token_before_update ON db.token;
CREATE TRIGGER t_token_before_update BEFORE UPDATE OF header, type, token ON db.token
  FOR EACH ROW EXECUTE PROCEDURE db.ft_token_before();

DROP FUNCTION IF EXISTS kernel.EncryptSessionSecret(text);
