-- Loaded with the create step (not as a seed): kernel.SyncOAuth2Config runs
-- before the seeds and creates users whose profiles reference a locale.
INSERT INTO db.locale (id, code, name, description) VALUES
  ('00000000-0000-4001-a000-000000000001', 'en', 'English', 'English language'),
  ('00000000-0000-4001-a000-000000000002', 'ru', 'Русский', 'Русский язык'),
  ('00000000-0000-4001-a000-000000000003', 'de', 'Deutsch', 'Deutsche Sprache'),
  ('00000000-0000-4001-a000-000000000004', 'fr', 'Français', 'Langue française'),
  ('00000000-0000-4001-a000-000000000005', 'it', 'Italiano', 'Lingua italiana'),
  ('00000000-0000-4001-a000-000000000006', 'es', 'Español', 'Lengua española')
ON CONFLICT (id) DO NOTHING;
