--------------------------------------------------------------------------------
-- verification module: api.* (after view.sql: these return its row type)
--------------------------------------------------------------------------------

-- REST always passes the current user; other callers may name any user.
CREATE OR REPLACE FUNCTION api.new_verification_code (
  pType         char,
  pCode         text DEFAULT null,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       SETOF api.verification_code
AS $$
DECLARE
  uId           uuid;
BEGIN
  uId := NewVerificationCode(pUserId, pType, pCode);
  RETURN QUERY SELECT * FROM api.verification_code WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.confirm_verification_code (
  pType         char,
  pCode         text,
  OUT result    boolean,
  OUT message   text
) RETURNS       record
AS $$
DECLARE
  uUserId       uuid;
  uSuid         uuid;
  nAudience     integer;
  vSecret       text;
BEGIN
  uUserId := ConfirmVerificationCode(pType, pCode);
  result := uUserId IS NOT NULL;
  message := GetErrorMessage();

  IF NOT result THEN
    RETURN;
  END IF;

  -- A confirmation service (a member of `system` signed in as its OAuth
  -- client) also runs the entity hooks, as the apibot user authenticated with
  -- that client's secret.
  SELECT suid INTO uSuid FROM db.session WHERE code = current_session();
  IF uSuid IS NULL OR NOT IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, uSuid) THEN
    RETURN;
  END IF;

  nAudience := GetAudience(session_username());
  IF nAudience IS NULL THEN
    RETURN;
  END IF;

  vSecret := GetAudienceSecret(nAudience);
  PERFORM SubstituteUser(GetUser('apibot'), vSecret);

  IF pType = 'M' THEN
    PERFORM DoConfirmEmail(uUserId);
  ELSE
    PERFORM DoConfirmPhone(uUserId);
  END IF;

  PERFORM SubstituteUser(uSuid, vSecret);
  message := CASE pType WHEN 'M' THEN 'Email address confirmed.' ELSE 'Phone number confirmed.' END;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_verification_code (
  pId           uuid
) RETURNS       SETOF api.verification_code
AS $$
  SELECT * FROM api.verification_code WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_verification_code (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'verification_code', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_verification_code (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.verification_code
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'verification_code', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["validfromdate desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
