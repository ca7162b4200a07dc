-- Request-path speed-up for databases installed before it (04-admin/table.sql
-- and 10-api/table.sql have the same objects for new installs):
-- 1. db.session keeps copies of what resuming it needs of its user (username,
--    is_admin, admit_until), so that daemon.fetch admits a session from the token, its
--    header and the session alone, without reading db.user, db.member_group
--    and db.iptable;
-- 2. kernel.api_route_version(), rewritten by any route change, so that
--    api.run can keep a copy of the route table per connection;
-- 3. db.token's hash index is no longer unique (identical id tokens of two
--    sessions of one user, issued in the same microsecond, are both stored).
ALTER TABLE db.session ADD COLUMN IF NOT EXISTS username text;
ALTER TABLE db.session ADD COLUMN IF NOT EXISTS is_admin boolean NOT NULL DEFAULT false;
ALTER TABLE db.session ADD COLUMN IF NOT EXISTS admit_until timestamptz NOT NULL DEFAULT '-infinity';

-- The session's copies of what resuming it needs (client_id; username,
-- is_admin and admit_until of its user), recomputed on insert and on any write of
-- the columns they derive from or of the copies themselves, so they cannot
-- drift. admit_until is the first moment the user's lock or password expiry
-- dates take effect, or -infinity when a status bit or an address table means
-- every request must go through SessionAdmit's checks.
CREATE OR REPLACE FUNCTION db.ft_session_client()
RETURNS trigger AS $$
BEGIN
  SELECT a.code INTO NEW.client_id
    FROM db.oauth2 o JOIN oauth2.audience a ON a.id = o.audience
   WHERE o.id = NEW.oauth2;

  SELECT u.username,
         EXISTS (SELECT FROM db.member_group m
                  WHERE m.userid = '00000000-0000-4000-a000-000000000001' AND m.member = u.id),
         CASE WHEN get_bit(u.status, 1) = 1 OR get_bit(u.status, 0) = 1
                OR EXISTS (SELECT FROM db.iptable i WHERE i.userid = u.id)
              THEN '-infinity'
              ELSE least(coalesce(u.lock_date, 'infinity'), coalesce(u.expiry_date, 'infinity'))
         END
    INTO NEW.username, NEW.is_admin, NEW.admit_until
    FROM db.user u
   WHERE u.id = NEW.userid;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

DROP TRIGGER IF EXISTS t_session_client ON db.session;
CREATE TRIGGER t_session_client
  BEFORE INSERT OR UPDATE OF oauth2, client_id, userid, username, is_admin, admit_until ON db.session
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_client();

-- A change to a user's name, status bits, lock or expiry date, administrator
-- membership or address table refreshes the copies in that user's sessions
-- (writing admit_until makes t_session_client recompute them all). These
-- change rarely; sign-ins, which write db.user often, change none of them.
CREATE OR REPLACE FUNCTION db.ft_session_admission_refresh()
RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'user' THEN
    UPDATE db.session SET admit_until = '-infinity' WHERE userid = NEW.id;
  ELSIF TG_TABLE_NAME = 'member_group' THEN
    UPDATE db.session SET admit_until = '-infinity'
     WHERE userid IN (SELECT x.member FROM (VALUES (OLD.userid, OLD.member), (NEW.userid, NEW.member)) AS x(grp, member)
                       WHERE x.grp = '00000000-0000-4000-a000-000000000001');
  ELSE
    UPDATE db.session SET admit_until = '-infinity' WHERE userid IN (OLD.userid, NEW.userid);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

DROP TRIGGER IF EXISTS t_user_session_admission ON db.user;
CREATE TRIGGER t_user_session_admission AFTER UPDATE OF username, status, lock_date, expiry_date ON db.user
  FOR EACH ROW
  WHEN (OLD.username IS DISTINCT FROM NEW.username
        OR get_bit(OLD.status, 0) <> get_bit(NEW.status, 0) OR get_bit(OLD.status, 1) <> get_bit(NEW.status, 1)
        OR OLD.lock_date IS DISTINCT FROM NEW.lock_date OR OLD.expiry_date IS DISTINCT FROM NEW.expiry_date)
  EXECUTE PROCEDURE db.ft_session_admission_refresh();

DROP TRIGGER IF EXISTS t_member_group_session_admission ON db.member_group;
CREATE TRIGGER t_member_group_session_admission AFTER INSERT OR UPDATE OR DELETE ON db.member_group
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_admission_refresh();

DROP TRIGGER IF EXISTS t_iptable_session_admission ON db.iptable;
CREATE TRIGGER t_iptable_session_admission AFTER INSERT OR UPDATE OR DELETE ON db.iptable
  FOR EACH ROW EXECUTE PROCEDURE db.ft_session_admission_refresh();

-- fill the copies of the existing sessions (the trigger computes them)
UPDATE db.session SET admit_until = '-infinity';

-- 2. the route version
-- api.run keeps a copy of the route table per connection (api_route_cache) and
-- reloads it when kernel.api_route_version() changes. The version is the
-- function's own constant, rewritten by every statement that changes paths,
-- endpoints or routes: a SQL function that returns a constant is folded into
-- the plans that call it, so reading it costs nothing per request, and
-- replacing it invalidates those plans in every connection at commit, after
-- which the reload sees the committed routes.
CREATE SEQUENCE IF NOT EXISTS db.route_version;

DO $$
BEGIN
  IF to_regprocedure('kernel.api_route_version()') IS NULL THEN
    CREATE FUNCTION kernel.api_route_version() RETURNS bigint AS $f$ SELECT 0::bigint $f$ LANGUAGE sql IMMUTABLE;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION db.ft_route_version()
RETURNS trigger AS $$
BEGIN
  -- Route changes queue here until commit: two transactions rewriting the
  -- function at once would fail with "tuple concurrently updated".
  PERFORM pg_advisory_xact_lock(hashtext('kernel.api_route_version'));
  EXECUTE format('CREATE OR REPLACE FUNCTION kernel.api_route_version() RETURNS bigint AS $f$ SELECT %s::bigint $f$ LANGUAGE sql IMMUTABLE',
                 nextval('db.route_version'));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

DROP TRIGGER IF EXISTS t_path_route_version ON db.path;
CREATE TRIGGER t_path_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.path
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();
DROP TRIGGER IF EXISTS t_endpoint_route_version ON db.endpoint;
CREATE TRIGGER t_endpoint_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.endpoint
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();
DROP TRIGGER IF EXISTS t_route_route_version ON db.route;
CREATE TRIGGER t_route_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.route
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();

-- 3. the token hash index, not unique (P00000012 replaces it: gone there, nothing to do)
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass('db.token_hash_validfromdate_validtodate_idx') AND indisunique) THEN
    DROP INDEX db.token_hash_validfromdate_validtodate_idx;
    CREATE INDEX token_hash_validfromdate_validtodate_idx ON db.token (hash, validFromDate, validToDate);
  END IF;
END
$$;
