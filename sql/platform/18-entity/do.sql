--------------------------------------------------------------------------------
-- entity module: configuration hooks (spec 18 §11). Install-only, so a
-- configuration's overrides survive `update`. Client and device documents are
-- configuration tables: the defaults use them only when they exist.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EntityConfirmClient (
  pUserId     uuid
) RETURNS     void
AS $$
DECLARE
  uClient     uuid;
  uArea       uuid;
  uSaveArea   uuid := GetCurrentArea();
  uConfirm    uuid;
BEGIN
  IF to_regclass('db.client') IS NULL THEN
    RETURN;
  END IF;

  EXECUTE 'SELECT c.id, d.area FROM db.client c INNER JOIN db.document d ON d.id = c.id WHERE c.userid = $1 LIMIT 1'
     INTO uClient, uArea USING pUserId;

  IF uClient IS NULL THEN
    RETURN;
  END IF;

  PERFORM SetCurrentArea(uArea);

  IF IsCreated(uClient) THEN
    PERFORM DoEnable(uClient);
  END IF;

  IF IsEnabled(uClient) THEN
    uConfirm := GetObjectMethod(uClient, GetAction('confirm'));
    IF uConfirm IS NOT NULL THEN
      PERFORM ExecuteMethod(uClient, uConfirm);
    END IF;
  END IF;

  PERFORM SetCurrentArea(uSaveArea);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoConfirmEmail (pUserId uuid) RETURNS void
AS $$ BEGIN PERFORM EntityConfirmClient(pUserId); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DoConfirmPhone (pUserId uuid) RETURNS void
AS $$ BEGIN PERFORM EntityConfirmClient(pUserId); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Push tokens of a user: the addresses of its client's enabled devices, or the
-- token kept in the user's registry when there is no client.
CREATE OR REPLACE FUNCTION DoFCMTokens (
  pUserId     uuid
) RETURNS     text[]
AS $$
DECLARE
  aResult     text[];
  vToken      text;
BEGIN
  IF to_regclass('db.client') IS NOT NULL AND to_regclass('db.device') IS NOT NULL THEN
    EXECUTE 'SELECT array_agg(d.address) FROM db.device d INNER JOIN db.client c ON c.id = d.client
              INNER JOIN db.object o ON o.id = d.id
              INNER JOIN db.state_type st ON st.id = o.state_type AND st.code = ''enabled''
              WHERE c.userid = $1 AND d.address IS NOT NULL'
       INTO aResult USING pUserId;
    IF aResult IS NOT NULL THEN
      RETURN aResult;
    END IF;
  END IF;

  vToken := RegGetValueString('CURRENT_USER', 'CONFIG\Firebase\CloudMessaging', 'Token', pUserId);
  IF vToken IS NOT NULL THEN
    RETURN ARRAY[vToken];
  END IF;

  RETURN aResult;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
