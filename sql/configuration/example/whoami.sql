--------------------------------------------------------------------------------
-- example configuration: who am I (view + function used by /api/v1/whoami)
--
-- One indexed lookup of the session and its joins: /whoami is on the hot path
-- of every client start-up, so the view reads base tables, not kernel views.
-- The nested objects are json, not jsonb: jsonb_build_object looks up every
-- value's type category on each call and sorts the keys, costing about twice
-- as much, and the answer is serialised as json anyway.
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.whoami
AS
  SELECT u.id AS id,
         u.id AS userid,
         s.suid,
         coalesce(m.admin, false) AS admin,
         coalesce(m.guest, false) AS guest,
         u.status::integer AS flags,
         null::uuid AS company,
         u.id AS client,
         u.name,
         u.email,
         u.phone,
         null::jsonb AS metadata,
         null::text AS account,
         json_build_object('code', s.code, 'oper_date', s.oper_date, 'created', s.created,
                           'updated', s.updated, 'agent', s.agent, 'host', s.host) AS session,
         json_build_object('id', u.id, 'username', u.username, 'name', u.name,
                           'given_name', p.given_name, 'family_name', p.family_name, 'patronymic_name', p.patronymic_name,
                           'email', u.email, 'phone', u.phone, 'description', u.description, 'created', u.created,
                           'input_last', p.input_last, 'lc_ip', p.lc_ip) AS profile,
         json_build_object('id', l.id, 'code', l.code, 'name', l.name, 'description', l.description) AS locale,
         json_build_object('id', sc.id, 'code', sc.code, 'name', sc.name, 'description', sc.description) AS scope,
         json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'description', a.description) AS area,
         json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'description', i.description) AS interface
    FROM db.session s
   INNER JOIN db.user u ON u.id = s.userid
    LEFT JOIN db.profile p ON p.userid = s.userid AND p.scope = s.scope
   INNER JOIN db.locale l ON l.id = s.locale
   INNER JOIN db.scope sc ON sc.id = s.scope
   INNER JOIN db.area a ON a.id = s.area
   INNER JOIN db.interface i ON i.id = s.interface
    LEFT JOIN LATERAL (
      SELECT bool_or(g.userid = '00000000-0000-4000-a000-000000000001'::uuid) AS admin,
             bool_or(g.userid = '00000000-0000-4000-a000-000000000003'::uuid) AS guest
        FROM db.member_group g
       WHERE g.member = u.id
    ) m ON true
   -- The GUC directly: the generic getter costs a planned query per call.
   WHERE s.code = nullif(current_setting('current.session', true), '');

CREATE OR REPLACE FUNCTION api.whoami ()
RETURNS         SETOF api.whoami
AS $$
BEGIN
  -- plpgsql keeps the plan of the view's query across calls.
  RETURN QUERY SELECT * FROM api.whoami;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
