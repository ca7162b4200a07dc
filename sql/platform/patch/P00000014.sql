-- IssueTokenSet (04-admin/token.sql, code) writes an access token's claimed session
-- itself, vouched for in kernel.grant_claims; t_token_claims accepts that on insert and
-- decodes every other row's claims as before (04-admin/table.sql has the same function
-- for new installs).

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
