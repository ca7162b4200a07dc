--------------------------------------------------------------------------------
-- verification module: one-time e-mail and phone confirmation codes
--------------------------------------------------------------------------------

CREATE TABLE db.verification_code (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  userid        uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  type          char(1) NOT NULL CHECK (type IN ('M', 'P')),
  code          text NOT NULL,
  hash          text NOT NULL,
  used          timestamptz,
  validfromdate timestamptz NOT NULL,
  validtodate   timestamptz NOT NULL
);

COMMENT ON TABLE db.verification_code IS 'Verification code: M = e-mail, P = phone.';
COMMENT ON COLUMN db.verification_code.hash IS 'Keyed hash of the code: what a check looks up (one index probe).';

CREATE UNIQUE INDEX ON db.verification_code (type, userid, validfromdate, validtodate);
CREATE INDEX ON db.verification_code (type, hash, validfromdate, validtodate);
CREATE INDEX ON db.verification_code (userid);

CREATE OR REPLACE FUNCTION db.ft_verification_code_before()
RETURNS trigger
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;

  IF TG_OP = 'UPDATE' THEN
    -- A code never changes once issued: such an update is dropped whole.
    IF NEW.type IS DISTINCT FROM OLD.type OR NEW.code IS DISTINCT FROM OLD.code OR NEW.hash IS DISTINCT FROM OLD.hash THEN
      RETURN NULL;
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.type IS NULL OR NEW.type NOT IN ('M', 'P') THEN
    PERFORM InvalidVerificationCodeType(NEW.type);
  END IF;

  NEW.validfromdate := coalesce(NEW.validfromdate, now());
  NEW.validtodate := coalesce(NEW.validtodate,
    NEW.validfromdate + CASE NEW.type WHEN 'M' THEN interval '1 day' ELSE interval '5 minutes' END);

  IF NEW.code IS NULL THEN
    NEW.code := CASE NEW.type WHEN 'M' THEN gen_random_uuid()::text ELSE random_between(100000, 999999)::text END;
  END IF;

  NEW.hash := hmac_key_hash(NEW.code);

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = db, kernel, public, pg_temp;

CREATE TRIGGER t_verification_code_before
  BEFORE INSERT OR UPDATE OR DELETE ON db.verification_code
  FOR EACH ROW
  EXECUTE PROCEDURE db.ft_verification_code_before();
