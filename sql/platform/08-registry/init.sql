-- Well-known entries of the global tree read by the core modules.
SELECT kernel.RegSetValueString('CURRENT_CONFIG', E'CONFIG\\System', 'LocaleCode', 'en');
SELECT kernel.RegSetValueString('CURRENT_CONFIG', E'CONFIG\\CurrentProject\\API\\Route', 'Blacklist', '');
SELECT kernel.RegSetValueString('CURRENT_CONFIG', E'CONFIG\\CurrentProject', 'Name', kernel.current_project());
SELECT kernel.RegSetValueString('CURRENT_CONFIG', E'CONFIG\\CurrentProject', 'Host',
  coalesce(nullif(current_setting('pgfleet.public_url', true), ''), 'http://127.0.0.1:4977'));
