-- OAuth 2.0 reference data: providers, application kinds, issuers,
-- algorithms and audiences (registered clients).

CREATE TABLE oauth2.provider (
  id          serial PRIMARY KEY,
  type        char NOT NULL CHECK (type IN ('I', 'E')),
  code        text NOT NULL,
  name        text
);

COMMENT ON TABLE oauth2.provider IS 'Identity providers: I internal (the platform), E external.';

CREATE UNIQUE INDEX ON oauth2.provider (type, code);
CREATE INDEX ON oauth2.provider (type);
CREATE INDEX ON oauth2.provider (code);
CREATE INDEX ON oauth2.provider (code text_pattern_ops);

CREATE TABLE oauth2.application (
  id          serial PRIMARY KEY,
  type        char NOT NULL CHECK (type IN ('S', 'W', 'N')),
  code        text NOT NULL,
  name        text
);

COMMENT ON TABLE oauth2.application IS 'Client kinds: S service, W web, N native.';

CREATE UNIQUE INDEX ON oauth2.application (type, code);
CREATE INDEX ON oauth2.application (type);
CREATE INDEX ON oauth2.application (code);
CREATE INDEX ON oauth2.application (code text_pattern_ops);

CREATE TABLE oauth2.issuer (
  id          serial PRIMARY KEY,
  provider    integer NOT NULL REFERENCES oauth2.provider (id),
  code        text NOT NULL,
  name        text
);

COMMENT ON TABLE oauth2.issuer IS 'Values of the JWT iss claim per provider; the lowest id is used when minting.';

CREATE UNIQUE INDEX ON oauth2.issuer (provider, code);
CREATE INDEX ON oauth2.issuer (provider);
CREATE INDEX ON oauth2.issuer (code);
CREATE INDEX ON oauth2.issuer (code text_pattern_ops);

CREATE TABLE oauth2.algorithm (
  id          serial PRIMARY KEY,
  code        text NOT NULL,
  name        text
);

CREATE INDEX ON oauth2.algorithm (code);

-- Unlike upstream, the client secret is never stored in plain text: `hash`
-- is its keyed hash (kernel.hmac_key_hash) to check a presented secret with
-- one index probe, `secret` a copy encrypted with the server key that only
-- SECURITY DEFINER code decrypts (GetAudienceSecret) to sign HS256 tokens.
CREATE TABLE oauth2.audience (
  id          serial PRIMARY KEY,
  provider    integer NOT NULL REFERENCES oauth2.provider (id),
  application integer NOT NULL REFERENCES oauth2.application (id),
  algorithm   integer NOT NULL,
  code        text NOT NULL,
  secret      bytea NOT NULL,
  hash        text NOT NULL,
  name        text
);

COMMENT ON TABLE oauth2.audience IS 'Registered clients; code is the client_id and the JWT aud claim.';
COMMENT ON COLUMN oauth2.audience.secret IS 'Client secret encrypted with the server key (pgp_sym_encrypt).';
COMMENT ON COLUMN oauth2.audience.hash IS 'HMAC-SHA256 of the client secret with the server key, hex.';

CREATE UNIQUE INDEX ON oauth2.audience (provider, code);
CREATE INDEX ON oauth2.audience (provider);
CREATE INDEX ON oauth2.audience (code);
CREATE INDEX ON oauth2.audience (code text_pattern_ops);
CREATE INDEX ON oauth2.audience (hash);
