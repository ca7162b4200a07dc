-- Exception module: message parsing, message lookup and the raisers.
--
-- Raisers are plain (not SECURITY DEFINER) functions: they only format the
-- catalog template of their code and RAISE. The text of every raised
-- exception is 'ERR-GGG-CCC: <message>.'.

-- 'ERR-GGG-CCC: text' → (GGG, text, ERR-GGG-CCC); legacy 'ERR-GGGCC: text'
-- → (GGG, text, ERR-GGG-0CC); anything else → (-1, whole text, NULL).
CREATE OR REPLACE FUNCTION kernel.ParseMessage (
  pMessage  text,
  OUT code  int,
  OUT message text,
  OUT error text
) RETURNS   record
AS $$
  SELECT CASE
           WHEN pMessage ~ '^ERR-[0-9]{3}-[0-9]{3}: ' THEN substr(pMessage, 5, 3)::int
           WHEN pMessage ~ '^ERR-[0-9]{5}: ' THEN substr(pMessage, 5, 3)::int
           ELSE -1
         END,
         CASE
           WHEN pMessage ~ '^ERR-[0-9]{3}-[0-9]{3}: ' THEN substr(pMessage, 14)
           WHEN pMessage ~ '^ERR-[0-9]{5}: ' THEN substr(pMessage, 12)
           ELSE pMessage
         END,
         CASE
           WHEN pMessage ~ '^ERR-[0-9]{3}-[0-9]{3}: ' THEN substr(pMessage, 1, 11)
           WHEN pMessage ~ '^ERR-[0-9]{5}: ' THEN 'ERR-' || substr(pMessage, 5, 3) || '-' || lpad(substr(pMessage, 8, 2), 3, '0')
           ELSE NULL
         END;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.GetExceptionUUID (
  pErrGroup int,
  pErrCode  int
) RETURNS   uuid
AS $$
  SELECT ('00000000-0000-4000-9' || lpad(pErrGroup::text, 3, '0') || '-' || lpad(pErrCode::text, 12, '0'))::uuid;
$$ LANGUAGE sql IMMUTABLE;

-- Catalog text in the session locale, else English, else the legacy resource
-- tree (only when the resource module is installed), else 'Unknown error'.
-- The result keeps its %s placeholders for the caller's format().
CREATE OR REPLACE FUNCTION kernel.GetExceptionStr (
  pErrGroup int,
  pErrCode  int
) RETURNS   text
AS $$
DECLARE
  vCode     text := 'ERR-' || lpad(pErrGroup::text, 3, '0') || '-' || lpad(pErrCode::text, 3, '0');
  vMessage  text;
