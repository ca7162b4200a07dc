--------------------------------------------------------------------------------
-- api module: route tree, endpoints, routes, REST catalogue (install only)
--------------------------------------------------------------------------------

CREATE TABLE db.path (
  id      uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  root    uuid NOT NULL REFERENCES db.path(id) DEFERRABLE INITIALLY DEFERRED,
  parent  uuid REFERENCES db.path(id),
  name    text NOT NULL,
  level   integer NOT NULL,
  -- '/seg1/seg2/…' of this node, kept by the insert trigger (nodes are never
  -- renamed or moved): lets api.run find the longest registered prefix of a
  -- request path with one index probe.
  fullpath text NOT NULL
);

-- NULLS NOT DISTINCT: two top nodes of the same name would otherwise both be legal.
CREATE UNIQUE INDEX path_root_parent_name_key ON db.path (root, parent, name) NULLS NOT DISTINCT;
CREATE INDEX ON db.path (root);
CREATE INDEX ON db.path (parent);
CREATE INDEX ON db.path (name);
CREATE UNIQUE INDEX path_top_name_key ON db.path (name) WHERE parent IS NULL;
CREATE UNIQUE INDEX path_fullpath_key ON db.path (fullpath);

CREATE OR REPLACE FUNCTION db.ft_path_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := gen_kernel_uuid('8');
  END IF;
  IF NEW.root IS NULL THEN
    NEW.root := coalesce((SELECT root FROM db.path WHERE id = NEW.parent), NEW.id);
  END IF;
  NEW.fullpath := coalesce((SELECT fullpath FROM db.path WHERE id = NEW.parent), '') || '/' || NEW.name;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_path_before_insert
  BEFORE INSERT ON db.path
  FOR EACH ROW EXECUTE PROCEDURE db.ft_path_before_insert();

CREATE TABLE db.endpoint (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  definition  text NOT NULL
);

-- An endpoint may only ever call a rest dispatcher with the two bound arguments.
ALTER TABLE db.endpoint ADD CONSTRAINT endpoint_definition_check
  CHECK (definition ~ '^SELECT \* FROM rest\.[a-z_]+\(\$1, \$2\);$');

CREATE UNIQUE INDEX ON db.endpoint (definition);

CREATE TABLE db.route (
  method    text NOT NULL DEFAULT 'POST' CHECK (method IN ('GET', 'POST', 'PUT', 'DELETE')),
  path      uuid NOT NULL REFERENCES db.path(id) ON DELETE CASCADE,
  endpoint  uuid NOT NULL REFERENCES db.endpoint(id) ON DELETE CASCADE,
  PRIMARY KEY (method, path, endpoint)
);

CREATE INDEX ON db.route (method);
CREATE INDEX ON db.route (path);
CREATE INDEX ON db.route (endpoint);

-- api.run keeps a copy of the route table per connection (api_route_cache) and
-- reloads it when kernel.api_route_version() changes. The version is the
-- function's own constant, rewritten by every statement that changes paths,
-- endpoints or routes: a SQL function that returns a constant is folded into
-- the plans that call it, so reading it costs nothing per request, and
-- replacing it invalidates those plans in every connection at commit, after
-- which the reload sees the committed routes.
CREATE SEQUENCE db.route_version;

CREATE OR REPLACE FUNCTION kernel.api_route_version()
RETURNS bigint AS $$ SELECT 0::bigint $$ LANGUAGE sql IMMUTABLE;

-- Rewrites the constant function TG_ARGV[0] with the next value of the
-- sequence TG_ARGV[1]; the triggers of every such version use it.
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

CREATE TRIGGER t_path_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.path
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');
CREATE TRIGGER t_endpoint_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.endpoint
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');
CREATE TRIGGER t_route_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.route
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.api_route_version', 'db.route_version');

-- Per-path REST catalogue, read by the app service to build its OpenAPI document.
CREATE TABLE db.rest_catalog (
  path      text PRIMARY KEY,
  methods   text[] NOT NULL DEFAULT '{GET,POST}',
  keys      text[],
  required  text[],
  session   boolean NOT NULL DEFAULT true,
  summary   text,
  module    text
);

--------------------------------------------------------------------------------
-- /whoami answers, kept per session
--------------------------------------------------------------------------------

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
CREATE TABLE db.whoami_cache (
  session      varchar(40) PRIMARY KEY REFERENCES db.session (code) ON DELETE CASCADE,
  userid       uuid NOT NULL,
  session_xmin xid NOT NULL,
  user_gen     bigint NOT NULL,
  version      bigint NOT NULL,
  answer       json NOT NULL
);

CREATE TABLE db.whoami_gen (
  userid       uuid PRIMARY KEY REFERENCES db.user (id) ON DELETE CASCADE,
  gen          bigint NOT NULL
);

CREATE SEQUENCE db.whoami_version;

-- A constant, like kernel.api_route_version(): folded into the plans that read
-- it, and replacing it invalidates them in every connection at commit.
CREATE OR REPLACE FUNCTION kernel.whoami_version()
RETURNS bigint AS $$ SELECT 0::bigint $$ LANGUAGE sql IMMUTABLE;

CREATE TRIGGER t_locale_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.locale
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE TRIGGER t_scope_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.scope
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE TRIGGER t_area_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.area
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_constant_version('kernel.whoami_version', 'db.whoami_version');
CREATE TRIGGER t_interface_whoami_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.interface
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

CREATE TRIGGER t_user_whoami AFTER UPDATE ON db.user
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE PROCEDURE db.ft_whoami_user_changed();
CREATE TRIGGER t_profile_whoami AFTER INSERT OR UPDATE OR DELETE ON db.profile
  FOR EACH ROW EXECUTE PROCEDURE db.ft_whoami_user_changed();
CREATE TRIGGER t_member_group_whoami AFTER INSERT OR UPDATE OR DELETE ON db.member_group
  FOR EACH ROW EXECUTE PROCEDURE db.ft_whoami_user_changed();
