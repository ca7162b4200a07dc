--------------------------------------------------------------------------------
-- entity module: trigger functions. Run by `create` (before the tables need
-- them) and again by `code`, so an update replaces their bodies.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_object_before_insert()
RETURNS trigger AS $$
DECLARE
  bAbstract   boolean;
  uAreaScope  uuid;
  uUser       uuid := current_userid();
BEGIN
  NEW.id := coalesce(NEW.id, gen_kernel_uuid('8'));

  SELECT t.class, c.entity, c.abstract INTO NEW.class, NEW.entity, bAbstract
    FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class
   WHERE t.id = NEW.type;

  IF NOT FOUND THEN
    PERFORM ObjectNotFound('type', 'id', NEW.type);
  END IF;

  IF bAbstract THEN
    PERFORM AbstractError();
  END IF;

  IF NEW.state IS NOT NULL THEN
    SELECT type INTO NEW.state_type FROM db.state WHERE id = NEW.state;
  END IF;

  uAreaScope := GetAreaScope(current_area());

  IF NEW.scope IS NULL THEN
    NEW.scope := uAreaScope;
  ELSIF NEW.scope IS DISTINCT FROM uAreaScope THEN
    RAISE EXCEPTION 'ERR-40000: Area "%" not present in scope "%".', GetAreaCode(current_area()),
      (SELECT name FROM db.scope WHERE id = NEW.scope);
  END IF;

  -- A kernel session without an application session (installer seeds) acts
  -- as the built-in admin, as upstream's installer does after signing in.
  uUser := coalesce(uUser, '00000000-0000-4000-a001-000000000001'::uuid);

  NEW.suid := coalesce(session_userid(), uUser);
  NEW.owner := coalesce(NEW.owner, uUser);
  NEW.oper := uUser;
  NEW.pdate := now();
  NEW.ldate := oper_date();
  NEW.udate := now();

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_after_insert()
RETURNS trigger AS $$
DECLARE
  uParentOwner  uuid;
BEGIN
  INSERT INTO db.aom (object) VALUES (NEW.id);

  -- Class template: the s·u·d part of every ACU row that grants something.
  INSERT INTO db.aou (object, userid, deny, allow, entity)
  SELECT NEW.id, a.userid, substring(a.deny FROM 3 FOR 3), substring(a.allow FROM 3 FOR 3), NEW.entity
    FROM db.acu a
   WHERE a.class = NEW.class
     AND substring(a.allow FROM 3 FOR 3) & ~substring(a.deny FROM 3 FOR 3) <> B'000';

  INSERT INTO db.aou (object, userid, deny, allow, entity)
  VALUES (NEW.id, NEW.owner, B'000', B'111', NEW.entity)
  ON CONFLICT (object, userid) DO UPDATE SET deny = B'000', allow = B'111';

  IF NEW.parent IS NOT NULL AND (SELECT code FROM db.entity WHERE id = NEW.entity) = 'message' THEN
    SELECT owner INTO uParentOwner FROM db.object WHERE id = NEW.parent;
    IF uParentOwner IS NOT NULL AND uParentOwner <> NEW.owner THEN
      INSERT INTO db.aou (object, userid, deny, allow, entity)
      VALUES (NEW.id, uParentOwner, B'000', B'100', NEW.entity)
      ON CONFLICT (object, userid) DO UPDATE SET allow = db.aou.allow | B'100';
    END IF;
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_before_update()
RETURNS trigger AS $$
DECLARE
  uEntity     uuid;
  uNewState   uuid;
  uUser       uuid := current_userid();
