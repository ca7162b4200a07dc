--------------------------------------------------------------------------------
-- workflow module: API layer (15-workflow §10)
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.entity AS SELECT * FROM Entity;

CREATE OR REPLACE VIEW api.type AS SELECT * FROM Type;

CREATE OR REPLACE VIEW api.class
AS
  SELECT t.*, (SELECT row_to_json(x) FROM DecodeClassAccess(t.id) x) AS access
    FROM ClassTree t;

CREATE OR REPLACE VIEW api.class_access AS SELECT * FROM ClassMembers;

CREATE OR REPLACE VIEW api.state_type AS SELECT * FROM StateType;

CREATE OR REPLACE VIEW api.state AS SELECT * FROM State;

CREATE OR REPLACE VIEW api.action AS SELECT * FROM Action;

CREATE OR REPLACE VIEW api.method AS SELECT * FROM AccessMethod;

CREATE OR REPLACE VIEW api.method_access AS SELECT * FROM MethodMembers;

CREATE OR REPLACE VIEW api.transition AS SELECT * FROM Transition;

CREATE OR REPLACE VIEW api.event_type AS SELECT * FROM EventType;

CREATE OR REPLACE VIEW api.event AS SELECT * FROM Event;

CREATE OR REPLACE VIEW api.priority AS SELECT * FROM Priority;

