--------------------------------------------------------------------------------
-- workflow module: registration and lookup functions (15-workflow §3)
--
-- Add* writes the given text into every locale (the write-time fallback of
-- §11); Edit*Text overrides one locale; Edit* touches the current locale only.
--------------------------------------------------------------------------------

--------------------------------------------------------------------------------
-- Entity --------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewEntityText (
  pEntity       uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.entity_text (entity, locale, name, description)
  VALUES (pEntity, pLocale, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditEntityText (
  pEntity       uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.entity_text AS t (entity, locale, name, description)
  VALUES (pEntity, coalesce(pLocale, current_locale()), pName, nullif(pDescription, ''))
  ON CONFLICT (entity, locale) DO UPDATE
     SET name = coalesce(EXCLUDED.name, t.name),
         description = CASE WHEN pDescription IS NULL THEN t.description ELSE EXCLUDED.description END;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddEntity (
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  INSERT INTO db.entity (code) VALUES (pCode) RETURNING id INTO uId;
  INSERT INTO db.entity_text (entity, locale, name, description)
  SELECT uId, l.id, pName, pDescription FROM db.locale l;
  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditEntity (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  UPDATE db.entity SET code = coalesce(pCode, code) WHERE id = pId;
  IF pName IS NOT NULL OR pDescription IS NOT NULL THEN
    UPDATE db.entity_text
       SET name = coalesce(pName, name),
           description = CASE WHEN pDescription IS NULL THEN description ELSE nullif(pDescription, '') END
     WHERE entity = pId AND locale = current_locale();
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteEntity (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  uClass        uuid;
BEGIN
  IF session_user = 'kernel' THEN
    -- Children first: a class row is referenced by its subclasses.
    FOR uClass IN SELECT id FROM db.class_tree WHERE entity = pId ORDER BY level DESC
    LOOP
      PERFORM DeleteClass(uClass);
    END LOOP;
  END IF;
  DELETE FROM db.entity WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetEntity (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.entity WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Accepts a class id as well as an entity id (15 §3.1).
CREATE OR REPLACE FUNCTION GetEntityCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT coalesce(
           (SELECT e.code FROM db.class_tree c JOIN db.entity e ON e.id = c.entity WHERE c.id = pId),
           (SELECT code FROM db.entity WHERE id = pId));
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Class ---------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewClassText (
  pClass        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.class_text (class, locale, label) VALUES (pClass, pLocale, pLabel);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditClassText (
  pClass        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.class_text (class, locale, label)
  VALUES (pClass, coalesce(pLocale, current_locale()), pLabel)
  ON CONFLICT (class, locale) DO UPDATE SET label = EXCLUDED.label;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddClass (
  pParent       uuid,
  pEntity       uuid,
  pCode         text,
  pLabel        text,
  pAbstract     boolean
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
  nLevel        integer := 0;
BEGIN
  IF pParent IS NOT NULL THEN
    SELECT level + 1 INTO nLevel FROM db.class_tree WHERE id = pParent;
    IF NOT FOUND THEN
      PERFORM ObjectNotFound('class', 'parent', pParent);
    END IF;
  END IF;

  INSERT INTO db.class_tree (parent, entity, level, code, abstract)
  VALUES (pParent, pEntity, nLevel, pCode, coalesce(pAbstract, true))
  RETURNING id INTO uId;

  INSERT INTO db.class_text (class, locale, label)
  SELECT uId, l.id, pLabel FROM db.locale l;

  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Keeps the upstream level rule (§13.3): without a parent argument the level
-- becomes 1, whatever the stored parent.
CREATE OR REPLACE FUNCTION EditClass (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pEntity       uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pAbstract     boolean DEFAULT null
) RETURNS       void
AS $$
DECLARE
  nLevel        integer := 1;
BEGIN
  IF pParent IS NOT NULL THEN
    SELECT level + 1 INTO nLevel FROM db.class_tree WHERE id = pParent;
  END IF;

  UPDATE db.class_tree
     SET parent = coalesce(pParent, parent),
         entity = coalesce(pEntity, entity),
         level = coalesce(nLevel, level),
         code = coalesce(pCode, code),
         abstract = coalesce(pAbstract, abstract)
   WHERE id = pId;

  IF pLabel IS NOT NULL THEN
    PERFORM EditClassText(pId, pLabel, current_locale());
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteClass (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF session_user = 'kernel' THEN
    DELETE FROM db.event WHERE class = pId;
    FOR uId IN SELECT id FROM db.method WHERE class = pId
    LOOP
      PERFORM DeleteMethod(uId);
    END LOOP;
    FOR uId IN SELECT id FROM db.state WHERE class = pId ORDER BY sequence DESC
    LOOP
      PERFORM DeleteState(uId);
    END LOOP;
    DELETE FROM db.type WHERE class = pId;
  END IF;
  DELETE FROM db.class_tree WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClass (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.class_tree WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClassCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.class_tree WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClassLabel (
  pId           uuid
) RETURNS       text
AS $$
  SELECT label FROM db.class_text WHERE class = pId AND locale = current_locale();
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetClassEntity (
  pId           uuid
) RETURNS       uuid
AS $$
  SELECT entity FROM db.class_tree WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CopyClass (
  pSource       uuid,
  pDestination  uuid
) RETURNS       void
AS $$
DECLARE
  r             record;
  rm            record;
  uEvent        uuid;
  uState        uuid;
  uMethod       uuid;
  uTransition   uuid;
BEGIN
  FOR r IN SELECT * FROM db.event WHERE class = pSource ORDER BY action, sequence
  LOOP
    INSERT INTO db.event (class, type, action, text, sequence, enabled)
    VALUES (pDestination, r.type, r.action, r.text, r.sequence, r.enabled)
    RETURNING id INTO uEvent;
    INSERT INTO db.event_text (event, locale, label)
    SELECT uEvent, locale, label FROM db.event_text WHERE event = r.id;
  END LOOP;

  PERFORM DefaultMethods(pDestination);
  PERFORM DefaultTransition(pDestination);

  FOR r IN SELECT * FROM db.state WHERE class = pSource ORDER BY type, sequence
  LOOP
    INSERT INTO db.state (class, type, code, sequence)
    VALUES (pDestination, r.type, r.code, r.sequence)
    RETURNING id INTO uState;
    INSERT INTO db.state_text (state, locale, label)
    SELECT uState, locale, label FROM db.state_text WHERE state = r.id;

    FOR rm IN SELECT * FROM db.method WHERE class = pSource AND state = r.id ORDER BY sequence
    LOOP
      INSERT INTO db.method (parent, class, state, action, code, sequence, visible)
      VALUES (null, pDestination, uState, rm.action, rm.code, rm.sequence, rm.visible)
      RETURNING id INTO uMethod;
      INSERT INTO db.method_text (method, locale, label)
      SELECT uMethod, locale, label FROM db.method_text WHERE method = rm.id;

      INSERT INTO db.transition (state, method, newstate)
      SELECT uState, uMethod, t.newstate FROM db.transition t WHERE t.method = rm.id;
    END LOOP;
  END LOOP;

  -- The copied transitions still target the source's states: re-point each to
  -- the destination's own state of the same code.
  FOR r IN
    SELECT t.id, s.code
      FROM db.transition t
      JOIN db.method m ON m.id = t.method AND m.class = pDestination
      JOIN db.state s ON s.id = t.newstate
  LOOP
    SELECT id INTO uState FROM db.state WHERE class = pDestination AND code = r.code;
    IF FOUND THEN
      UPDATE db.transition SET newstate = uState WHERE id = r.id;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CloneClass (
  pParent       uuid,
  pEntity       uuid,
  pCode         text,
  pLabel        text,
  pAbstract     boolean
) RETURNS       uuid
AS $$
DECLARE
  uClass        uuid;
BEGIN
  uClass := AddClass(pParent, pEntity, pCode, pLabel, pAbstract);
  PERFORM CopyClass(pParent, uClass);
  RETURN uClass;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Type ----------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewTypeText (
  pType         uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.type_text (type, locale, name, description) VALUES (pType, pLocale, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditTypeText (
  pType         uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.type_text AS t (type, locale, name, description)
  VALUES (pType, coalesce(pLocale, current_locale()), pName, nullif(pDescription, ''))
  ON CONFLICT (type, locale) DO UPDATE
     SET name = coalesce(EXCLUDED.name, t.name),
         description = CASE WHEN pDescription IS NULL THEN t.description ELSE EXCLUDED.description END;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddType (
  pClass        uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null,
  pId           uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  INSERT INTO db.type (id, class, code)
  VALUES (coalesce(pId, gen_kernel_uuid('b')), pClass, pCode)
  RETURNING id INTO uId;
  INSERT INTO db.type_text (type, locale, name, description)
  SELECT uId, l.id, pName, pDescription FROM db.locale l;
  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditType (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  UPDATE db.type SET class = coalesce(pClass, class), code = coalesce(pCode, code) WHERE id = pId;
  IF pName IS NOT NULL OR pDescription IS NOT NULL THEN
    PERFORM EditTypeText(pId, coalesce(pName, (SELECT name FROM db.type_text WHERE type = pId AND locale = current_locale())),
                         pDescription, current_locale());
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetType (
  pClass        uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  SELECT id INTO uId FROM db.type WHERE class = pClass AND code = pCode;
  IF uId IS NULL THEN
    RETURN AddType(pClass, pCode, pName, pDescription);
  END IF;
  PERFORM EditType(uId, pClass, pCode, pName, pDescription);
  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteType (
  pId           uuid
) RETURNS       void
AS $$
  DELETE FROM db.type WHERE id = pId;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetType (
  pClass        uuid,
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.type WHERE class = pClass AND code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Without a class code the class is the part of the code after the first dot.
CREATE OR REPLACE FUNCTION GetType (
  pCode         text,
  pClassCode    text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT t.id
    FROM db.type t
    JOIN db.class_tree c ON c.id = t.class
   WHERE t.code = pCode
     AND c.code = coalesce(pClassCode, substr(pCode, strpos(pCode, '.') + 1));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetTypeCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.type WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetTypeName (
  pId           uuid,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       text
AS $$
  SELECT name FROM db.type_text WHERE type = pId AND locale = pLocale;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetTypeCodes (
  pClass        uuid
) RETURNS       text[]
AS $$
  SELECT array_agg(code ORDER BY code) FROM db.type WHERE class = pClass;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CodeToType (
  pCode         text,
  pEntity       text
) RETURNS       uuid
AS $$
DECLARE
  uType         uuid;
  aCodes        text[];
BEGIN
  IF length(pCode) = 36 AND substr(pCode, 15, 1) = '4' THEN
    BEGIN
      RETURN pCode::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
      PERFORM IncorrectCode(pCode, ARRAY[]::text[]);
    END;
  END IF;

  IF strpos(pCode, '.') = 0 THEN
    pCode := pCode || '.' || pEntity;
  END IF;

  SELECT array_agg(t.code ORDER BY t.code) INTO aCodes
    FROM db.type t
    JOIN db.class_tree c ON c.id = t.class
    JOIN db.entity e ON e.id = c.entity
   WHERE e.code = pEntity;

  IF pCode IS NULL OR NOT pCode = ANY (coalesce(aCodes, '{}')) THEN
    PERFORM IncorrectCode(pCode, coalesce(aCodes, '{}'));
  END IF;

  SELECT t.id INTO uType
    FROM db.type t
    JOIN db.class_tree c ON c.id = t.class
    JOIN db.entity e ON e.id = c.entity
   WHERE e.code = pEntity AND t.code = pCode;

  RETURN uType;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- State type and state ------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetStateType (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.state_type WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetStateTypeCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.state_type WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewStateText (
  pState        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.state_text (state, locale, label) VALUES (pState, pLocale, pLabel);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditStateText (
  pState        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.state_text (state, locale, label)
  VALUES (pState, coalesce(pLocale, current_locale()), pLabel)
  ON CONFLICT (state, locale) DO UPDATE SET label = EXCLUDED.label;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddState (
  pClass        uuid,
  pType         uuid,
  pCode         text,
  pLabel        text,
  pSequence     integer DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF pSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO pSequence FROM db.state WHERE class = pClass AND type = pType;
  END IF;

  INSERT INTO db.state (class, type, code, sequence)
  VALUES (pClass, pType, pCode, pSequence)
  RETURNING id INTO uId;

  INSERT INTO db.state_text (state, locale, label)
  SELECT uId, l.id, pLabel FROM db.locale l;

  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditState (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       void
AS $$
BEGIN
  UPDATE db.state
     SET class = coalesce(pClass, class),
         type = coalesce(pType, type),
         code = coalesce(pCode, code),
         sequence = coalesce(pSequence, sequence)
   WHERE id = pId;

  IF pLabel IS NOT NULL THEN
    PERFORM EditStateText(pId, pLabel, current_locale());
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetState (
  pId           uuid,
  pClass        uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL THEN
    SELECT id INTO pId FROM db.state WHERE class = pClass AND code = pCode;
  END IF;

  IF pId IS NULL THEN
    pId := AddState(pClass, pType, pCode, pLabel, pSequence);
  ELSE
    PERFORM EditState(pId, pClass, pType, pCode, pLabel, pSequence);
  END IF;

  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteState (
  pId           uuid
) RETURNS       void
AS $$
DECLARE
  uMethod       uuid;
BEGIN
  DELETE FROM db.transition WHERE newstate = pId;
  DELETE FROM db.transition WHERE state = pId;
  FOR uMethod IN SELECT id FROM db.method WHERE state = pId
  LOOP
    PERFORM DeleteMethod(uMethod);
  END LOOP;
  DELETE FROM db.state WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The class and all its ancestors, nearest first (depth 0 = the class itself).
CREATE OR REPLACE FUNCTION ClassAncestors (
  pClass        uuid
) RETURNS       TABLE (class uuid, depth integer, abstract boolean)
AS $$
  WITH RECURSIVE up(class, parent, depth, abstract) AS (
    SELECT c.id, c.parent, 0, c.abstract FROM db.class_tree c WHERE c.id = pClass
    UNION ALL
    SELECT c.id, c.parent, up.depth + 1, c.abstract FROM db.class_tree c JOIN up ON c.id = up.parent
  )
  SELECT class, depth, abstract FROM up;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetState (
  pClass        uuid,
  pCode         text
) RETURNS       uuid
AS $$
  SELECT s.id
    FROM ClassAncestors(pClass) a
    JOIN db.state s ON s.class = a.class AND s.code = pCode
   ORDER BY a.depth
   LIMIT 1;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetState (
  pClass        uuid,
  pType         uuid
) RETURNS       uuid
AS $$
  SELECT s.id
    FROM ClassAncestors(pClass) a
    JOIN db.state s ON s.class = a.class AND s.type = pType
   ORDER BY a.depth, s.sequence
   LIMIT 1;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetStateTypeByState (
  pState        uuid
) RETURNS       uuid
AS $$
  SELECT type FROM db.state WHERE id = pState;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetStateTypeCodeByState (
  pState        uuid
) RETURNS       text
AS $$
  SELECT t.code FROM db.state s JOIN db.state_type t ON t.id = s.type WHERE s.id = pState;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetStateCode (
  pState        uuid
) RETURNS       text
AS $$
  SELECT code FROM db.state WHERE id = pState;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetStateLabel (
  pState        uuid
) RETURNS       text
AS $$
  SELECT label FROM db.state_text WHERE state = pState AND locale = current_locale();
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Action --------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewActionText (
  pAction       uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.action_text (action, locale, name, description) VALUES (pAction, pLocale, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditActionText (
  pAction       uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.action_text AS t (action, locale, name, description)
  VALUES (pAction, coalesce(pLocale, current_locale()), pName, nullif(pDescription, ''))
  ON CONFLICT (action, locale) DO UPDATE
     SET name = coalesce(EXCLUDED.name, t.name),
         description = CASE WHEN pDescription IS NULL THEN t.description ELSE EXCLUDED.description END;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddAction (
  pId           uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  INSERT INTO db.action (id, code) VALUES (pId, pCode);
  INSERT INTO db.action_text (action, locale, name, description)
  SELECT pId, l.id, pName, pDescription FROM db.locale l;
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditAction (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       boolean
AS $$
BEGIN
  UPDATE db.action SET code = coalesce(pCode, code) WHERE id = pId;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF pName IS NOT NULL OR pDescription IS NOT NULL THEN
    PERFORM EditActionText(pId, coalesce(pName, (SELECT name FROM db.action_text WHERE action = pId AND locale = current_locale())),
                           pDescription, current_locale());
  END IF;
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteAction (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.action WHERE id = pId;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetAction (
  pId           uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL THEN
    SELECT id INTO pId FROM db.action WHERE code = pCode;
  END IF;

  IF pId IS NULL OR NOT EXISTS (SELECT FROM db.action WHERE id = pId) THEN
    RETURN AddAction(coalesce(pId, gen_kernel_uuid('b')), pCode, pName, pDescription);
  END IF;

  PERFORM EditAction(pId, pCode, pName, pDescription);
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAction (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.action WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetActionCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.action WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetActionName (
  pId           uuid
) RETURNS       text
AS $$
  SELECT name FROM db.action_text WHERE action = pId AND locale = current_locale();
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Method --------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewMethodText (
  pMethod       uuid,
  pLabel        text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.method_text (method, locale, label) VALUES (pMethod, pLocale, pLabel);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditMethodText (
  pMethod       uuid,
  pLabel        text,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.method_text (method, locale, label)
  VALUES (pMethod, coalesce(pLocale, current_locale()), pLabel)
  ON CONFLICT (method, locale) DO UPDATE SET label = EXCLUDED.label;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddMethod (
  pParent       uuid,
  pClass        uuid,
  pState        uuid,
  pAction       uuid,
  pCode         text DEFAULT null,
  pLabel        text DEFAULT null,
  pSequence     integer DEFAULT null,
  pVisible      boolean DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF pSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO pSequence
      FROM db.method WHERE class = pClass AND state IS NOT DISTINCT FROM pState;
  END IF;

  INSERT INTO db.method (parent, class, state, action, code, sequence, visible)
  VALUES (pParent, pClass, pState, pAction, pCode, pSequence, coalesce(pVisible, true))
  RETURNING id INTO uId;

  INSERT INTO db.method_text (method, locale, label)
  SELECT uId, l.id, coalesce(pLabel, GetActionName(pAction), GetActionCode(pAction)) FROM db.locale l;

  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditMethod (
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
  UPDATE db.method
     SET parent = CASE WHEN pParent IS NULL THEN parent WHEN pParent = null_uuid() THEN null ELSE pParent END,
         class = coalesce(pClass, class),
         state = coalesce(pState, state),
         action = coalesce(pAction, action),
         code = coalesce(pCode, code),
         sequence = coalesce(pSequence, sequence),
         visible = coalesce(pVisible, visible)
   WHERE id = pId;

  IF pLabel IS NOT NULL THEN
    PERFORM EditMethodText(pId, pLabel, current_locale());
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteMethod (
  pId           uuid
) RETURNS       void
AS $$
BEGIN
  -- The method stack belongs to the entity module and may not exist yet.
  IF to_regclass('db.method_stack') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.method_stack WHERE method = $1' USING pId;
  END IF;
  IF to_regclass('db.oma') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.oma WHERE method = $1' USING pId;
  END IF;
  DELETE FROM db.method WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Climbs from the class through its ancestors only while they are concrete
-- (15 §5, §7.2): methods of an abstract ancestor are never inherited.
CREATE OR REPLACE FUNCTION GetMethod (
  pClass        uuid,
  pAction       uuid,
  pState        uuid DEFAULT null
) RETURNS       uuid
AS $$
  WITH RECURSIVE up(class, parent, depth) AS (
    SELECT c.id, c.parent, 0 FROM db.class_tree c WHERE c.id = pClass
    UNION ALL
    SELECT c.id, c.parent, up.depth + 1
      FROM db.class_tree c JOIN up ON c.id = up.parent
     WHERE NOT c.abstract
  )
  SELECT m.id
    FROM up
    JOIN db.method m ON m.class = up.class AND m.action = pAction AND m.state IS NOT DISTINCT FROM pState
   ORDER BY up.depth, m.sequence
   LIMIT 1;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsVisibleMethod (
  pId           uuid
) RETURNS       boolean
AS $$
  SELECT coalesce(visible, true) FROM db.method WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsHiddenMethod (
  pId           uuid
) RETURNS       boolean
AS $$
  SELECT NOT coalesce(visible, true) FROM db.method WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Transition ----------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddTransition (
  pState        uuid,
  pMethod       uuid,
  pNewState     uuid
) RETURNS       uuid
AS $$
  INSERT INTO db.transition (state, method, newstate) VALUES (pState, pMethod, pNewState) RETURNING id;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditTransition (
  pId           uuid,
  pState        uuid DEFAULT null,
  pMethod       uuid DEFAULT null,
  pNewState     uuid DEFAULT null
) RETURNS       void
AS $$
  UPDATE db.transition
     SET state = CASE WHEN pState IS NULL THEN state WHEN pState = null_uuid() THEN null ELSE pState END,
         method = coalesce(pMethod, method),
         newstate = coalesce(pNewState, newstate)
   WHERE id = pId;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteTransition (
  pId           uuid
) RETURNS       void
AS $$
  DELETE FROM db.transition WHERE id = pId;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Event ---------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetEventType (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.event_type WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewEventText (
  pEvent        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.event_text (event, locale, label) VALUES (pEvent, pLocale, pLabel);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditEventText (
  pEvent        uuid,
  pLabel        text,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.event_text (event, locale, label)
  VALUES (pEvent, coalesce(pLocale, current_locale()), pLabel)
  ON CONFLICT (event, locale) DO UPDATE SET label = EXCLUDED.label;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddEvent (
  pClass        uuid,
  pType         uuid,
  pAction       uuid,
  pLabel        text,
  pText         text DEFAULT null,
  pSequence     integer DEFAULT null,
  pEnabled      boolean DEFAULT true
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF pSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO pSequence FROM db.event WHERE class = pClass AND action = pAction;
  END IF;

  INSERT INTO db.event (class, type, action, text, sequence, enabled)
  VALUES (pClass, pType, pAction, nullif(pText, ''), pSequence, coalesce(pEnabled, true))
  RETURNING id INTO uId;

  INSERT INTO db.event_text (event, locale, label)
  SELECT uId, l.id, coalesce(pLabel, '') FROM db.locale l;

  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditEvent (
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
  UPDATE db.event
     SET class = coalesce(pClass, class),
         type = coalesce(pType, type),
         action = coalesce(pAction, action),
         text = CASE WHEN pText IS NULL THEN text ELSE nullif(pText, '') END,
         sequence = coalesce(pSequence, sequence),
         enabled = coalesce(pEnabled, enabled)
   WHERE id = pId;

  IF pLabel IS NOT NULL THEN
    PERFORM EditEventText(pId, pLabel, current_locale());
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteEvent (
  pId           uuid
) RETURNS       void
AS $$
  DELETE FROM db.event WHERE id = pId;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Priority ------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewPriorityText (
  pPriority     uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT current_locale()
) RETURNS       void
AS $$
  INSERT INTO db.priority_text (priority, locale, name, description) VALUES (pPriority, pLocale, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditPriorityText (
  pPriority     uuid,
  pName         text,
  pDescription  text DEFAULT null,
  pLocale       uuid DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.priority_text AS t (priority, locale, name, description)
  VALUES (pPriority, coalesce(pLocale, current_locale()), pName, nullif(pDescription, ''))
  ON CONFLICT (priority, locale) DO UPDATE
     SET name = coalesce(EXCLUDED.name, t.name),
         description = CASE WHEN pDescription IS NULL THEN t.description ELSE EXCLUDED.description END;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddPriority (
  pId           uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  INSERT INTO db.priority (id, code) VALUES (coalesce(pId, gen_kernel_uuid('b')), pCode) RETURNING id INTO pId;
  INSERT INTO db.priority_text (priority, locale, name, description)
  SELECT pId, l.id, pName, pDescription FROM db.locale l;
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditPriority (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       boolean
AS $$
BEGIN
  UPDATE db.priority SET code = coalesce(pCode, code) WHERE id = pId;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF pName IS NOT NULL OR pDescription IS NOT NULL THEN
    PERFORM EditPriorityText(pId, coalesce(pName, (SELECT name FROM db.priority_text WHERE priority = pId AND locale = current_locale())),
                             pDescription, current_locale());
  END IF;
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeletePriority (
  pId           uuid
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.priority WHERE id = pId;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetPriority (
  pId           uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  IF pId IS NULL THEN
    SELECT id INTO pId FROM db.priority WHERE code = pCode;
  END IF;
  IF pId IS NULL OR NOT EXISTS (SELECT FROM db.priority WHERE id = pId) THEN
    RETURN AddPriority(pId, pCode, pName, pDescription);
  END IF;
  PERFORM EditPriority(pId, pCode, pName, pDescription);
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetPriority (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.priority WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetPriorityCode (
  pId           uuid
) RETURNS       text
AS $$
  SELECT code FROM db.priority WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetPriorityName (
  pId           uuid
) RETURNS       text
AS $$
  SELECT name FROM db.priority_text WHERE priority = pId AND locale = current_locale();
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;
