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

CREATE TRIGGER t_path_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.path
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();
CREATE TRIGGER t_endpoint_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.endpoint
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();
CREATE TRIGGER t_route_route_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON db.route
  FOR EACH STATEMENT EXECUTE PROCEDURE db.ft_route_version();

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
