--------------------------------------------------------------------------------
-- current module: getters of the current session's context. These return
-- kernel view row types, so update re-creates them after the views.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.current_session ()
RETURNS         SETOF Session
AS $$
  SELECT * FROM Session WHERE code = current_session();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_user ()
RETURNS         SETOF users
AS $$
  SELECT * FROM users WHERE id = current_userid() AND scope = current_scope();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_userid ()
RETURNS         uuid
AS $$
  SELECT current_userid();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_username ()
RETURNS         text
AS $$
  SELECT current_username();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_area ()
RETURNS         SETOF Area
AS $$
  SELECT * FROM Area WHERE id = current_area();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_interface ()
RETURNS         SETOF Interface
AS $$
  SELECT * FROM Interface WHERE id = current_interface();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.current_locale ()
RETURNS         SETOF Locale
AS $$
  SELECT * FROM Locale WHERE id = current_locale();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.oper_date ()
RETURNS         timestamptz
AS $$
  SELECT oper_date FROM db.session WHERE code = current_session();
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