BEGIN
  IF session_user NOT IN ('kernel', 'postgres') THEN
    IF NOT CheckObjectAccess(NEW.id, B'010') THEN
      PERFORM AccessDenied();
    END IF;
  END IF;

  IF NEW.type IS DISTINCT FROM OLD.type THEN
    SELECT t.class, c.entity INTO NEW.class, uEntity
      FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class
     WHERE t.id = NEW.type;

    IF uEntity IS DISTINCT FROM OLD.entity THEN
      PERFORM IncorrectEntity();
    END IF;
  END IF;

  IF NEW.class IS DISTINCT FROM OLD.class AND OLD.state_type IS NOT NULL THEN
    uNewState := GetState(NEW.class, OLD.state_type);
    IF uNewState IS NOT NULL AND uNewState IS DISTINCT FROM OLD.state THEN
      UPDATE db.object_state SET state = uNewState WHERE object = OLD.id AND state = OLD.state;
      NEW.state := uNewState;
    END IF;
  END IF;

  IF NEW.state IS DISTINCT FROM OLD.state THEN
    IF NEW.state IS NULL THEN
      NEW.state_type := NULL;
    ELSE
      SELECT type INTO NEW.state_type FROM db.state WHERE id = NEW.state;
    END IF;
  END IF;

  IF NEW.scope IS DISTINCT FROM OLD.scope THEN
    IF GetAreaScope(current_area()) IS DISTINCT FROM NEW.scope THEN
      NEW.scope := OLD.scope;
    END IF;
  END IF;

  IF NEW.owner IS DISTINCT FROM OLD.owner THEN
    IF NOT IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, OLD.owner) THEN
      DELETE FROM db.aou WHERE object = OLD.id AND userid = OLD.owner AND mask = B'111';
    END IF;
    INSERT INTO db.aou (object, userid, deny, allow, entity)
    VALUES (NEW.id, NEW.owner, B'000', B'111', NEW.entity)
    ON CONFLICT (object, userid) DO UPDATE SET deny = B'000', allow = B'111';
  END IF;

  NEW.oper := coalesce(uUser, OLD.oper);
  NEW.ldate := oper_date();
  NEW.udate := now();

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_before_delete()
RETURNS trigger AS $$
DECLARE
  uUser       uuid := current_userid();
BEGIN
  -- Installer seeds (kernel, no application session) act as the built-in admin.
  IF uUser IS NULL AND session_user = 'kernel' THEN
    uUser := '00000000-0000-4000-a001-000000000001'::uuid;
  END IF;

  IF NOT CheckObjectAccess(OLD.id, B'001', uUser) THEN
    PERFORM AccessDenied();
  END IF;

  DELETE FROM db.aou WHERE object = OLD.id;
  DELETE FROM db.aom WHERE object = OLD.id;

  RETURN OLD;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_aou_before()
RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.entity IS NULL THEN
    SELECT entity INTO NEW.entity FROM db.object WHERE id = NEW.object;
  END IF;

  NEW.mask := NEW.allow & ~NEW.deny;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_state_before()
RETURNS trigger AS $$
BEGIN
  NEW.validFromDate := coalesce(NEW.validFromDate, now());
  NEW.validToDate := coalesce(NEW.validToDate, MAXDATE());

  IF NEW.validFromDate > NEW.validToDate THEN
    PERFORM DateValidityPeriod();
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_state_after_delete()
RETURNS trigger AS $$
BEGIN
  IF IsOpenEnded(OLD.validToDate) THEN
    UPDATE db.object SET state = NULL WHERE id = OLD.object AND state IS NOT NULL;
  END IF;

  RETURN OLD;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Shared by the temporal tables (links, external references, coordinates).
CREATE OR REPLACE FUNCTION db.ft_validity_before()
RETURNS trigger AS $$
BEGIN
  NEW.validFromDate := coalesce(NEW.validFromDate, now());
  NEW.validToDate := coalesce(NEW.validToDate, MAXDATE());

  IF NEW.validFromDate > NEW.validToDate THEN
    PERFORM DateValidityPeriod();
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_coordinates_after_insert()
RETURNS trigger AS $$
BEGIN
  -- A later session in another zone may inherit an open bound written
  -- elsewhere (NewObjectCoordinates splits a period), hence not equality.
  IF IsOpenEnded(NEW.validToDate) THEN
    PERFORM pg_notify('geo', json_build_object('id', NEW.id, 'object', NEW.object, 'code', NEW.code)::text);
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_notification_after_insert()
RETURNS trigger AS $$
DECLARE
  vEntity     text;
  vClass      text;
  vAction     text;
