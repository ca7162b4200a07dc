-- admin module: base rows (scope, areas, interfaces, groups, service users).
--
-- Listed last under `code`, not `seed`: the installer runs kernel.SyncOAuth2Config right
-- after the code files and before any seed, and that sync creates client users in group
-- `system` inside the guest area, so these rows must already exist. The guard makes the
-- file a no-op on `update` (and on any later run), so it stays install-only in effect.

DO $$
DECLARE
  vProject  text := current_project();
  vAdminPwd text := coalesce(NULLIF(current_setting('pgfleet.admin_password', true), ''), 'admin');
  r         record;
BEGIN
  IF EXISTS (SELECT FROM db.scope WHERE id = '00000000-0000-4006-a000-000000000000') THEN
    RETURN;
  END IF;

  INSERT INTO db.area_type (id, code, name) VALUES
    ('00000000-0000-4002-a000-000000000000', 'root', 'Корень'),
    ('00000000-0000-4002-a000-000000000001', 'system', 'Система'),
    ('00000000-0000-4002-a000-000000000002', 'guest', 'Гость'),
    ('00000000-0000-4002-a000-000000000003', 'all', 'Все'),
    ('00000000-0000-4002-a001-000000000000', 'default', 'По умолчанию'),
    ('00000000-0000-4002-a001-000000000001', 'main', 'Головной офис'),
    ('00000000-0000-4002-a001-000000000002', 'subsidiary', 'Филиал'),
    ('00000000-0000-4002-a001-000000000003', 'mobile', 'Передвижное подразделение');

  INSERT INTO db.scope (id, code, name) VALUES ('00000000-0000-4006-a000-000000000000', vProject, vProject);

  INSERT INTO db.area (id, parent, type, scope, code, name, level, sequence) VALUES
    ('00000000-0000-4003-a000-000000000000', null, '00000000-0000-4002-a000-000000000000', '00000000-0000-4006-a000-000000000000', 'root', 'Корень', 0, 1),
    ('00000000-0000-4003-a000-000000000001', '00000000-0000-4003-a000-000000000000', '00000000-0000-4002-a000-000000000001', '00000000-0000-4006-a000-000000000000', 'system', 'Система', 1, 1),
    ('00000000-0000-4003-a000-000000000002', '00000000-0000-4003-a000-000000000000', '00000000-0000-4002-a000-000000000002', '00000000-0000-4006-a000-000000000000', 'guest', 'Гость', 1, 2),
    ('00000000-0000-4003-a001-000000000000', '00000000-0000-4003-a000-000000000000', '00000000-0000-4002-a000-000000000003', '00000000-0000-4006-a000-000000000000', 'all', 'Все', 1, 3),
    ('00000000-0000-4003-a001-000000000001', '00000000-0000-4003-a001-000000000000', '00000000-0000-4002-a001-000000000001', '00000000-0000-4006-a000-000000000000', vProject, vProject, 2, 1);

  INSERT INTO db.interface (id, code, name, description) VALUES
    ('00000000-0000-4004-a000-000000000000', 'all', 'Все', 'Интерфейс для всех'),
    ('00000000-0000-4004-a000-000000000001', 'administrator', 'Администраторы', 'Интерфейс для администраторов'),
    ('00000000-0000-4004-a000-000000000002', 'user', 'Пользователи', 'Интерфейс для пользователей'),
    ('00000000-0000-4004-a000-000000000003', 'guest', 'Гости', 'Интерфейс для гостей');

  INSERT INTO db.user (id, type, username, name, description) VALUES
    ('00000000-0000-4000-a000-000000000000', 'G', 'system', 'Система', 'Группа для системных пользователей'),
    ('00000000-0000-4000-a000-000000000001', 'G', 'administrator', 'Администраторы', 'Группа для администраторов системы'),
    ('00000000-0000-4000-a000-000000000002', 'G', 'user', 'Пользователи', 'Группа для пользователей системы'),
    ('00000000-0000-4000-a000-000000000003', 'G', 'guest', 'Гости', 'Группа для гостей системы'),
    ('00000000-0000-4000-a000-000000000004', 'G', 'message', 'Сообщения', 'Группа для пользователей, которые могут отправлять сообщения'),
    ('00000000-0000-4000-a000-000000000005', 'G', 'replication', 'Репликация', 'Группа для пользователей репликации');

  INSERT INTO db.member_interface (interface, member) VALUES
    ('00000000-0000-4004-a000-000000000001', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4004-a000-000000000002', '00000000-0000-4000-a000-000000000002'),
    ('00000000-0000-4004-a000-000000000003', '00000000-0000-4000-a000-000000000003');

  -- Service users get a random password unless the installer provides one: nobody should be
  -- able to sign in as them with a published default.
  FOR r IN SELECT * FROM (VALUES
      ('00000000-0000-4000-a001-000000000001'::uuid, 'admin', 'Администратор', vAdminPwd, true, false),
      ('00000000-0000-4000-a001-000000000002'::uuid, 'daemon', 'Демон', current_setting('pgfleet.daemon_password', true), false, true),
      ('00000000-0000-4000-a002-000000000001'::uuid, 'apibot', 'Системная служба API', current_setting('pgfleet.apibot_password', true), false, true),
      ('00000000-0000-4000-a002-000000000002'::uuid, 'mailbot', 'Почтовый клиент', current_setting('pgfleet.mailbot_password', true), false, true)
    ) AS v(id, username, name, password, pwchange, pwnotchange)
  LOOP
    INSERT INTO db.user (id, type, username, name, pswhash, passwordchange, passwordnotchange)
    VALUES (r.id, 'U', r.username, r.name,
            crypt(coalesce(NULLIF(r.password, ''), GenSecretKey(32)), gen_salt('bf')), r.pwchange, r.pwnotchange);
    INSERT INTO db.member_interface (interface, member) VALUES
      ('00000000-0000-4004-a000-000000000000', r.id), ('00000000-0000-4004-a000-000000000003', r.id);
    INSERT INTO db.profile (userid, scope, locale, area, interface)
    VALUES (r.id, '00000000-0000-4006-a000-000000000000', '00000000-0000-4001-a000-000000000002',
            '00000000-0000-4003-a000-000000000002', '00000000-0000-4004-a000-000000000003');
  END LOOP;

  INSERT INTO db.member_group (userid, member) VALUES
    ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a001-000000000001'),
    ('00000000-0000-4000-a000-000000000004', '00000000-0000-4000-a001-000000000001'),
    ('00000000-0000-4000-a000-000000000000', '00000000-0000-4000-a002-000000000001');

  -- what upstream's root init.sql does after signing in as admin
  INSERT INTO db.member_area (area, member) VALUES
    ('00000000-0000-4003-a000-000000000000', '00000000-0000-4000-a001-000000000001'),
    ('00000000-0000-4003-a000-000000000000', '00000000-0000-4000-a002-000000000001'),
    ('00000000-0000-4003-a000-000000000000', '00000000-0000-4000-a002-000000000002');
  UPDATE db.profile SET area = '00000000-0000-4003-a001-000000000001'
   WHERE scope = '00000000-0000-4006-a000-000000000000'
     AND userid IN ('00000000-0000-4000-a001-000000000001', '00000000-0000-4000-a002-000000000001',
                    '00000000-0000-4000-a002-000000000002');
END;
$$ LANGUAGE plpgsql;
