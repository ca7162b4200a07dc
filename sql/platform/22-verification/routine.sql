--------------------------------------------------------------------------------
-- verification module: issuing, checking and confirming codes
--------------------------------------------------------------------------------

-- At most one active code per user and type: a new one supersedes the current
-- one (used and closed at the new start), except within the same transaction,
-- where the current row is kept and its id returned (its code cannot change).
CREATE OR REPLACE FUNCTION AddVerificationCode (
  pUserId       uuid,
  pType         char,
  pCode         text,
  pDateFrom     timestamptz DEFAULT now(),
  pDateTo       timestamptz DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  r             record;
  uId           uuid;
BEGIN
  pDateFrom := coalesce(pDateFrom, now());

  SELECT id, validfromdate INTO r
    FROM db.verification_code
   WHERE type = pType
     AND userid = pUserId
     AND validfromdate <= pDateFrom
     AND validtodate > pDateFrom
   FOR UPDATE;

  IF FOUND THEN
    IF r.validfromdate = pDateFrom THEN
      UPDATE db.verification_code SET code = pCode WHERE id = r.id;
      RETURN r.id;
    END IF;

    UPDATE db.verification_code SET used = now(), validtodate = pDateFrom WHERE id = r.id;
  END IF;

  INSERT INTO db.verification_code (userid, type, code, validfromdate, validtodate)
  VALUES (pUserId, pType, pCode, pDateFrom, pDateTo)
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewVerificationCode (
  pUserId       uuid,
  pType         char DEFAULT 'M',
  pCode         text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pType IS NULL OR pType NOT IN ('M', 'P') THEN
    PERFORM InvalidVerificationCodeType(pType);
  END IF;

  IF pCode IS NULL THEN
    pCode := CASE pType WHEN 'M' THEN gen_random_uuid()::text ELSE random_between(100000, 999999)::text END;
  END IF;

  RETURN AddVerificationCode(pUserId, pType, pCode);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetVerificationCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.verification_code WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckVerificationCode (
  pType         text,
  pCode         text
) RETURNS       uuid
AS $$
DECLARE
  r             record;
BEGIN
  SELECT id, userid, used INTO r
    FROM db.verification_code
   WHERE type = pType
     AND hash = hmac_key_hash(pCode)
     AND code = pCode
     AND validfromdate <= now()
     AND validtodate > now()
   FOR UPDATE;

  IF NOT FOUND THEN
    PERFORM SetErrorMessage('Verification code not found.');
    RETURN null;
  END IF;

  IF r.used IS NOT NULL THEN
    PERFORM SetErrorMessage('Verification code has already been used.');
    RETURN null;
  END IF;

  UPDATE db.verification_code SET used = now() WHERE id = r.id;
  PERFORM SetErrorMessage('Success.');

  RETURN r.userid;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ConfirmVerificationCode (
  pType         text,
  pCode         text
) RETURNS       uuid
AS $$
DECLARE
  uUserId       uuid;
BEGIN
  uUserId := CheckVerificationCode(pType, pCode);

  IF uUserId IS NOT NULL THEN
    IF pType = 'M' THEN
      UPDATE db.profile SET email_verified = true WHERE userid = uUserId;
      PERFORM SetErrorMessage('Email address confirmed.');
    ELSIF pType = 'P' THEN
      UPDATE db.profile SET phone_verified = true WHERE userid = uUserId;
      PERFORM SetErrorMessage('Phone number confirmed.');
    END IF;
  END IF;

  RETURN uUserId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