BEGIN
  vMessage := GetErrorCatalogMessage(vCode, current_locale());

  IF vMessage IS NULL AND to_regprocedure('kernel.getresource(uuid,uuid)') IS NOT NULL THEN
    -- Legacy configurations keep messages in the resource tree.
    EXECUTE 'SELECT kernel.GetResource($1)' INTO vMessage USING GetExceptionUUID(pErrGroup, pErrCode);
  END IF;

  RETURN vCode || ': ' || coalesce(vMessage, 'Unknown error') || '.';
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Legacy: a message in the resource tree under the exceptions root. Needs the
-- resource module; the platform's own messages live in the error catalog.
CREATE OR REPLACE FUNCTION kernel.CreateExceptionResource (
  pId           uuid,
  pLocaleCode   text,
  pName         text,
  pDescription  text,
  pRoot         uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  vRoot         uuid := coalesce(pRoot, GetExceptionUUID(0, 0));
  vLocale       uuid := GetLocale(pLocaleCode);
BEGIN
  IF vLocale IS NULL THEN
    PERFORM IncorrectLocaleCode(pLocaleCode);
  END IF;

  IF NOT EXISTS (SELECT FROM db.resource WHERE id = vRoot) THEN
    PERFORM CreateResource(vRoot, null, null, 'text/plain', 'exception', 'Exceptions', null, null, null, vLocale);
  END IF;

  RETURN SetResource(pId, vRoot, vRoot, 'text/plain', pName, pDescription, null, pDescription, null, vLocale);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Not an upstream raiser: turns a PostgreSQL conversion failure of a payload
-- value (SQLSTATE class 22) into ERR-400-063 instead of an unstructured 500.
CREATE OR REPLACE FUNCTION kernel.IncorrectJsonValue (
  pMessage  text
) RETURNS   void
AS $$
DECLARE
  vMatch    text[];
BEGIN
  vMatch := regexp_match(pMessage, 'invalid input syntax for type ([a-z ]+): "(.*)"$');
  IF vMatch IS NOT NULL THEN
    PERFORM IncorrectJsonType(vMatch[2], vMatch[1]);
  END IF;

  vMatch := regexp_match(pMessage, 'invalid input value for enum ([a-z_.]+): "(.*)"$');
  IF vMatch IS NOT NULL THEN
    PERFORM IncorrectJsonType(vMatch[2], vMatch[1]);
  END IF;

  vMatch := regexp_match(pMessage, '^value "(.*)" is out of range for type ([a-z ]+)$');
  IF vMatch IS NOT NULL THEN
    PERFORM IncorrectJsonType(vMatch[1], vMatch[2]);
  END IF;

  vMatch := regexp_match(pMessage, 'field value out of range: "(.*)"$');
  IF vMatch IS NOT NULL THEN
    PERFORM IncorrectJsonType(vMatch[1], 'timestamp');
  END IF;

  RAISE EXCEPTION '%', format(GetExceptionStr(400, 63), pMessage, 'valid value');
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

-- The detail of 401-003..006 comes from the catalog; the client still sees
-- the outer code ERR-401-002.
CREATE OR REPLACE FUNCTION kernel.GetExceptionDetail (
  pErrGroup int,
  pErrCode  int
) RETURNS   text
AS $$
  SELECT coalesce(kernel.GetErrorCatalogMessage('ERR-' || lpad(pErrGroup::text, 3, '0') || '-' || lpad(pErrCode::text, 3, '0'),
                                                kernel.current_locale()), '');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.LoginError() RETURNS void
AS $$ BEGIN PERFORM AuthenticateError(GetExceptionDetail(401, 3)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserLockError() RETURNS void
AS $$ BEGIN PERFORM AuthenticateError(GetExceptionDetail(401, 4)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserTempLockError (pDate timestamptz) RETURNS void
AS $$ BEGIN PERFORM AuthenticateError(format(GetExceptionDetail(401, 5), DateToStr(pDate))); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.PasswordExpired() RETURNS void
AS $$ BEGIN PERFORM AuthenticateError(GetExceptionDetail(401, 6)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

-- A NULL lookup value has its own code (400-031) whose template has no slot for it.
CREATE OR REPLACE FUNCTION kernel.ObjectNotFound (pWho text, pParam text, pId uuid) RETURNS void
AS $$
BEGIN
  IF pId IS NULL THEN
    RAISE EXCEPTION '%', format(GetExceptionStr(400, 31), pWho, pParam);
  END IF;
  RAISE EXCEPTION '%', format(GetExceptionStr(400, 30), pWho, pParam, pId);
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ObjectNotFound (pWho text, pParam text, pCode text) RETURNS void
AS $$
BEGIN
  IF pCode IS NULL THEN
    RAISE EXCEPTION '%', format(GetExceptionStr(400, 31), pWho, pParam);
  END IF;
  RAISE EXCEPTION '%', format(GetExceptionStr(400, 30), pWho, pParam, pCode);
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

-- The workflow module (loaded later) supplies the state and action lookups.
CREATE OR REPLACE FUNCTION kernel.MethodActionNotFound (pObject uuid, pAction uuid) RETURNS void
AS $$
DECLARE
  vState    uuid := GetObjectState(pObject);
BEGIN
  RAISE EXCEPTION '%', format(GetExceptionStr(400, 32), pObject, GetActionCode(pAction), pAction, GetStateCode(vState), vState);
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.MethodNotFound (pObject uuid, pMethod uuid) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 33), pMethod, pObject); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.MethodByCodeNotFound (pObject uuid, pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 34), pCode, pObject); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StateByCodeNotFound (pObject uuid, pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 37), pCode, pObject); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.LoginFailed () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(401, 1)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AuthenticateError (pMessage text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(401, 2), pMessage); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SignatureError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(401, 7)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.TokenExpired () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(403, 1)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AccessDenied () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 1)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AccessDeniedForUser (pUserName text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 2), pUserName); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ExecuteMethodError (pMessage text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 3), pMessage); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.NonceExpired () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 4)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.TokenError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 5)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.TokenBelong () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 6)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InvalidScope (pValid text[], pInvalid text[]) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 7), array_to_string(pValid, ', '), array_to_string(pInvalid, ', ')); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AbstractError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 8)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ChangeClassError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 9)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ChangeAreaError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 10)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectEntity () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 11)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectClassType () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 12)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectDocumentType () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 13)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectLocaleCode (pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 14), pCode); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RootAreaError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 15)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AreaError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 16)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectAreaCode (pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 17), pCode); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserNotMemberArea (pUser text, pArea text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 18), pUser, pArea); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InterfaceError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 19)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserNotMemberInterface (pUser text, pInterface text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 20), pUser, pInterface); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UnknownRoleName (pRoleName text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 21), pRoleName); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RoleExists (pRoleName text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 22), pRoleName); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserNotFound (pUserName text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 23), pUserName); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserNotFound (pId uuid) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 24), pId); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DeleteUserError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 25)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AlreadyExists (pWho text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 26), pWho); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RecordExists (pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 27), pCode); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InvalidCodes (pValid text[], pInvalid text[]) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 28), pValid, pInvalid); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectCode (pCode text, pArray anyarray) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 29), pCode, pArray); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ChangeObjectStateError (pObject uuid) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 35), pObject); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ChangesNotAllowed () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 36)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.MethodIsEmpty () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 38)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ActionIsEmpty () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 39)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ExecutorIsEmpty () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 40)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectDateInterval () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 41)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.UserPasswordChange () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 42)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SystemRoleError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 43)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.LoginIpTableError (pHost inet) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 44), host(pHost)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.OperationNotPossible () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 45)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ViewNotFound (pScheme text, pTable text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 46), pScheme, pTable); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InvalidVerificationCodeType (pType char) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 47), pType); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InvalidPhoneNumber (pPhone text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 48), pPhone); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ObjectIsNull () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 49)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.PerformActionError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 50)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IdentityNotConfirmed () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 51)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ReadOnlyError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 52)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ActionAlreadyCompleted () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 53)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.JsonIsEmpty () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 60)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectJsonKey (pRoute text, pKey text, pArray anyarray) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 61), pRoute, pKey, pArray); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.JsonKeyNotFound (pRoute text, pKey text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 62), pRoute, pKey); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectJsonType (pType text, pExpected text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 63), pType, pExpected); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectKeyInArray (pKey text, pArrayName text, pArray anyarray) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 64), pKey, pArrayName, pArray); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectValueInArray (pValue text, pArrayName text, pArray anyarray) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 65), pValue, pArrayName, pArray); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ValueOutOfRange (pValue integer) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 66), pValue); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DateValidityPeriod () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 67)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IssuerNotFound (pCode text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 70), pCode); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.AudienceNotFound () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 71)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GuestAreaError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 72)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.NotFound () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 73)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DefaultAreaDocumentError () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 74)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectRegistryKey (pKey text, pArray anyarray) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 80), pKey, pArray); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IncorrectRegistryDataType (pType integer) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 81), pType); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RouteIsEmpty () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 90)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.RouteNotFound (pRoute text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 91), pRoute); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.EndPointNotSet (pPath text) RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 92), pPath); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SomethingWentWrong () RETURNS void
AS $$ BEGIN RAISE EXCEPTION '%', format(GetExceptionStr(400, 100)); END; $$
LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;
