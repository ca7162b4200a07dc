-- Token grant speed-up, fifth pass, for databases installed before it (04-admin/table.sql
-- has the same objects for new installs; the functions that rely on them are in the
-- module's code files, which the update after this patch reloads):
-- 1. db.token's two lookup indexes without validToDate: ending a token (every refresh ends
--    two) is then a HOT update, with room left on each page by fillfactor 75 (pages
--    written before keep their fill until they are rewritten);
-- 2. db.oauth2 without its two CHECK constraints (CreateOAuth2 and daemon.token check the
--    values): both were read and prepared again by every insert, one per sign-in;
-- 3. and 4. below: IssueTokenSet's return type, the session's insert trigger.
ALTER TABLE db.token SET (fillfactor = 75);
CREATE INDEX IF NOT EXISTS token_hash_idx ON db.token (hash);
CREATE INDEX IF NOT EXISTS token_header_type_validfromdate_id_idx ON db.token (header, type, validFromDate, id);
DROP INDEX IF EXISTS db.token_hash_validfromdate_validtodate_idx;
DROP INDEX IF EXISTS db.token_header_type_validfromdate_validtodate_idx;

ALTER TABLE db.oauth2 DROP CONSTRAINT IF EXISTS oauth2_access_type_check;
ALTER TABLE db.oauth2 DROP CONSTRAINT IF EXISTS oauth2_code_challenge_method_check;

-- 3. IssueTokenSet answers json rather than jsonb (the token answer of client_credentials
--    and refresh_token was printed and parsed again to become json): a new return type,
--    so the function goes here and the update re-creates it.
DROP FUNCTION IF EXISTS kernel.IssueTokenSet(integer, bigint, timestamptz, timestamptz, text);

-- 4. the session's insert trigger hands a client_credentials grant its new session's secret
--    (kernel.grant_secret) instead of IssueTokenSet decrypting it again from secret_enc, and
--    walks the areas and groups for the membership checks only when the user is not a
--    direct member of the session's area and interface.
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
  vSet       text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Every sign-in inserts a session. One statement reads the server key and the project
    -- name and does the work of StrPwKey, of IsMemberArea and IsMemberInterface for a
    -- direct member, and the area's scope; the hashes are the expressions of GetTokenHash
    -- and SessionKey with that key: a SECURITY DEFINER call (and a read of db.setting)
    -- each before.
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
           -- the user's own membership of the area and of the interface, one probe each
           EXISTS (SELECT FROM db.member_area m WHERE m.area = NEW.area AND m.member = NEW.userid),
           EXISTS (SELECT FROM db.member_interface m WHERE m.interface = NEW.interface AND m.member = NEW.userid),
           (SELECT a.scope FROM db.area a WHERE a.id = NEW.area)
      INTO vKey, vProject, vStrPwKey, vInArea, vInIface, vAreaScope
      FROM (SELECT max(value) FILTER (WHERE name = 'secret_key') AS key, max(value) FILTER (WHERE name = 'project') AS project
              FROM db.setting WHERE name IN ('secret_key', 'project')) k;
    -- Otherwise a membership through a group, or of an enclosing area (IsMemberArea,
    -- IsMemberInterface): statements of their own, as a statement starts every lookup it
    -- holds, needed or not, and the area walk is most of the read (~200 k instructions).
    IF NOT vInArea THEN
      vInArea := EXISTS (
        WITH RECURSIVE up(id, parent) AS (
          SELECT a.id, a.parent FROM db.area a WHERE a.id = NEW.area
          UNION
          SELECT a.id, a.parent FROM db.area a JOIN up ON a.id = up.parent
        )
        SELECT FROM db.member_area m
         WHERE m.area IN (SELECT id FROM up)
           AND (m.member = NEW.userid OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = NEW.userid)));
    END IF;
    IF NOT vInIface THEN
      vInIface := EXISTS (
        SELECT FROM db.member_interface m
         WHERE m.interface = NEW.interface
           AND m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = NEW.userid));
    END IF;
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
    -- A client_credentials grant answers this session's secret at once (IssueTokenSet):
    -- it is handed over in a transaction-local setting rather than decrypted again from
    -- secret_enc. daemon.token clears it before it answers; a failed sign-in rolls it back.
    IF current_setting('kernel.grant_code', true) = 'consume' THEN
      vSet := set_config('kernel.grant_secret', vSecret, true);
    END IF;
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
