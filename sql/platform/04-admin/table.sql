-- admin module: tables and their triggers (install only).
-- Trigger functions call kernel routines by name; PL/pgSQL resolves them at run time,
-- so routines defined later in this module (or by later modules) are fine here.

CREATE TABLE db.scope (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  code        text NOT NULL,
  name        text NOT NULL,
  description text
);
CREATE UNIQUE INDEX ON db.scope (code);

CREATE TABLE db.scope_alias (
  scope uuid NOT NULL REFERENCES db.scope (id) ON DELETE CASCADE,
  code  text NOT NULL,
  PRIMARY KEY (scope, code)
);
CREATE INDEX ON db.scope_alias (scope);
CREATE INDEX ON db.scope_alias (code);

CREATE TABLE db.area_type (
  id   uuid PRIMARY KEY,
  code text NOT NULL,
  name text
);
CREATE UNIQUE INDEX ON db.area_type (code);

CREATE TABLE db.area (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  parent        uuid REFERENCES db.area (id),
  type          uuid NOT NULL REFERENCES db.area_type (id),
  scope         uuid NOT NULL REFERENCES db.scope (id),
  code          text NOT NULL,
  name          text NOT NULL,
  description   text,
  level         integer NOT NULL,
  sequence      integer NOT NULL,
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31'
);
CREATE INDEX ON db.area (parent);
CREATE INDEX ON db.area (type);
CREATE INDEX ON db.area (scope);
CREATE UNIQUE INDEX ON db.area (scope, code);

CREATE OR REPLACE FUNCTION db.ft_area_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := gen_kernel_uuid('8');
  END IF;
  IF NEW.scope IS NULL THEN
    NEW.scope := current_scope();
  END IF;
  IF NEW.id = NEW.parent THEN
    NEW.parent := GetAreaRoot(NEW.scope);
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_area_before_insert BEFORE INSERT ON db.area
  FOR EACH ROW EXECUTE PROCEDURE db.ft_area_before_insert();

CREATE TABLE db.interface (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  code        text NOT NULL,
  name        text NOT NULL,
  description text
);
CREATE INDEX ON db.interface (code);

