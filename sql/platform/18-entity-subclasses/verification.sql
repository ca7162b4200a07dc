-- Codes for password recovery and registration, sent by e-mail (outbox) or SMS
-- (outbound HTTP). The admin module calls these by name (04-admin api.recovery_password,
-- api.registration_code_by_*), and stores only a bcrypt hash of the code in the ticket.

CREATE OR REPLACE FUNCTION GenVerificationCode ()
RETURNS     text
AS $$
  SELECT lpad((('x' || encode(public.gen_random_bytes(4), 'hex'))::bit(32)::bigint % 1000000)::text, 6, '0');
$$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION SendVerificationMail (
  pEmail    text,
  pName     text,
  pSubject  text,
  pText     text
) RETURNS   uuid
AS $$
DECLARE
  vProject  text := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'Name'), current_project());
  vFrom     text := 'info@' || coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'SMTP'),
                                        RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'Domain'), 'localhost');
BEGIN
  RETURN SendMail(null, vFrom, pEmail, pSubject, CreateMailBody(vProject, vFrom, pName, pEmail, pSubject, pText, null), pSubject);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SmsSender ()
RETURNS     text
AS $$
  SELECT coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject\SMS', 'Address'), current_project());
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION RecoveryPasswordByEmail (
  pUserId   uuid
) RETURNS   uuid
AS $$
DECLARE
  r         record;
  vCode     text := GenVerificationCode();
  uTicket   uuid;
BEGIN
  SELECT email, name INTO r FROM db.user WHERE id = pUserId;
  IF NULLIF(r.email, '') IS NULL THEN
    PERFORM EmailAddressNotSet();
  END IF;

  uTicket := NewRecoveryTicket(pUserId, vCode, encode(public.digest(r.email, 'sha1'), 'hex'));
  PERFORM SendVerificationMail(r.email, r.name, 'Password recovery', format('Your password recovery code: %s', vCode));
  RETURN uTicket;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION RecoveryPasswordByPhone (
  pUserId     uuid,
  pInitiator  text,
  pHashCode   text DEFAULT null
) RETURNS     uuid
AS $$
DECLARE
  vCode       text := GenVerificationCode();
  uTicket     uuid;
BEGIN
  uTicket := NewRecoveryTicket(pUserId, vCode, pInitiator);
  -- The hash lets an Android app read the SMS without a permission (SMS Retriever API).
  PERFORM SendSMS(null, SmsSender(), concat_ws(E'\n', format('Password recovery code: %s', vCode), NULLIF(pHashCode, '')), pUserId);
  RETURN uTicket;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Before sign-up there is no user: the ticket belongs to the apibot user and is
-- found again by its initiator (sha1 of the address), never superseding others'.
CREATE OR REPLACE FUNCTION RegistrationCodeByEmail (
  pEmail    text
) RETURNS   uuid
AS $$
DECLARE
  vCode     text := GenVerificationCode();
  uTicket   uuid;
BEGIN
  IF NULLIF(pEmail, '') IS NULL THEN
    PERFORM EmailAddressNotSet();
  END IF;

  uTicket := AddRecoveryTicket('00000000-0000-4000-a002-000000000001'::uuid, public.crypt(vCode, public.gen_salt('bf')),
                               encode(public.digest(pEmail, 'sha1'), 'hex'), clock_timestamp(), clock_timestamp() + interval '1 hour');
  PERFORM SendVerificationMail(pEmail, null, 'Registration code', format('Your registration code: %s', vCode));
  RETURN uTicket;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION RegistrationCodeByPhone (
  pPhone    text,
  pHashCode text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  vCode     text := GenVerificationCode();
  vURL      text := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\Service\MTS\API', 'URL'), 'https://omnichannel.mts.ru/http-api/v1');
  vToken    text := RegGetValueString('CURRENT_CONFIG', 'CONFIG\Service\MTS\API', 'Token');
  uTicket   uuid;
BEGIN
  IF NULLIF(pPhone, '') IS NULL THEN
    PERFORM PhoneNumberNotSet();
  END IF;

  uTicket := AddRecoveryTicket('00000000-0000-4000-a002-000000000001'::uuid, public.crypt(vCode, public.gen_salt('bf')),
                               encode(public.digest(pPhone, 'sha1'), 'hex'), clock_timestamp(), clock_timestamp() + interval '1 hour');

  PERFORM http.fetch(vURL || '/messages', 'POST',
    jsonb_strip_nulls(jsonb_build_object('Authorization', 'Basic ' || vToken, 'Content-Type', 'application/json')),
    jsonb_build_object(
      'messages', jsonb_build_array(jsonb_build_object(
        'content', jsonb_build_object('short_text', concat_ws(E'\n', format('Registration code: %s', vCode), NULLIF(pHashCode, ''))),
        'to', jsonb_build_array(jsonb_build_object('msisdn', pPhone)))),
      'options', jsonb_build_object('class', 1, 'from', jsonb_build_object('sms_address', SmsSender())))::text,
    'api.mts_done', 'api.mts_fail', 'm2m.agent', SmsSender(), 'sms', null, null, null);

  RETURN uTicket;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
