-- Access tokens admitted by what was checked when they were written, for databases
-- installed before (04-admin/table.sql has the same objects for new installs;
-- daemon.fetch, in the code file 12-daemon/daemon.sql, reads the column). The live access
-- tokens are checked here; a token left unchecked only takes the full checks.

ALTER TABLE db.token ADD COLUMN IF NOT EXISTS claimed_session varchar(40);

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
CREATE OR REPLACE TRIGGER t_token_claims BEFORE INSERT ON db.token
  FOR EACH ROW WHEN (NEW.type = 'A') EXECUTE PROCEDURE db.ft_token_claims();
CREATE OR REPLACE TRIGGER t_token_claims_update BEFORE UPDATE OF token, claimed_session ON db.token
  FOR EACH ROW EXECUTE PROCEDURE db.ft_token_claims();

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

CREATE OR REPLACE TRIGGER t_session_token_claims AFTER UPDATE OF oauth2 ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_token_claims();

-- Writing the column recomputes it (t_token_claims_update): the same answer on a re-run.
UPDATE db.token SET claimed_session = null WHERE type = 'A' AND validToDate > now();

-- api_run_rows answers /ping and /whoami itself now (10-api/api.sql).
DROP FUNCTION IF EXISTS kernel.RestApiRows(text, jsonb);

-- api_run_rows takes the session's kept /whoami answer from daemon.fetch; the
-- signature before it would make calls without that argument ambiguous.
DROP FUNCTION IF EXISTS kernel.api_run_rows(text, text, jsonb, text);
