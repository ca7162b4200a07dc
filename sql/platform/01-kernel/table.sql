-- Identity and server key of the installation. They live in a table (not in
-- database settings) so that a database cloned from an installed template
-- works at once, whatever its physical name.
CREATE TABLE db.setting (
  name  text PRIMARY KEY,
  value text NOT NULL
);

COMMENT ON TABLE db.setting IS 'Installation identity (project code) and server key.';

-- Filled here rather than in a seed: kernel.SyncOAuth2Config runs before the
-- seeds and already needs the key (system audience, secret encryption).
INSERT INTO db.setting (name, value)
VALUES ('project', coalesce(nullif(current_setting('pgfleet.project', true), ''), 'pgfleet')),
       ('secret_key', coalesce(nullif(current_setting('pgfleet.secret_key', true), ''),
                               encode(public.gen_random_bytes(32), 'hex')))
ON CONFLICT (name) DO NOTHING;
