--------------------------------------------------------------------------------
-- notice module: trigger functions (in create for the trigger, in code so
-- that update refreshes them)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_notice_after_insert()
RETURNS     trigger
AS $$
BEGIN
  PERFORM pg_notify('notice', json_build_object('id', NEW.id, 'userid', NEW.userid, 'object', NEW.object, 'category', NEW.category)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