--------------------------------------------------------------------------------
-- Type ----------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.type (
  pEntity       uuid
) RETURNS       SETOF api.type
AS $$
  SELECT * FROM api.type WHERE entity = pEntity ORDER BY code;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_type (
  pClass        uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT AddType(pClass, pCode, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_type (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.type WHERE id = pId) THEN
    PERFORM ObjectNotFound('type', 'id', pId);
  END IF;
  PERFORM EditType(pId, pClass, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_type (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.type
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_type(pClass, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_type(pId, pClass, pCode, pName, pDescription);
  END IF;
  RETURN QUERY SELECT * FROM api.type WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_type (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.type WHERE id = pId) THEN
    PERFORM ObjectNotFound('type', 'id', pId);
  END IF;
  PERFORM DeleteType(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_type_id (
  pCode         text
) RETURNS       uuid
AS $$
BEGIN
  IF length(pCode) = 36 AND substr(pCode, 15, 1) = '4' THEN
    RETURN pCode::uuid;
  END IF;
  RETURN GetType(pCode);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Class ---------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.class (
  pParent       uuid DEFAULT null
) RETURNS       SETOF api.class
AS $$
  SELECT c.*
    FROM ClassTree(pParent) t
    JOIN api.class c ON c.id = t.id
   ORDER BY c.sortlist;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_class (
  pParent       uuid,
  pEntity       uuid,
  pCode         text,
  pLabel        text,
  pAbstract     boolean DEFAULT true
) RETURNS       uuid
AS $$
  SELECT AddClass(pParent, pEntity, pCode, pLabel, coalesce(pAbstract, true));
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_class (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pEntity       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pAbstract     boolean DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.class_tree WHERE id = pId) THEN
    PERFORM ObjectNotFound('class', 'id', pId);
  END IF;
  PERFORM EditClass(pId, pParent, pEntity, pCode, pLabel, pAbstract);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_class (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pEntity       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pAbstract     boolean DEFAULT null
) RETURNS       SETOF api.class
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_class(pParent, pEntity, pCode, pLabel, pAbstract);
  ELSE
    PERFORM api.update_class(pId, pParent, pEntity, pCode, pLabel, pAbstract);
  END IF;
  RETURN QUERY SELECT * FROM api.class WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.copy_class (
  pSource       uuid,
  pDestination  uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.class_tree WHERE id = pSource) THEN
    PERFORM ObjectNotFound('class', 'source', pSource);
  END IF;
  IF NOT EXISTS (SELECT FROM db.class_tree WHERE id = pDestination) THEN
    PERFORM ObjectNotFound('class', 'destination', pDestination);
  END IF;
  PERFORM CopyClass(pSource, pDestination);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.clone_class (
  pParent       uuid,
  pEntity       uuid,
  pCode         text,
  pLabel        text,
  pAbstract     boolean DEFAULT false
) RETURNS       uuid
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.class_tree WHERE id = pParent) THEN
    PERFORM ObjectNotFound('class', 'parent', pParent);
  END IF;
  RETURN CloneClass(pParent, pEntity, pCode, pLabel, coalesce(pAbstract, false));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_class (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.class_tree WHERE id = pId) THEN
    PERFORM ObjectNotFound('class', 'id', pId);
  END IF;
  PERFORM DeleteClass(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.decode_class_access (
  pId           uuid,
  pUserId       uuid DEFAULT current_userid(),
  OUT a         boolean,
  OUT c         boolean,
  OUT s         boolean,
  OUT u         boolean,
  OUT d         boolean
) RETURNS       record
AS $$
  SELECT * FROM DecodeClassAccess(pId, coalesce(pUserId, current_userid()));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.class_access (
  pId           uuid
) RETURNS       SETOF api.class_access
AS $$
  SELECT * FROM api.class_access WHERE class = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upstream counts a column `id` the view does not have (§13.4); we count rows.
CREATE OR REPLACE FUNCTION api.count_class_access (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'class_access', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(class)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_class_access (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.class_access
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'class_access', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["class", "username"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- State type and state ------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.get_state_type (
  pId           uuid
) RETURNS       SETOF api.state_type
AS $$
  SELECT * FROM api.state_type WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Own states plus the inherited ones whose code the class does not redefine.
CREATE OR REPLACE FUNCTION api.state (
  pClass        uuid
) RETURNS       SETOF api.state
AS $$
  SELECT s.*
    FROM (
      SELECT DISTINCT ON (st.code) st.id
        FROM ClassAncestors(pClass) a
        JOIN db.state st ON st.class = a.class
       ORDER BY st.code, a.depth
    ) own
    JOIN api.state s ON s.id = own.id
   ORDER BY s.type, s.sequence;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.state_by_type (
  pType         uuid
) RETURNS       SETOF api.state
AS $$
  SELECT s.*
    FROM db.type t
    JOIN api.state s ON s.class = t.class
   WHERE t.id = pType
   ORDER BY s.type, s.sequence;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_state (
  pClass        uuid,
  pType         uuid,
  pCode         text,
  pLabel        text,
  pSequence     integer DEFAULT null
) RETURNS       uuid
AS $$
  SELECT AddState(pClass, pType, pCode, pLabel, pSequence);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_state (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.state WHERE id = pId) THEN
    PERFORM ObjectNotFound('state', 'id', pId);
  END IF;
  PERFORM EditState(pId, pClass, pType, pCode, pLabel, pSequence);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_state (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       SETOF api.state
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_state(pClass, pType, pCode, pLabel, pSequence);
  ELSE
    PERFORM api.update_state(pId, pClass, pType, pCode, pLabel, pSequence);
  END IF;
  RETURN QUERY SELECT * FROM api.state WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_state (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.state WHERE id = pId) THEN
    PERFORM ObjectNotFound('state', 'id', pId);
  END IF;
  PERFORM DeleteState(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Method --------------------------------------------------------------------
--------------------------------------------------------------------------------

-- Own and inherited methods for a state (stateless ones for a NULL state),
-- the deepest class winning per method code.
CREATE OR REPLACE FUNCTION api.method (
  pClass        uuid,
  pState        uuid DEFAULT null
) RETURNS       SETOF api.method
AS $$
  SELECT m.*
    FROM (
      SELECT DISTINCT ON (dm.code) dm.id
        FROM ClassAncestors(pClass) a
        JOIN db.method dm ON dm.class = a.class AND dm.state IS NOT DISTINCT FROM pState
       ORDER BY dm.code, a.depth
    ) own
    JOIN api.method m ON m.id = own.id
   ORDER BY m.sequence;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_method (
  pParent       uuid,
  pClass        uuid,
  pState        uuid,
  pAction       uuid,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null,
  pVisible      boolean DEFAULT true
) RETURNS       uuid
AS $$
  SELECT AddMethod(pParent, pClass, pState, pAction, pCode, pLabel, pSequence, pVisible);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_method (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pClass        uuid DEFAULT null,
  pState        uuid DEFAULT null,
  pAction       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null,
  pVisible      boolean DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.method WHERE id = pId) THEN
    PERFORM ObjectNotFound('method', 'id', pId);
  END IF;
  PERFORM EditMethod(pId, pParent, pClass, pState, pAction, pCode, pLabel, pSequence, pVisible);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_method (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pClass        uuid DEFAULT null,
  pState        uuid DEFAULT null,
  pAction       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null,
  pVisible      boolean DEFAULT null
) RETURNS       SETOF api.method
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_method(pParent, pClass, pState, pAction, pCode, pLabel, pSequence, pVisible);
  ELSE
    PERFORM api.update_method(pId, pParent, pClass, pState, pAction, pCode, pLabel, pSequence, pVisible);
  END IF;
  RETURN QUERY SELECT * FROM api.method WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_method (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.method WHERE id = pId) THEN
    PERFORM ObjectNotFound('method', 'id', pId);
  END IF;
  PERFORM DeleteMethod(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Methods of exactly that class; NULL filters are ignored.
CREATE OR REPLACE FUNCTION api.get_methods (
  pClass        uuid,
  pState        uuid DEFAULT null,
  pAction       uuid DEFAULT null
) RETURNS       SETOF api.method
AS $$
  SELECT *
    FROM api.method
   WHERE class = pClass
     AND (pState IS NULL OR state = pState)
     AND (pAction IS NULL OR action = pAction)
   ORDER BY sequence;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The methods of the object's class bound to its current state, after making
-- sure the per-object permission cache holds a row for each (90 §7).
CREATE OR REPLACE FUNCTION api.get_object_methods (
  pObject       uuid
) RETURNS       SETOF api.method
AS $$
DECLARE
  uClass        uuid;
  uState        uuid;
  uMethod       uuid;
BEGIN
  SELECT class, state INTO uClass, uState FROM db.object WHERE id = pObject;
  IF NOT FOUND THEN
    PERFORM ObjectNotFound('object', 'id', pObject);
  END IF;

  IF to_regprocedure('kernel.checkobjectmethodaccess(uuid,uuid,bit,uuid)') IS NOT NULL THEN
    FOR uMethod IN SELECT id FROM db.method WHERE class = uClass AND state = uState
    LOOP
      PERFORM CheckObjectMethodAccess(pObject, uMethod, B'000');
    END LOOP;
  END IF;

  RETURN QUERY
    SELECT m.*
      FROM api.method m
     WHERE m.class = uClass AND m.state = uState
     ORDER BY m.sequence;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_methods_jsonb (
  pClass        uuid,
  pState        uuid
) RETURNS       jsonb
AS $$
  SELECT jsonb_agg(to_jsonb(m) ORDER BY m.sequence) FROM api.method(pClass, pState) m;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_methods_json (
  pClass        uuid,
  pState        uuid
) RETURNS       json
AS $$
  SELECT api.get_methods_jsonb(pClass, pState)::json;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.decode_method_access (
  pId           uuid,
  pUserId       uuid DEFAULT current_userid(),
  OUT x         boolean,
  OUT v         boolean,
  OUT e         boolean
) RETURNS       record
AS $$
  SELECT * FROM DecodeMethodAccess(pId, coalesce(pUserId, current_userid()));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.method_access (
  pId           uuid
) RETURNS       SETOF api.method_access
AS $$
  SELECT * FROM api.method_access WHERE method = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upstream counts a column `id` the view does not have (§13.4); we count rows.
CREATE OR REPLACE FUNCTION api.count_method_access (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'method_access', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(method)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_method_access (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.method_access
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'method_access', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["method", "username"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Transition ----------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_transition (
  pState        uuid,
  pMethod       uuid,
  pNewState     uuid
) RETURNS       uuid
AS $$
  SELECT AddTransition(pState, pMethod, pNewState);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_transition (
  pId           uuid,
  pState        uuid DEFAULT null,
  pMethod       uuid DEFAULT null,
  pNewState     uuid DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.transition WHERE id = pId) THEN
    PERFORM ObjectNotFound('transition', 'id', pId);
  END IF;
  PERFORM EditTransition(pId, pState, pMethod, pNewState);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_transition (
  pId           uuid,
  pState        uuid DEFAULT null,
  pMethod       uuid DEFAULT null,
  pNewState     uuid DEFAULT null
) RETURNS       SETOF api.transition
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_transition(pState, pMethod, pNewState);
  ELSE
    PERFORM api.update_transition(pId, pState, pMethod, pNewState);
  END IF;
  RETURN QUERY SELECT * FROM api.transition WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_transition (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.transition WHERE id = pId) THEN
    PERFORM ObjectNotFound('transition', 'id', pId);
  END IF;
  PERFORM DeleteTransition(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Event type and event ------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.get_event_type (
  pId           uuid
) RETURNS       SETOF api.event_type
AS $$
  SELECT * FROM api.event_type WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_event (
  pClass        uuid,
  pType         uuid,
  pAction       uuid,
  pLabel        text,
  pText         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pEnabled      boolean DEFAULT true
) RETURNS       uuid
AS $$
  SELECT AddEvent(pClass, pType, pAction, pLabel, pText, pSequence, pEnabled);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_event (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pAction       uuid DEFAULT null,
  pLabel        text DEFAULT null,
  pText         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pEnabled      boolean DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.event WHERE id = pId) THEN
    PERFORM ObjectNotFound('event', 'id', pId);
  END IF;
  PERFORM EditEvent(pId, pClass, pType, pAction, pLabel, pText, pSequence, pEnabled);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_event (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pAction       uuid DEFAULT null,
  pLabel        text DEFAULT null,
  pText         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pEnabled      boolean DEFAULT null
) RETURNS       SETOF api.event
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_event(pClass, pType, pAction, pLabel, pText, pSequence, pEnabled);
  ELSE
    PERFORM api.update_event(pId, pClass, pType, pAction, pLabel, pText, pSequence, pEnabled);
  END IF;
  RETURN QUERY SELECT * FROM api.event WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_event (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.event WHERE id = pId) THEN
    PERFORM ObjectNotFound('event', 'id', pId);
  END IF;
  PERFORM DeleteEvent(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- ACL -----------------------------------------------------------------------
--------------------------------------------------------------------------------

-- Integer masks are the binary value right-aligned in the width (90 §2).
CREATE OR REPLACE FUNCTION api.chmodc (
  pClass        uuid,
  pMask         integer,
  pUserId       uuid DEFAULT current_userid(),
  pRecursive    boolean DEFAULT true,
  pObjectSet    boolean DEFAULT false
) RETURNS       void
AS $$
BEGIN
  IF pMask NOT BETWEEN 0 AND 1023 THEN
    PERFORM ValueOutOfRange(pMask);
  END IF;
  PERFORM chmodc(pClass, pMask::bit(10), coalesce(pUserId, current_userid()), pRecursive, pObjectSet);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.chmodm (
  pMethod       uuid,
  pMask         integer,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       void
AS $$
BEGIN
  IF pMask NOT BETWEEN 0 AND 63 THEN
    PERFORM ValueOutOfRange(pMask);
  END IF;
  PERFORM chmodm(pMethod, pMask::bit(6), coalesce(pUserId, current_userid()));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_entity (
  pId           uuid
) RETURNS       SETOF api.entity
AS $$
  SELECT * FROM api.entity WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_entity (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'entity', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_entity (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.entity
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'entity', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_type (
  pId           uuid
) RETURNS       SETOF api.type
AS $$
  SELECT * FROM api.type WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_type (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'type', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_type (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.type
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'type', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["entitycode", "classcode", "code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_class (
  pId           uuid
) RETURNS       SETOF api.class
AS $$
  SELECT * FROM api.class WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_class (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'class', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_class (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.class
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'class', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["sortlist"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_state (
  pId           uuid
) RETURNS       SETOF api.state
AS $$
  SELECT * FROM api.state WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_state (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'state', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_state (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.state
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'state', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["classcode", "typecode", "sequence"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_action (
  pId           uuid
) RETURNS       SETOF api.action
AS $$
  SELECT * FROM api.action WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_action (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'action', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_action (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.action
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'action', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_method (
  pId           uuid
) RETURNS       SETOF api.method
AS $$
  SELECT * FROM api.method WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_method (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'method', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_method (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.method
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'method', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["classcode", "statecode", "sequence"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_transition (
  pId           uuid
) RETURNS       SETOF api.transition
AS $$
  SELECT * FROM api.transition WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_transition (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'transition', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_transition (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.transition
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'transition', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["methodcode"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_event (
  pId           uuid
) RETURNS       SETOF api.event
AS $$
  SELECT * FROM api.event WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_event (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'event', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_event (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.event
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'event', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["class", "actioncode", "sequence"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_priority (
  pId           uuid
) RETURNS       SETOF api.priority
AS $$
  SELECT * FROM api.priority WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_priority (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'priority', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_priority (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.priority
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'priority', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
