-- /whoami answers kept per session, for databases installed before them
-- (10-api/table.sql has the same objects for new installs; WhoamiRows, in the
-- code file rest.sql, serves and fills them). Nothing is kept yet: the first
-- /whoami of each session builds its answer.

-- Building a /whoami answer reads eight relations and renders ~45 values (half
-- of the request); it changes far less often than it is asked for.
-- WhoamiRows (rest.sql) keeps the answer of each session here with the stamps
-- of what it was built from, and serves it while the stamps still hold:
--   session_xmin  the session row's version: any write of the session (its
--                 statistics, locale, area, su…) makes a new one;
--   user_gen      db.whoami_gen of the session's user, moved by every write of
--                 that user's row, profiles and group memberships;
--   version       kernel.whoami_version(), rewritten by every change of
--                 locales, scopes, areas and interfaces.
-- The stamps are read before the answer is built (a snapshot no newer than the
-- answer's), and invalidation moves a stamp rather than deleting cached rows,
-- so a change that commits while an answer is being built is never lost: it
-- cannot delete a row it does not see yet, but its stamp outdates that row.
CREATE TABLE IF NOT EXISTS db.whoami_cache (
  session      varchar(40) PRIMARY KEY REFERENCES db.session (code) ON DELETE CASCADE,
  userid       uuid NOT NULL,
  session_xmin xid NOT NULL,
  user_gen     bigint NOT NULL,
  version      bigint NOT NULL,
  answer       json NOT NULL
);

CREATE TABLE IF NOT EXISTS db.whoami_gen (
  userid       uuid PRIMARY KEY REFERENCES db.user (id) ON DELETE CASCADE,
  gen          bigint NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS db.whoami_version;

-- A constant, like kernel.api_route_version(): folded into the plans that read
-- it, and replacing it invalidates them in every connection at commit.
-- (Created only when missing: a re-run must not move it back to a version
-- that answers were once kept under.)
DO $$
BEGIN
  IF to_regprocedure('kernel.whoami_version()') IS NULL THEN
    CREATE FUNCTION kernel.whoami_version() RETURNS bigint AS $f$ SELECT 0::bigint $f$ LANGUAGE sql IMMUTABLE;
  END IF;
END
$$;

-- Rewrites the constant function TG_ARGV[0] with the next value of the
-- sequence TG_ARGV[1]: the route version's triggers (P00000008) move to it too.
CREATE OR REPLACE FUNCTION db.ft_constant_version()
RETURNS trigger AS $$
BEGIN
  -- Changes queue here until commit: two transactions rewriting the function
  -- at once would fail with "tuple concurrently updated".
  PERFORM pg_advisory_xact_lock(hashtext(TG_ARGV[0]));
  EXECUTE format('CREATE OR REPLACE FUNCTION %s() RETURNS bigint AS $f$ SELECT %s::bigint $f$ LANGUAGE sql IMMUTABLE',
                 TG_ARGV[0], nextval(TG_ARGV[1]::regclass));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE OR REPLACE TRIGGER t_path_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.path
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');
CREATE OR REPLACE TRIGGER t_endpoint_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.endpoint
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');
CREATE OR REPLACE TRIGGER t_route_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.route
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');
DROP FUNCTION IF EXISTS db.ft_route_version();

CREATE OR REPLACE TRIGGER t_locale_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.locale
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE OR REPLACE TRIGGER t_scope_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.scope
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE OR REPLACE TRIGGER t_area_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.area
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE OR REPLACE TRIGGER t_interface_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.interface
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');

-- Outdates the cached /whoami answers of a user's sessions. A configuration
-- whose api.whoami reads tables other than those triggered here calls it from
-- its own triggers.
CREATE OR REPLACE FUNCTION kernel.WhoamiChanged (
  pUserId       uuid
) RETURNS       void
AS $$
BEGIN
  -- A user being deleted (its profiles and memberships go with it) has no
  -- sessions left to answer for.
  INSERT INTO db.whoami_gen AS g (userid, gen)
  SELECT u.id, 1 FROM db.user u WHERE u.id = pUserId
  ON CONFLICT (userid) DO UPDATE SET gen = g.gen + 1;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_whoami_user_changed()
RETURNS trigger AS $$
BEGIN
  CASE TG_TABLE_NAME
  WHEN 'user' THEN
    PERFORM WhoamiChanged(NEW.id);
  WHEN 'member_group' THEN
    IF TG_OP <> 'INSERT' THEN
      PERFORM WhoamiChanged(OLD.member);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.member IS DISTINCT FROM OLD.member) THEN
      PERFORM WhoamiChanged(NEW.member);
    END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN
      PERFORM WhoamiChanged(OLD.userid);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.userid IS DISTINCT FROM OLD.userid) THEN
      PERFORM WhoamiChanged(NEW.userid);
    END IF;
  END CASE;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE OR REPLACE TRIGGER t_user_whoami AFTER UPDATE ON db.user
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE PROCEDURE db.ft_whoami_user_changed();
CREATE OR REPLACE TRIGGER t_profile_whoami AFTER INSERT OR UPDATE OR DELETE ON db.profile
  FOR EACH ROW EXECUTE PROCEDURE db.ft_whoami_user_changed();
CREATE OR REPLACE TRIGGER t_member_group_whoami AFTER INSERT OR UPDATE OR DELETE ON db.member_group
  FOR EACH ROW EXECUTE PROCEDURE db.ft_whoami_user_changed();
