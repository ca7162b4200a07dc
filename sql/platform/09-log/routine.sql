-- Event log writers.

CREATE OR REPLACE FUNCTION kernel.AddEventLog (
  pType     char,
  pCode     integer,
  pScope    text,
  pEvent    text,
  pText     text,
  pCategory text DEFAULT null,
  pObject   uuid DEFAULT null
) RETURNS   bigint
AS $$
DECLARE
  nId       bigint;
BEGIN
  INSERT INTO db.log (type, code, scope, event, text, category, object)
  VALUES (pType, pCode, pScope, pEvent, pText, pCategory, pObject)
  RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Legacy signature without a scope. Both overloads accept five text-like
-- arguments, so callers name the parameters (pScope => …) to pick the scoped one.
CREATE OR REPLACE FUNCTION kernel.AddEventLog (
  pType     char,
  pCode     integer,
  pEvent    text,
  pText     text,
  pCategory text DEFAULT null,
  pObject   uuid DEFAULT null
) RETURNS   bigint
AS $$
  SELECT kernel.AddEventLog(pType => pType, pCode => pCode, pScope => null::text, pEvent => pEvent,
                            pText => pText, pCategory => pCategory, pObject => pObject);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.NewEventLog (
  pType     char,
  pCode     integer,
  pScope    text,
  pEvent    text,
  pText     text,
  pCategory text DEFAULT null,
  pObject   uuid DEFAULT null
) RETURNS   void
AS $$
BEGIN
  PERFORM AddEventLog(pType => pType, pCode => pCode, pScope => pScope, pEvent => pEvent,
                      pText => pText, pCategory => pCategory, pObject => pObject);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.NewEventLog (
  pType     char,
  pCode     integer,
  pEvent    text,
  pText     text,
  pCategory text DEFAULT null,
  pObject   uuid DEFAULT null
) RETURNS   void
AS $$
BEGIN
  PERFORM AddEventLog(pType => pType, pCode => pCode, pScope => null::text, pEvent => pEvent,
                      pText => pText, pCategory => pCategory, pObject => pObject);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The primary logger. Storage obeys the log mode (GUC current.log); type N
-- and debug entries in debug mode are also raised as a NOTICE.
CREATE OR REPLACE FUNCTION kernel.WriteToEventLog (
  pType     char,
  pCode     integer,
  pScope    text,
  pEvent    text,
  pText     text,
  pObject   uuid DEFAULT null
) RETURNS   void
AS $$
DECLARE
  vCategory text;
BEGIN
  IF pType IN ('M', 'W', 'E', 'D') AND coalesce(GetLogMode(), true) THEN
    IF pObject IS NOT NULL THEN
      -- The entity module (loaded later) owns objects and their classes.
      vCategory := GetClassCode(GetObjectClass(pObject));
    END IF;

    INSERT INTO db.log (type, code, scope, event, text, category, object)
    VALUES (pType, pCode, pScope, pEvent, pText, vCategory, pObject);
  END IF;

  IF pType = 'N' OR (pType = 'D' AND coalesce(GetDebugMode(), false)) THEN
    RAISE NOTICE '[%] [%] [%] [%] [%] %', pType, pCode, pScope, pEvent, pObject, pText;
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.WriteToEventLog (
  pType     char,
  pCode     integer,
  pEvent    text,
  pText     text,
  pObject   uuid DEFAULT null
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog(pType, pCode, null::text, pEvent, pText, pObject);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.WriteToEventLog (
  pType     char,
  pCode     integer,
  pText     text,
  pObject   uuid DEFAULT null
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog(pType, pCode, null::text, 'log'::text, pText, pObject);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Used by every exception handler: E (error) and, with a context, D
-- (PL/pgSQL stack), both coded with the parsed error group.
CREATE OR REPLACE FUNCTION kernel.WriteDiagnostics (
  pMessage      text,
  pContext      text DEFAULT null,
  pScope        text DEFAULT 'exception',
  pObject       uuid DEFAULT null,
  OUT errorCode int,
  OUT errorMessage text
) RETURNS       record
AS $$
DECLARE
  vError        text;
BEGIN
  SELECT code, message, error INTO errorCode, errorMessage, vError FROM ParseMessage(pMessage);

  PERFORM SetErrorMessage(errorMessage);
  PERFORM WriteToEventLog('E', errorCode, pScope, 'error', errorMessage, pObject);

  IF pContext IS NOT NULL THEN
    PERFORM WriteToEventLog('D', errorCode, pScope, 'context', pContext, pObject);
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.WriteDiagnostics (
  pMessage      text,
  pContext      text,
  pObject       uuid,
  OUT errorCode int,
  OUT errorMessage text
) RETURNS       record
AS $$
  SELECT * FROM kernel.WriteDiagnostics(pMessage, pContext, 'exception'::text, pObject);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DeleteEventLog (pId bigint)
RETURNS void
AS $$
BEGIN
  DELETE FROM db.log WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
