-- Ready-made routine functions (25-reports §1.2, §1.3). Each builds its
-- pages, stores them on the ready document, completes it; on any error it
-- follows the routine contract's failure path (ReportRoutineFailed).

-- Session locale: Russian texts for `ru`, English for any other.
CREATE OR REPLACE FUNCTION ReportIsRu () RETURNS boolean
AS $$ SELECT coalesce(locale_code() = 'ru', false); $$
LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

-- Upstream's English format repeats the year where the day belongs
-- ('YYYY-MM-YY'); we print the day.
CREATE OR REPLACE FUNCTION ReportDateText (
  pDate     timestamptz
) RETURNS   text
AS $$
  SELECT to_char(pDate, CASE WHEN ReportIsRu() THEN 'DD.MM.YYYY HH24:MI:SS' ELSE 'YYYY-MM-DD HH24:MI:SS' END);
$$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ReportCell (
  pValue    text,
  pClass    text DEFAULT null
) RETURNS   text
AS $$
  SELECT '<td' || coalesce(' class="' || pClass || '"', '') || '>' || coalesce(ReportEscapeHTML(pValue), '') || '</td>';
$$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

-- A CSV field in double quotes, backslashes doubled, as upstream writes names.
CREATE OR REPLACE FUNCTION ReportCsvQuoted (
  pValue    text
) RETURNS   text
AS $$
  SELECT '"' || replace(replace(coalesce(pValue, ''), '\', '\\'), '"', '""') || '"';
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION ReportPage (
  pTitle    text,
  pBody     text
) RETURNS   text
AS $$
  SELECT concat_ws(E'\n', '<!DOCTYPE html>', '<html lang="' || CASE WHEN ReportIsRu() THEN 'ru' ELSE 'en' END || '">',
                   ReportHeadHTML(pTitle), '<body>', '<div class="report-header report-font-size">', pBody, '</div>', '</body>', '</html>');
$$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- report.rpc_object_info
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION report.rpc_object_info (
  pReady    uuid,
  pForm     jsonb DEFAULT null
) RETURNS   void
AS $$
DECLARE
  bRu       boolean := ReportIsRu();
  uObject   uuid;
  jRow      jsonb;
  vTitle    text;
  vRows     text := '';
  r         record;
  vMessage  text;
  vContext  text;
BEGIN
  vTitle := CASE WHEN bRu THEN 'Информация об объекте' ELSE 'Information about the object' END;

  uObject := (pForm->>'identifier')::uuid;

  -- Visibility is the requester's (the ready document's owner), not that of
  -- the worker's service session which runs the routine.
  SELECT to_jsonb(o) INTO jRow FROM Object o WHERE o.id = uObject AND CanReadObject(o.id, GetObjectOwner(pReady));

  IF jRow IS NULL THEN
    vRows := '<tr><td colspan="2" class="text-center">' || CASE WHEN bRu THEN 'Нет данных' ELSE 'No data' END || '</td></tr>';
  ELSE
    -- Catalog order of the Object view's columns.
    FOR r IN
      SELECT a.attname::text AS name
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'kernel.object'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum
    LOOP
      vRows := vRows || '<tr>' || ReportCell(r.name) || ReportCell(jRow->>r.name) || '</tr>' || E'\n';
    END LOOP;
  END IF;

  PERFORM ReportSetFile(pReady, 'index.html', ReportPage(vTitle, concat_ws(E'\n',
    '<h3>' || ReportEscapeHTML(vTitle) || '</h3>',
    '<table class="table table-bordered">',
    '<thead class="thead-light"><tr><th class="text-center">' || CASE WHEN bRu THEN 'Поле' ELSE 'Field' END ||
      '</th><th class="text-center">' || CASE WHEN bRu THEN 'Данные' ELSE 'Data' END || '</th></tr></thead>',
    '<tbody>', vRows, '</tbody>', '</table>')), vTitle, 'data:text/html;base64,');

  PERFORM DoAction(pReady, 'complete');
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM ReportRoutineFailed(pReady, vMessage, vContext);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- User and session lists
--------------------------------------------------------------------------------

-- Users of the current scope matching the list form: optional group and user,
-- status bitmask (a missing status matches nobody, as upstream), at most 500.
CREATE OR REPLACE FUNCTION ReportUserRows (
  pForm     jsonb
) RETURNS   SETOF users
AS $$
  SELECT u.*
    FROM users u
   WHERE u.scope = current_scope()
     AND u.id = coalesce(nullif(pForm->>'userid', '')::uuid, u.id)
     AND u.status & (pForm->>'status')::integer <> 0
     AND (nullif(pForm->>'groupid', '') IS NULL
          OR EXISTS (SELECT FROM db.member_group m WHERE m.userid = (pForm->>'groupid')::uuid AND m.member = u.id))
   ORDER BY u.name
   LIMIT 500;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ReportListHeading (
  pForm     jsonb
) RETURNS   text
AS $$
  SELECT concat_ws(E'\n',
    '<p>' || CASE WHEN nullif(pForm->>'groupid', '') IS NULL
                  THEN CASE WHEN ReportIsRu() THEN 'По всем группам' ELSE 'For all groups' END
                  ELSE CASE WHEN ReportIsRu() THEN 'Группа: ' ELSE 'Group: ' END ||
                       coalesce(ReportEscapeHTML((SELECT name FROM db.user WHERE id = (pForm->>'groupid')::uuid)), '') END || '</p>',
    '<p>' || CASE WHEN nullif(pForm->>'userid', '') IS NULL
                  THEN CASE WHEN ReportIsRu() THEN 'По всем пользователям' ELSE 'For all users' END
                  ELSE CASE WHEN ReportIsRu() THEN 'Пользователь: ' ELSE 'User: ' END ||
                       coalesce(ReportEscapeHTML((SELECT name FROM db.user WHERE id = (pForm->>'userid')::uuid)), '') END || '</p>');
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ReportVerified (
  pVerified boolean
) RETURNS   text
AS $$
  SELECT CASE WHEN coalesce(pVerified, false) THEN 'text-success' ELSE 'text-danger' END;
$$ LANGUAGE sql IMMUTABLE;

-- Upstream writes 11 header fields but 10 data fields (status left out); our
-- rows carry the status so every line has as many fields as the header.
CREATE OR REPLACE FUNCTION report.rpc_user_list (
  pReady    uuid,
  pForm     jsonb DEFAULT null
) RETURNS   void
AS $$
DECLARE
  bRu       boolean := ReportIsRu();
  vTitle    text;
  vRows     text := '';
  vCsv      text;
  u         record;
  vMessage  text;
  vContext  text;
BEGIN
  vTitle := CASE WHEN bRu THEN 'Список пользователей' ELSE 'User list' END;
  vCsv := 'status;username;name;email;phone;description;created;host;input_last;input_count;input_error' || E'\r\n';

  FOR u IN SELECT * FROM ReportUserRows(pForm)
  LOOP
    vRows := vRows || '<tr>' || ReportCell(u.statustext) || ReportCell(u.username) || ReportCell(u.name) ||
             ReportCell(u.email, ReportVerified(u.email_verified)) || ReportCell(u.phone, ReportVerified(u.phone_verified)) ||
             ReportCell(u.description) || ReportCell(ReportDateText(u.created)) || ReportCell(host(u.lc_ip)) ||
             ReportCell(ReportDateText(u.input_last)) || ReportCell(u.input_count::text) || ReportCell(u.input_error::text) || '</tr>' || E'\n';
    vCsv := vCsv || array_to_string(ARRAY[u.statustext, u.username, ReportCsvQuoted(u.name), u.email, u.phone, ReportCsvQuoted(u.description),
                              ReportDateText(u.created), host(u.lc_ip), ReportDateText(u.input_last), u.input_count::text, u.input_error::text], ';', '') || E'\r\n';
  END LOOP;

  PERFORM ReportSetFile(pReady, 'index.html', ReportPage(vTitle, concat_ws(E'\n',
    '<h3>' || ReportEscapeHTML(vTitle) || '</h3>',
    ReportListHeading(pForm),
    '<table class="table table-bordered">',
    '<thead class="thead-light"><tr>' || (SELECT string_agg('<th class="text-center">' || h || '</th>', '') FROM unnest(CASE WHEN bRu
        THEN ARRAY['Статус', 'Логин', 'Имя', 'Email', 'Телефон', 'Описание', 'Создан', 'IP', 'Последний вход', 'Входов', 'Ошибок входа']
        ELSE ARRAY['Status', 'Username', 'Name', 'Email', 'Phone', 'Description', 'Created', 'IP', 'Input last', 'Input count', 'Input error'] END) AS h) ||
      '</tr></thead>',
    '<tbody>', vRows, '</tbody>', '</table>')), vTitle, 'data:text/html;base64,');

  PERFORM ReportSetFile(pReady, 'user_' || to_char(localtimestamp, 'YYYYMMDD_HH24MISS') || '.csv', vCsv, vTitle, 'data:text/csv;base64,');

  PERFORM DoAction(pReady, 'complete');
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM ReportRoutineFailed(pReady, vMessage, vContext);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Session code abbreviated: first 8 characters, '...', 8 from position 32.
CREATE OR REPLACE FUNCTION report.rpc_session_list (
  pReady    uuid,
  pForm     jsonb DEFAULT null
) RETURNS   void
AS $$
DECLARE
  bRu       boolean := ReportIsRu();
  vTitle    text;
  vRows     text := '';
  vCsv      text;
  s         record;
  vMessage  text;
  vContext  text;
BEGIN
  vTitle := CASE WHEN bRu THEN 'Список сессий' ELSE 'Session list' END;
  vCsv := 'session;username;name;email;phone;description;created;updated;host;status' || E'\r\n';

  FOR s IN
    SELECT substr(x.code, 1, 8) || '...' || substr(x.code, 32, 8) AS session, u.username, u.name, u.email, u.email_verified,
           u.phone, u.phone_verified, u.description, x.created, x.updated, host(x.host) AS host, u.statustext
      FROM db.session x INNER JOIN ReportUserRows(pForm) u ON u.id = x.userid
     WHERE x.scope = current_scope()
     ORDER BY u.name, x.created
  LOOP
    vRows := vRows || '<tr>' || ReportCell(s.session) || ReportCell(s.username) || ReportCell(s.name) ||
             ReportCell(s.email, ReportVerified(s.email_verified)) || ReportCell(s.phone, ReportVerified(s.phone_verified)) ||
             ReportCell(s.description) || ReportCell(ReportDateText(s.created)) || ReportCell(ReportDateText(s.updated)) ||
             ReportCell(s.host) || ReportCell(s.statustext) || '</tr>' || E'\n';
    vCsv := vCsv || array_to_string(ARRAY[s.session, s.username, ReportCsvQuoted(s.name), s.email, s.phone, ReportCsvQuoted(s.description),
                              ReportDateText(s.created), ReportDateText(s.updated), s.host, s.statustext], ';', '') || E'\r\n';
  END LOOP;

  PERFORM ReportSetFile(pReady, 'index.html', ReportPage(vTitle, concat_ws(E'\n',
    '<h3>' || ReportEscapeHTML(vTitle) || '</h3>',
    ReportListHeading(pForm),
    '<table class="table table-bordered">',
    '<thead class="thead-light"><tr>' || (SELECT string_agg('<th class="text-center">' || h || '</th>', '') FROM unnest(CASE WHEN bRu
        THEN ARRAY['Сессия', 'Пользователь', 'Имя', 'Email', 'Телефон', 'Описание', 'Создана', 'Обновлена', 'Хост', 'Статус']
        ELSE ARRAY['Session', 'User', 'Name', 'Email', 'Phone', 'Description', 'Created', 'Updated', 'Host', 'Status'] END) AS h) ||
      '</tr></thead>',
    '<tbody>', vRows, '</tbody>', '</table>')), vTitle, 'data:text/html;base64,');

  PERFORM ReportSetFile(pReady, 'session_' || to_char(localtimestamp, 'YYYYMMDD_HH24MISS') || '.csv', vCsv, vTitle, 'data:text/csv;base64,');

  PERFORM DoAction(pReady, 'complete');
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM ReportRoutineFailed(pReady, vMessage, vContext);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
