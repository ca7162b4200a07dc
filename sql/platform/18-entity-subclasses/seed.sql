-- Seed of the entity subclasses (install only): classes, then the root seed of
-- 00-conventions §8.3 — vendors, agents, schedulers, programs, periodic jobs.
-- Runs as role kernel (ACL checks off) acting as user admin in the default area,
-- because references may not be created in the root area and documents need an area.

DO $$
DECLARE
  uReference  uuid := GetClass('reference');
  uDocument   uuid := GetClass('document');
BEGIN
  PERFORM SetCurrentUserId('00000000-0000-4000-a001-000000000001'::uuid);
  PERFORM SetCurrentArea('00000000-0000-4003-a001-000000000001'::uuid);

  PERFORM CreateEntityVendor(uReference);
  PERFORM CreateEntityAgent(uReference);
  PERFORM CreateEntityForm(uReference);
  PERFORM CreateEntityProgram(uReference);
  PERFORM CreateEntityScheduler(uReference);
  PERFORM CreateEntityVersion(uReference);
  PERFORM CreateEntityJob(uDocument);
  PERFORM CreateEntityMessage(uDocument);

  IF GetVendor('system.vendor') IS NULL THEN
    PERFORM CreateVendor(null, GetType('service.vendor'), 'system.vendor', 'Система', 'Системные услуги.');
    PERFORM CreateVendor(null, GetType('service.vendor'), 'mts.vendor', 'МТС', 'Мобильные ТелеСистемы.');
    PERFORM CreateVendor(null, GetType('service.vendor'), 'google.vendor', 'Google', 'Google.');
    PERFORM CreateVendor(null, GetType('service.vendor'), 'sberbank.vendor', 'Сбербанк', 'Сбербанк.');
  END IF;

  IF GetAgent('system.agent') IS NULL THEN
    PERFORM CreateAgent(null, GetType('system.agent'), GetVendor('system.vendor'), 'system.agent', 'Система', 'Агент для обработки системных сообщений.');
    PERFORM CreateAgent(null, GetType('system.agent'), GetVendor('system.vendor'), 'notice.agent', 'Извещение', 'Агент для обработки системных извещений.');
    PERFORM CreateAgent(null, GetType('email.agent'), GetVendor('system.vendor'), 'smtp.agent', 'SMTP', 'Агент для отправки электронной почты по протоколу SMTP.');
    PERFORM CreateAgent(null, GetType('email.agent'), GetVendor('system.vendor'), 'pop3.agent', 'POP3', 'Агент для получения электронной почты по протоколу POP3.');
    PERFORM CreateAgent(null, GetType('email.agent'), GetVendor('system.vendor'), 'imap.agent', 'IMAP', 'Агент для получения электронной почты по протоколу IMAP.');
    PERFORM CreateAgent(null, GetType('api.agent'), GetVendor('google.vendor'), 'fcm.agent', 'FCM', 'Агент для отправки push-уведомлений через Firebase Cloud Messaging.');
    PERFORM CreateAgent(null, GetType('api.agent'), GetVendor('mts.vendor'), 'm2m.agent', 'M2M', 'Агент для отправки SMS через МТС Коммуникатор.');
    PERFORM CreateAgent(null, GetType('api.agent'), GetVendor('sberbank.vendor'), 'sba.agent', 'SBA', 'Агент для интернет-эквайринга Сбербанка.');
  END IF;

  IF GetScheduler('EACH_01_MINUTES') IS NULL THEN
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_01_MINUTES', 'Каждую минуту', interval '1 minute', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждую минуту.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_05_MINUTES', 'Каждые 5 минут', interval '5 minutes', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждые 5 минут.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_10_MINUTES', 'Каждые 10 минут', interval '10 minutes', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждые 10 минут.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_15_MINUTES', 'Каждые 15 минут', interval '15 minutes', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждые 15 минут.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_30_MINUTES', 'Каждые 30 минут', interval '30 minutes', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждые 30 минут.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_01_HOUR', 'Каждый час', interval '1 hour', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждый час.');
    PERFORM CreateScheduler(null, GetType('job.scheduler'), 'EACH_01_DAY', 'Каждый день', interval '1 day', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '4433-12-31 00:00:00+00', 'Выполнять каждый день.');
  END IF;

  IF GetProgram('CHECK_OFFLINE') IS NULL THEN
    PERFORM CreateProgram(null, GetType('plpgsql.program'), 'CHECK_OFFLINE', 'Проверка пользователей', 'SELECT api.check_offline();', 'Переводит неактивных пользователей в статус «не в сети».');
    PERFORM CreateProgram(null, GetType('plpgsql.program'), 'CHECK_SESSION', 'Проверка сессий', 'SELECT api.check_session();', 'Закрывает неактивные сессии.');
  END IF;

  IF GetJob('CHECK_OFFLINE_EACH_01_MINUTES') IS NULL THEN
    PERFORM CreateJob(null, GetType('periodic.job'), GetScheduler('EACH_01_MINUTES'), GetProgram('CHECK_OFFLINE'), null,
                      'CHECK_OFFLINE_EACH_01_MINUTES', 'Проверка активных пользователей', 'Каждую минуту переводит неактивных пользователей в статус «не в сети».');
    PERFORM CreateJob(null, GetType('periodic.job'), GetScheduler('EACH_01_HOUR'), GetProgram('CHECK_SESSION'), null,
                      'CHECK_SESSION_EACH_01_HOUR', 'Проверка сессий', 'Каждый час закрывает неактивные сессии.');
  END IF;

  PERFORM SetCurrentArea(null);
  PERFORM SetCurrentUserId(null);
END;
$$;
