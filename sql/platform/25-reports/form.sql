-- Ready-made form functions (25-reports §1.1, §1.3). Labels are Russian in
-- locale `ru` and English otherwise.

CREATE OR REPLACE FUNCTION report.rfc_identifier_form (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT json_build_object('form', pForm, 'fields', json_build_array(
    json_build_object('type', 'string', 'format', 'uuid', 'key', 'identifier',
                      'label', CASE locale_code() WHEN 'ru' THEN 'Идентификатор' ELSE 'Identifier' END)));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION report.rfc_import_file (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT json_build_object('form', pForm, 'fields', json_build_array(
    json_build_object('type', 'file', 'format', 'JSON', 'key', 'files',
                      'label', CASE locale_code() WHEN 'ru' THEN 'Файл импорта' ELSE 'Import file' END)));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION report.rfc_import_files (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT json_build_object('form', pForm, 'fields', json_build_array(
    json_build_object('type', 'file', 'format', 'JSON', 'key', 'files', 'multiple', true,
                      'label', CASE locale_code() WHEN 'ru' THEN 'Файлы импорта' ELSE 'Import files' END)));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Group, user and status selects shared by the user and session lists. A
-- group with several choices is `mutable`: picking one re-requests the form
-- with that group, which narrows the user select to its members.
CREATE OR REPLACE FUNCTION ReportUserFilterFields (
  pForm     uuid,
  pParams   json
) RETURNS   json
AS $$
DECLARE
  bRu       boolean := locale_code() = 'ru';
  uGroup    uuid;
  nStatus   integer;
  jGroups   json;
  jUsers    json;
  nGroups   integer;
  nUsers    integer;
  jGroup    jsonb;
  jUser     jsonb;
BEGIN
  BEGIN
    uGroup := nullif(pParams->>'groupid', '')::uuid;
    nStatus := coalesce(nullif(pParams->>'status', '')::integer, 3);
  EXCEPTION WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  END;

  SELECT coalesce(json_agg(json_build_object('value', g.id, 'label', g.name) ORDER BY g.name), '[]'::json), count(*)
    INTO jGroups, nGroups
    FROM db.user g
   WHERE g.type = 'G';

  SELECT coalesce(json_agg(json_build_object('value', u.id, 'label', u.name) ORDER BY u.name), '[]'::json), count(*)
    INTO jUsers, nUsers
    FROM db.user u
   WHERE u.type = 'U'
     AND (uGroup IS NULL OR EXISTS (SELECT FROM db.member_group m WHERE m.userid = uGroup AND m.member = u.id));

  jGroup := jsonb_build_object('type', 'select', 'format', 'uuid', 'key', 'groupid',
                               'label', CASE WHEN bRu THEN 'Группа' ELSE 'Group' END, 'data', jGroups);
  IF nGroups = 1 THEN
    jGroup := jGroup || jsonb_build_object('value', jGroups->0->'value');
  ELSE
    jGroup := jGroup || jsonb_build_object('mutable', true);
    IF uGroup IS NOT NULL THEN
      jGroup := jGroup || jsonb_build_object('value', uGroup);
    END IF;
  END IF;

  jUser := jsonb_build_object('type', 'select', 'format', 'uuid', 'key', 'userid',
                              'label', CASE WHEN bRu THEN 'Пользователь' ELSE 'User' END, 'data', jUsers);
  IF nUsers = 1 THEN
    jUser := jUser || jsonb_build_object('value', jUsers->0->'value');
  ELSE
    jUser := jUser || jsonb_build_object('mutable', false);
  END IF;

  RETURN json_build_object('form', pForm, 'fields', json_build_array(jGroup, jUser,
    json_build_object('type', 'select', 'format', 'text', 'key', 'status',
                      'label', CASE WHEN bRu THEN 'Статус' ELSE 'Status' END,
                      'value', nStatus,
                      'data', json_build_array(
                        json_build_object('value', 15, 'label', CASE WHEN bRu THEN 'Все' ELSE 'All' END),
                        json_build_object('value', 3, 'label', CASE WHEN bRu THEN 'Действующие' ELSE 'Enabled' END),
                        json_build_object('value', 1, 'label', CASE WHEN bRu THEN 'Открыт' ELSE 'Open' END),
                        json_build_object('value', 2, 'label', CASE WHEN bRu THEN 'Активен' ELSE 'Active' END),
                        json_build_object('value', 4, 'label', CASE WHEN bRu THEN 'Заблокирован' ELSE 'Locked' END),
                        json_build_object('value', 8, 'label', CASE WHEN bRu THEN 'Просрочен' ELSE 'Expired' END)))));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION report.rfc_user_list (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT ReportUserFilterFields(pForm, pParams);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION report.rfc_session_list (
  pForm     uuid,
  pParams   json DEFAULT null
) RETURNS   json
AS $$
  SELECT ReportUserFilterFields(pForm, pParams);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