BEGIN
  IF NOT coalesce(GetNotificationMode(), true) THEN
    RETURN NEW;
  END IF;

  PERFORM pg_notify('notify', row_to_json(NEW)::text);

  SELECT code INTO vEntity FROM db.entity WHERE id = NEW.entity;

  IF vEntity IN ('message', 'report_ready') THEN
    SELECT code INTO vClass FROM db.class_tree WHERE id = NEW.class;
    SELECT code INTO vAction FROM db.action WHERE id = NEW.action;

    IF vClass = 'inbox' AND vAction = 'create' THEN
      PERFORM pg_notify('inbox', NEW.object::text);
    ELSIF vClass = 'outbox' AND vAction IN ('submit', 'repeat') THEN
      -- The message module owns the payload: the bare id, or {id, traceparent} when the message carries trace context.
      PERFORM pg_notify('outbox', OutboxNotifyPayload(NEW.object));
    ELSIF vEntity = 'report_ready' AND vAction = 'execute' THEN
      -- The report module owns the payload: {session, id}, plus traceparent when the ready report carries one.
      PERFORM pg_notify('report', ReportReadyNotifyPayload(NEW.object));
    END IF;
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_object_group_before_insert()
RETURNS trigger AS $$
BEGIN
  NEW.id := coalesce(NEW.id, gen_random_uuid());
  NEW.owner := coalesce(NEW.owner, current_userid());
  NEW.code := coalesce(NEW.code, encode(gen_random_bytes(12), 'hex'));
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

-- Area rules shared by reference and document inserts. Without an
-- application session (installer seeds) there is no session area to judge.
CREATE OR REPLACE FUNCTION EntityCheckArea (
  pGuest      boolean
) RETURNS     void
AS $$
DECLARE
  uType       uuid;
BEGIN
  IF current_session() IS NULL AND GetCurrentArea() IS NULL THEN
    RETURN;
  END IF;

  SELECT type INTO uType FROM db.area WHERE id = current_area();

  IF uType = '00000000-0000-4002-a000-000000000000'::uuid THEN
    PERFORM RootAreaError();
  END IF;

  IF pGuest AND uType = '00000000-0000-4002-a000-000000000002'::uuid THEN
    PERFORM GuestAreaError();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_reference_before_insert()
RETURNS trigger AS $$
DECLARE
  vEntity     text;
BEGIN
  NEW.id := coalesce(NEW.id, NEW.object);

  PERFORM EntityCheckArea(true);

  IF NEW.entity IS NULL OR NEW.class IS NULL OR NEW.type IS NULL THEN
    SELECT entity, class, type INTO NEW.entity, NEW.class, NEW.type FROM db.object WHERE id = NEW.object;
  END IF;

  NEW.scope := coalesce(NEW.scope, current_scope());

  IF coalesce(NEW.code, '') = '' THEN
    SELECT code INTO vEntity FROM db.entity WHERE id = NEW.entity;
    IF length(vEntity) > 5 THEN
      vEntity := left(vEntity, 3);
    END IF;
    NEW.code := vEntity || '_' || left(encode(gen_random_bytes(8), 'hex'), 16);
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_reference_before_update()
RETURNS trigger AS $$
DECLARE
  uEntity     uuid;
BEGIN
  IF NEW.type IS DISTINCT FROM OLD.type THEN
    SELECT t.class, c.entity INTO NEW.class, uEntity
      FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class
     WHERE t.id = NEW.type;

    IF uEntity IS DISTINCT FROM OLD.entity THEN
      PERFORM IncorrectEntity();
    END IF;
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_reference_text_after_update()
RETURNS trigger AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name THEN
    UPDATE db.object_text SET label = NEW.name
     WHERE object = (SELECT object FROM db.reference WHERE id = NEW.reference)
       AND locale = NEW.locale;
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_document_before_insert()
RETURNS trigger AS $$
BEGIN
  NEW.id := coalesce(NEW.id, NEW.object);

  PERFORM EntityCheckArea(false);

  IF NEW.entity IS NULL OR NEW.class IS NULL OR NEW.type IS NULL THEN
    SELECT entity, class, type INTO NEW.entity, NEW.class, NEW.type FROM db.object WHERE id = NEW.object;
  END IF;

  NEW.priority := coalesce(NEW.priority, '00000000-0000-4000-b004-000000000001'::uuid);
  NEW.area := coalesce(NEW.area, current_area());
  NEW.scope := GetAreaScope(NEW.area);

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION db.ft_document_before_update()
RETURNS trigger AS $$
DECLARE
  uEntity     uuid;
BEGIN
  IF NEW.type IS DISTINCT FROM OLD.type THEN
    SELECT t.class, c.entity INTO NEW.class, uEntity
      FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class
     WHERE t.id = NEW.type;

    IF uEntity IS DISTINCT FROM OLD.entity THEN
      PERFORM IncorrectEntity();
    END IF;
  END IF;

  IF NEW.area IS DISTINCT FROM OLD.area THEN
    IF GetAreaScope(NEW.area) IS DISTINCT FROM OLD.scope THEN
      PERFORM ChangeAreaError();
    END IF;
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
