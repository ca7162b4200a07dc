--------------------------------------------------------------------------------
-- comment module: trigger functions (in create for the trigger, in code so
-- that update refreshes them)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_comment_before_update()
RETURNS     trigger
AS $$
BEGIN
  NEW.updated := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;