CREATE TABLE db.user (
  id                uuid PRIMARY KEY,
  type              char NOT NULL CHECK (type IN ('G', 'U')),
  username          text NOT NULL,
  name              text NOT NULL,
  phone             text,
  email             text,
  description       text,
  secret            bytea NOT NULL,
  hash              text NOT NULL,
  status            bit(4) NOT NULL DEFAULT B'0001',
  created           timestamptz NOT NULL DEFAULT now(),
  lock_date         timestamptz,
  expiry_date       timestamptz,
  pswhash           text,
  passwordchange    boolean NOT NULL DEFAULT true,
  passwordnotchange boolean NOT NULL DEFAULT false,
  readonly          boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX ON db.user (type, username);
CREATE UNIQUE INDEX ON db.user (phone);
CREATE UNIQUE INDEX ON db.user (email);
CREATE UNIQUE INDEX ON db.user (hash);
CREATE INDEX ON db.user (type);
CREATE INDEX ON db.user (username);
CREATE INDEX ON db.user (username text_pattern_ops);
CREATE INDEX ON db.user (phone text_pattern_ops);
CREATE INDEX ON db.user (email text_pattern_ops);

CREATE OR REPLACE FUNCTION db.ft_user_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := gen_kernel_uuid('a');
  END IF;
  IF NEW.secret IS NULL THEN
    NEW.secret := gen_random_bytes(64);
  END IF;
  NEW.hash := UserFingerprint(NEW.secret);
  NEW.phone := TrimPhone(NULLIF(NEW.phone, ''));
  NEW.email := NULLIF(NEW.email, '');
  NEW.readonly := NEW.username IN ('system', 'administrator', 'guest', 'daemon', 'apibot', 'mailbot')
    OR EXISTS (SELECT FROM oauth2.audience a WHERE a.name = NEW.username);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, public, pg_temp;

CREATE TRIGGER t_user_before_insert BEFORE INSERT ON db.user
  FOR EACH ROW EXECUTE PROCEDURE db.ft_user_before_insert();

CREATE OR REPLACE FUNCTION db.ft_user_after_insert()
RETURNS trigger AS $$
DECLARE
  vDeny  bit(17) := B'00000000000000000';
  vAllow bit(17) := B'00000000000000011';
BEGIN
  CASE NEW.username
  WHEN 'system' THEN
    vAllow := B'01110000000000011';
  WHEN 'administrator' THEN
    vAllow := B'11101111111111111';
  WHEN 'guest' THEN
    vDeny := B'11111111111111100';
  WHEN 'apibot' THEN
    vDeny := B'00010000000000011';
    vAllow := B'11101111111111100';
  ELSE
    NULL;
  END CASE;
  INSERT INTO db.acl (userid, deny, allow) VALUES (NEW.id, vDeny, vAllow)
    ON CONFLICT (userid) DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_user_after_update()
RETURNS trigger AS $$
BEGIN
  IF NEW.email IS DISTINCT FROM OLD.email THEN
    UPDATE db.profile SET email_verified = false WHERE userid = NEW.id;
  END IF;
  IF NEW.phone IS DISTINCT FROM OLD.phone THEN
    PERFORM TrimPhone(NEW.phone);
    UPDATE db.profile SET phone_verified = false WHERE userid = NEW.id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_user_after_update AFTER UPDATE ON db.user
  FOR EACH ROW EXECUTE PROCEDURE db.ft_user_after_update();

CREATE OR REPLACE FUNCTION db.ft_user_before_delete()
RETURNS trigger AS $$
BEGIN
  DELETE FROM db.iptable WHERE userid = OLD.id;
  DELETE FROM db.profile_input WHERE userid = OLD.id;
  DELETE FROM db.profile WHERE userid = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_user_before_delete BEFORE DELETE ON db.user
  FOR EACH ROW EXECUTE PROCEDURE db.ft_user_before_delete();

CREATE TABLE db.acl (
  userid uuid PRIMARY KEY REFERENCES db.user (id) ON DELETE CASCADE,
  deny   bit varying NOT NULL,
  allow  bit varying NOT NULL,
  mask   bit varying NOT NULL
);

CREATE OR REPLACE FUNCTION db.ft_acl_before()
RETURNS trigger AS $$
BEGIN
  NEW.mask := NEW.allow & ~NEW.deny;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_acl_before BEFORE INSERT OR UPDATE ON db.acl
  FOR EACH ROW EXECUTE PROCEDURE db.ft_acl_before();

-- Created after db.acl so the ACL row insert has its table.
CREATE TRIGGER t_user_after_insert AFTER INSERT ON db.user
  FOR EACH ROW EXECUTE PROCEDURE db.ft_user_after_insert();

CREATE TABLE db.profile (
  userid           uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  scope            uuid NOT NULL REFERENCES db.scope (id) ON DELETE RESTRICT,
  family_name      text,
  given_name       text,
  patronymic_name  text,
  input_count      integer NOT NULL DEFAULT 0,
  input_last       timestamptz,
  input_error      integer NOT NULL DEFAULT 0,
  input_error_last timestamptz,
  input_error_all  integer NOT NULL DEFAULT 0,
  lc_ip            inet,
  locale           uuid NOT NULL REFERENCES db.locale (id),
  area             uuid NOT NULL REFERENCES db.area (id),
  interface        uuid NOT NULL REFERENCES db.interface (id),
  state            bit(3) NOT NULL DEFAULT B'000',
  session_limit    integer NOT NULL DEFAULT 0,
  email_verified   boolean DEFAULT false,
  phone_verified   boolean DEFAULT false,
  picture          text,
  PRIMARY KEY (userid, scope)
);
CREATE INDEX ON db.profile (scope);
CREATE INDEX ON db.profile (area);

-- Beyond the spec: the successful sign-ins of client_credentials grants that did not
-- write their profile row (Login's quiet sign-ins, docs/internals.md), counted per
-- backend: one row per (user, scope, backend) takes no lock a grant of another
-- connection waits for, and the table stays as small as the connection count.
-- RecordLogin folds the rows into the profile when it next writes it, and the users
-- view adds those not yet folded, so input_count and input_last read exact. No foreign
-- key: its check would share-lock the user row on every grant; the user's delete
-- trigger removes the rows.
CREATE TABLE db.profile_input (
  userid  uuid NOT NULL,
  scope   uuid NOT NULL,
  backend integer NOT NULL,
  n       integer NOT NULL,
  since   timestamptz NOT NULL,
  at      timestamptz NOT NULL,
  PRIMARY KEY (userid, scope, backend)
);

CREATE TABLE db.member_group (
  userid uuid NOT NULL REFERENCES db.user (id),
  member uuid NOT NULL REFERENCES db.user (id),
  PRIMARY KEY (userid, member)
);
CREATE INDEX ON db.member_group (userid);
CREATE INDEX ON db.member_group (member);

CREATE TABLE db.member_area (
  area   uuid NOT NULL REFERENCES db.area (id),
  member uuid NOT NULL REFERENCES db.user (id),
  PRIMARY KEY (area, member)
);
CREATE INDEX ON db.member_area (area);
CREATE INDEX ON db.member_area (member);

CREATE TABLE db.member_interface (
  interface uuid NOT NULL REFERENCES db.interface (id),
  member    uuid NOT NULL REFERENCES db.user (id),
  PRIMARY KEY (interface, member)
);
CREATE INDEX ON db.member_interface (interface);
CREATE INDEX ON db.member_interface (member);

CREATE OR REPLACE FUNCTION db.ft_profile_before()
RETURNS trigger AS $$
DECLARE
  vAreaScope uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.locale IS NULL THEN
      NEW.locale := GetLocale(locale_code());
    END IF;
    IF NEW.area IS NOT NULL AND NOT IsMemberArea(NEW.area, NEW.userid) THEN
      INSERT INTO db.member_area (area, member) VALUES (NEW.area, NEW.userid) ON CONFLICT DO NOTHING;
    END IF;
    IF NEW.interface IS NOT NULL AND NOT IsMemberInterface(NEW.interface, NEW.userid) THEN
      INSERT INTO db.member_interface (interface, member) VALUES (NEW.interface, NEW.userid) ON CONFLICT DO NOTHING;
    END IF;
    SELECT scope INTO vAreaScope FROM db.area WHERE id = NEW.area;
    IF NEW.scope IS NULL THEN
      NEW.scope := vAreaScope;
    ELSIF vAreaScope IS DISTINCT FROM NEW.scope THEN
      RAISE EXCEPTION 'ERR-40000: Area "%" not present in scope "%".', GetAreaCode(NEW.area), GetScopeCode(NEW.scope);
    END IF;
  ELSE
    IF NEW.area IS DISTINCT FROM OLD.area THEN
      IF NOT IsMemberArea(NEW.area, NEW.userid) THEN
        PERFORM UserNotMemberArea(GetUsername(NEW.userid), GetAreaCode(NEW.area));
      END IF;
      SELECT scope INTO NEW.scope FROM db.area WHERE id = NEW.area;
    END IF;
    IF NEW.interface IS DISTINCT FROM OLD.interface AND NOT IsMemberInterface(NEW.interface, NEW.userid) THEN
      PERFORM UserNotMemberInterface(GetUsername(NEW.userid), GetInterfaceName(NEW.interface));
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_profile_before BEFORE INSERT OR UPDATE ON db.profile
  FOR EACH ROW EXECUTE PROCEDURE db.ft_profile_before();

-- RecordLogin computes the state before it locks the row and passes it in kernel.login_state.
CREATE OR REPLACE FUNCTION db.ft_profile_login_state()
RETURNS trigger AS $$
BEGIN
  NEW.state := coalesce(nullif(current_setting('kernel.login_state', true), '')::bit(3),
                        ProfileLoginState(NEW.userid, NEW.lc_ip));
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_profile_login_state BEFORE UPDATE ON db.profile
  FOR EACH ROW WHEN (OLD.input_last IS DISTINCT FROM NEW.input_last)
  EXECUTE PROCEDURE db.ft_profile_login_state();

CREATE TABLE db.recovery_ticket (
  ticket         uuid PRIMARY KEY,
  userid         uuid NOT NULL,
  securityAnswer text NOT NULL,
  initiator      text NOT NULL,
  used           timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  validFromDate  timestamptz NOT NULL,
  validToDate    timestamptz NOT NULL
);
CREATE UNIQUE INDEX ON db.recovery_ticket (userid, validFromDate, validToDate);
CREATE INDEX ON db.recovery_ticket (initiator, validFromDate, validToDate);

CREATE OR REPLACE FUNCTION db.ft_recovery_ticket_before()
RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.ticket := coalesce(NEW.ticket, gen_random_uuid());
    NEW.validFromDate := coalesce(NEW.validFromDate, now());
    NEW.validToDate := coalesce(NEW.validToDate, NEW.validFromDate + interval '1 hour');
  ELSIF NEW.securityAnswer IS DISTINCT FROM OLD.securityAnswer THEN
    -- a stored answer can never be replaced: the whole update is dropped
    RETURN NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = db, kernel, public, pg_temp;

CREATE TRIGGER t_recovery_ticket_before BEFORE INSERT OR UPDATE ON db.recovery_ticket
  FOR EACH ROW EXECUTE PROCEDURE db.ft_recovery_ticket_before();

CREATE TABLE db.auth (
  userid   uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  audience integer NOT NULL REFERENCES oauth2.audience (id) ON DELETE CASCADE,
  code     text NOT NULL,
  created  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (userid, audience)
);
CREATE INDEX ON db.auth (userid);
CREATE INDEX ON db.auth (audience);
CREATE INDEX ON db.auth (code);

CREATE TABLE db.iptable (
  id     serial PRIMARY KEY,
  type   char NOT NULL DEFAULT 'A' CHECK (type IN ('A', 'D')),
  userid uuid NOT NULL REFERENCES db.user (id),
  addr   inet NOT NULL,
  range  integer CHECK (range BETWEEN 1 AND 255)
);
CREATE INDEX ON db.iptable (userid, type);

CREATE TABLE db.oauth2 (
  id                    bigserial PRIMARY KEY,
  audience              integer NOT NULL REFERENCES oauth2.audience (id),
  scopes                text[] NOT NULL,
  -- 'online' or 'offline' (the spec's CHECK, 04-admin §2.12), and code_challenge_method
  -- 'plain' or 'S256': written by CreateOAuth2 and daemon.token only, which check the
  -- values. Not CHECK constraints: each is read and prepared again by every insert, and
  -- every sign-in and client_credentials grant inserts a row.
  access_type           text NOT NULL DEFAULT 'online',
  redirect_uri          text,
  state                 text,
  -- PKCE (RFC 7636), filled and checked by daemon.token
  code_challenge        text,
  code_challenge_method text
);
CREATE INDEX ON db.oauth2 (audience);

CREATE TABLE db.token_header (
  id      bigserial PRIMARY KEY,
  oauth2  bigint NOT NULL REFERENCES db.oauth2 (id),
  session varchar(40) NOT NULL,
  salt    text NOT NULL,
  agent   text NOT NULL,
  host    inet,
  created timestamptz NOT NULL DEFAULT now(),
  updated timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON db.token_header (oauth2);
CREATE INDEX ON db.token_header (session);

-- Token values are found by their keyed hash (HMAC-SHA256 with the server key), never by
-- the value itself, so the index cannot be used to probe for tokens without the key.
CREATE TABLE db.token (
  id            bigserial PRIMARY KEY,
  header        bigint NOT NULL REFERENCES db.token_header (id) ON DELETE CASCADE,
  -- C, A, R or I, written by the kernel's token functions only. Not a CHECK constraint:
  -- its expression is read and prepared again by every statement that writes the table,
  -- and a refresh grant runs three of them.
  type          char NOT NULL,
  token         text NOT NULL,
  hash          text NOT NULL,
  used          timestamptz,
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31',
  -- Beyond the spec: for an access token whose claims name its header's session and
  -- that session's client, the session's code (t_token_claims, checked when the token is
  -- written); null for any other token. daemon.fetch admits a request by it without
  -- decoding the token or reading its header.
  claimed_session varchar(40)
);
-- Every grant inserts three tokens and marks one used, so each index costs every grant.
-- The two indexes serve every lookup (by hash, by header and type); single-column
-- indexes on header or type would duplicate a leading column, one on type led the
-- planner to scan all tokens of a type, and one on used made the used-marking update
-- rewrite every index entry of the row.
-- Neither holds validToDate (the spec's do, 04-admin §2.14), nor used: ending a token
-- (a refresh ends the redeemed refresh token and the live access token) then writes
-- no index, a HOT update, with the room fillfactor leaves on the page. A lookup by
-- hash finds one row and tests its window on it; one by header and type takes the
-- latest (validFromDate, id). Neither is unique (the spec's both are):
-- - (header, type, validFromDate) repeats when a refresh token is redeemed in the
--   transaction that issued it: the redeemed token ends where it started, at the
--   transaction's now(), and its successor starts there too; id orders the two;
-- - an id token's claims name the user, not the session, so two sessions of one user
--   signed in within the same second get byte-identical id tokens (the same hash).
ALTER TABLE db.token SET (fillfactor = 75);
CREATE INDEX token_hash_idx ON db.token (hash);
CREATE INDEX token_header_type_validfromdate_id_idx ON db.token (header, type, validFromDate, id);

CREATE OR REPLACE FUNCTION db.ft_token_header_before_delete()
RETURNS trigger AS $$
BEGIN
  DELETE FROM db.token WHERE header = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_token_header_before_delete BEFORE DELETE ON db.token_header
  FOR EACH ROW EXECUTE PROCEDURE db.ft_token_header_before_delete();

CREATE OR REPLACE FUNCTION db.ft_token_before()
RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.hash := coalesce(NEW.hash, GetTokenHash(NEW.token));
    NEW.validFromDate := coalesce(NEW.validFromDate, now());
    IF NEW.validToDate IS NULL THEN
      NEW.validToDate := NEW.validFromDate + CASE NEW.type
        WHEN 'R' THEN interval '60 day'
        WHEN 'C' THEN interval '10 min'
        ELSE interval '60 min' END;
    END IF;
  ELSE
    NEW.header := OLD.header;
    NEW.type := OLD.type;
    IF NEW.token IS DISTINCT FROM OLD.token THEN
      NEW.hash := GetTokenHash(NEW.token);
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

-- Only when there is something to fill in or guard: a grant inserts its tokens with hash
-- and dates given and marks one used, and an unconditional row trigger cost each of those.
CREATE TRIGGER t_token_before_insert BEFORE INSERT ON db.token
  FOR EACH ROW WHEN (NEW.hash IS NULL OR NEW.validFromDate IS NULL OR NEW.validToDate IS NULL)
  EXECUTE PROCEDURE db.ft_token_before();

-- A column list rather than a WHEN condition: the condition's expression is read and
-- prepared again by every UPDATE statement of the table (marking a token used, closing
-- one), while the column list costs nothing to an UPDATE that does not set those columns.
CREATE TRIGGER t_token_before_update BEFORE UPDATE OF header, type, token ON db.token
  FOR EACH ROW EXECUTE PROCEDURE db.ft_token_before();

-- What daemon.fetch checked in an access token's claims on every request, checked once when
-- the token is written: the claims (sub, aud) must name the session of the token's header
-- and that session's client, and the session must belong to the header's client row. The
-- keyed hash then proves the bytes presented are the bytes checked. Anything else (another
-- type, a token that is no JWT, claims naming another session or client) keeps null and
-- goes through the full checks, which give its error. Recomputed on any write of the token
-- or of the column itself (t_token_before_update, which sorts first, pins header and type),
-- and cleared when its session changes client row (t_session_token_claims).
CREATE OR REPLACE FUNCTION db.ft_token_claims()
RETURNS trigger AS $$
DECLARE
  vPart   text;
  jClaims jsonb;
BEGIN
  -- IssueTokenSet signed these claims itself for the session and client it names, checked
  -- them against the header, and vouches for the row it inserts in kernel.grant_claims
  -- (the column's value and the token's keyed hash, which needs the server key): no decode.
  IF TG_OP = 'INSERT' AND NEW.claimed_session IS NOT NULL
     AND current_setting('kernel.grant_claims', true) = NEW.claimed_session || ':' || NEW.hash THEN
    RETURN NEW;
  END IF;
  NEW.claimed_session := null;
  IF NEW.type <> 'A' THEN
    RETURN NEW;
  END IF;
  BEGIN
    -- base64url to base64; octet_length, not length or rpad, which count
    -- characters by walking the text
    vPart := replace(replace(split_part(NEW.token, '.', 2), '-', '+'), '_', '/');
    jClaims := convert_from(decode(vPart || left('===', (4 - octet_length(vPart) % 4) % 4), 'base64'), 'utf8')::jsonb;
  EXCEPTION WHEN others THEN
    RETURN NEW;
  END;
  SELECT s.code INTO NEW.claimed_session
    FROM db.token_header h
    JOIN db.session s ON s.code = h.session AND s.oauth2 = h.oauth2
   WHERE h.id = NEW.header
     AND s.code = jClaims->>'sub'
     AND s.client_id = jClaims->>'aud';
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- Neither SECURITY DEFINER nor SET, unlike the other trigger functions here: it runs on
-- every access token a grant writes, from the kernel's token functions, which hold the
-- rights it needs, and it names its tables with their schema. As a SECURITY DEFINER
-- function with a SET clause it cost a refresh grant about 100 k instructions more.

-- Access tokens only on insert; on update the column list (the function checks the type).
CREATE TRIGGER t_token_claims BEFORE INSERT ON db.token
  FOR EACH ROW WHEN (NEW.type = 'A') EXECUTE PROCEDURE db.ft_token_claims();
CREATE TRIGGER t_token_claims_update BEFORE UPDATE OF token, claimed_session ON db.token
  FOR EACH ROW EXECUTE PROCEDURE db.ft_token_claims();

-- The session secret is never stored in plain text: `secret` holds its keyed hash (checked
-- by Authenticate) and `secret_enc` an encrypted copy that only SECURITY DEFINER code opens
-- to verify signed requests.
CREATE TABLE db.session (
  code       varchar(40) PRIMARY KEY,
  oauth2     bigint NOT NULL UNIQUE REFERENCES db.oauth2 (id),
  token      bigint NOT NULL UNIQUE REFERENCES db.token (id),
  suid       uuid NOT NULL REFERENCES db.user (id),
  userid     uuid NOT NULL REFERENCES db.user (id),
  locale     uuid NOT NULL REFERENCES db.locale (id),
  area       uuid NOT NULL REFERENCES db.area (id),
  interface  uuid NOT NULL REFERENCES db.interface (id),
  scope      uuid NOT NULL REFERENCES db.scope (id),
  oper_date  timestamptz,
  created    timestamptz NOT NULL DEFAULT now(),
  updated    timestamptz NOT NULL DEFAULT now(),
  pwkey      text NOT NULL,
  secret     text NOT NULL,
  secret_enc bytea,
  salt       text NOT NULL,
  agent      text NOT NULL,
  host       inet,
  -- Beyond the spec: the session's client id (its audience's code), copied
  -- when the session is created so that resuming it on every request need not
  -- join db.oauth2 and oauth2.audience (a tenth of a request's work).
  client_id  text,
  -- Beyond the spec, and for the same reason: what resuming the session needs
  -- of its user, kept by t_session_client and the triggers after it. While
  -- admit_until lies ahead, the user is neither locked nor expired and has no
  -- address table, so daemon.fetch admits the session without reading db.user,
  -- db.member_group and db.iptable (a third of an authenticated request), and
  -- logs the request under username without reading db.user either.
  username    text,
  is_admin    boolean NOT NULL DEFAULT false,
  admit_until timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE INDEX ON db.session (suid);
-- (userid, host, area) rather than (userid) alone: it also serves every lookup by user,
-- and lets ProfileLoginState find the distinct areas of a user's sessions from one address
-- without reading each of them.
CREATE INDEX ON db.session (userid, host, area);
CREATE INDEX ON db.session (scope);
CREATE INDEX ON db.session (created);
CREATE INDEX ON db.session (updated);
CREATE INDEX ON db.session (agent);

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

CREATE TRIGGER t_session_before BEFORE INSERT OR UPDATE ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_before();

CREATE OR REPLACE FUNCTION db.ft_session_before_delete()
RETURNS trigger AS $$
BEGIN
  -- the observer module (loaded later) owns db.listener; it may be absent in a bare core
  IF to_regclass('db.listener') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.listener WHERE session = $1' USING OLD.code;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_session_before_delete BEFORE DELETE ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_before_delete();

CREATE OR REPLACE FUNCTION db.ft_session_after()
RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM db.token_header WHERE session = OLD.code;
  ELSIF NEW.userid IS DISTINCT FROM OLD.userid THEN
    PERFORM SetCurrentUserId(NEW.userid);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_session_after AFTER UPDATE OR DELETE ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_after();

-- The session's copies of what resuming it needs (client_id; username,
-- is_admin and admit_until of its user), recomputed on insert and on any write of
-- the columns they derive from or of the copies themselves, so they cannot
-- drift. admit_until is the first moment the user's lock or password expiry
-- dates take effect, or -infinity when a status bit or an address table means
-- every request must go through SessionAdmit's checks.
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

CREATE TRIGGER t_session_client
  BEFORE INSERT OR UPDATE OF oauth2, client_id, userid, username, is_admin, admit_until ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_client();

-- A session moved to another client row no longer matches what its access tokens' claims
-- were checked against (db.token.claimed_session): they are checked again, and now fail.
CREATE OR REPLACE FUNCTION db.ft_session_token_claims()
RETURNS trigger AS $$
BEGIN
  IF NEW.oauth2 IS DISTINCT FROM OLD.oauth2 THEN
    UPDATE db.token t SET claimed_session = null
      FROM db.token_header h
     WHERE h.session = OLD.code AND t.header = h.id AND t.claimed_session IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_session_token_claims AFTER UPDATE OF oauth2 ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_token_claims();

-- A change to a user's name, status bits, lock or expiry date, administrator
-- membership or address table refreshes the copies in that user's sessions
-- (writing admit_until makes t_session_client recompute them all). These
-- change rarely; sign-ins, which write db.user often, change none of them.
CREATE OR REPLACE FUNCTION db.ft_session_admission_refresh()
RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'user' THEN
    UPDATE db.session SET admit_until = '-infinity' WHERE userid = NEW.id;
  ELSIF TG_TABLE_NAME = 'member_group' THEN
    UPDATE db.session SET admit_until = '-infinity'
     WHERE userid IN (SELECT x.member FROM (VALUES (OLD.userid, OLD.member), (NEW.userid, NEW.member)) AS x(grp, member)
                       WHERE x.grp = '00000000-0000-4000-a000-000000000001');
  ELSE
    UPDATE db.session SET admit_until = '-infinity' WHERE userid IN (OLD.userid, NEW.userid);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_user_session_admission AFTER UPDATE OF username, status, lock_date, expiry_date ON db.user
  FOR EACH ROW
  WHEN (OLD.username IS DISTINCT FROM NEW.username
        OR get_bit(OLD.status, 0) <> get_bit(NEW.status, 0) OR get_bit(OLD.status, 1) <> get_bit(NEW.status, 1)
        OR OLD.lock_date IS DISTINCT FROM NEW.lock_date OR OLD.expiry_date IS DISTINCT FROM NEW.expiry_date)
  EXECUTE PROCEDURE db.ft_session_admission_refresh();

CREATE TRIGGER t_member_group_session_admission AFTER INSERT OR UPDATE OR DELETE ON db.member_group
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_admission_refresh();

CREATE TRIGGER t_iptable_session_admission AFTER INSERT OR UPDATE OR DELETE ON db.iptable
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_admission_refresh();

-- Login's write of the profile row (input_count, input_last, lc_ip) happens here, at
-- commit: every sign-in of one user writes that same row, and its lock is held until the
-- transaction ends, so writing it when the session is created serialised concurrent
-- sign-ins of one client across everything after Login (the token set, the commit).
-- Login names its sessions in a transaction-local setting; other inserts pass through.
CREATE OR REPLACE FUNCTION db.ft_session_login_record()
RETURNS trigger AS $$
BEGIN
  IF NEW.code = ANY (string_to_array(current_setting('kernel.login_record', true), ',')) THEN
    PERFORM RecordLogin(NEW.userid, NEW.scope, NEW.host);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE CONSTRAINT TRIGGER t_session_login_record AFTER INSERT ON db.session
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_login_record();
