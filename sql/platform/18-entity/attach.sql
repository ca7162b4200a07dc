--------------------------------------------------------------------------------
-- entity module: data, links, external references, coordinates and object
-- groups attached to objects (spec 18 §5, §6)
--------------------------------------------------------------------------------

-- Data -------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewObjectData (
  pObject     uuid,
  pType       text,
  pCode       text,
  pData       text
) RETURNS     void
AS $$
BEGIN
  INSERT INTO db.object_data (object, type, code, data)
  VALUES (pObject, coalesce(pType, 'text'), pCode, pData)
  ON CONFLICT (object, type, code) DO UPDATE SET data = EXCLUDED.data;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditObjectData (
  pObject     uuid,
  pType       text,
  pCode       text,
  pData       text
) RETURNS     void
AS $$
BEGIN
  UPDATE db.object_data SET data = coalesce(pData, data)
   WHERE object = pObject AND type = pType AND code = pCode;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteObjectData (
  pObject     uuid,
  pType       text,
  pCode       text
) RETURNS     void
AS $$
BEGIN
  DELETE FROM db.object_data WHERE object = pObject AND type = pType AND code = pCode;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectData (
  pObject     uuid,
  pType       text,
  pCode       text
) RETURNS     text
AS $$
  SELECT data FROM db.object_data WHERE object = pObject AND type = pType AND code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Returns the previous value; NULL data deletes.
CREATE OR REPLACE FUNCTION SetObjectData (
  pObject     uuid,
  pType       text,
  pCode       text,
  pData       text
) RETURNS     text
AS $$
DECLARE
  vOld        text := GetObjectData(pObject, pType, pCode);
BEGIN
  IF pData IS NULL THEN
    PERFORM DeleteObjectData(pObject, pType, pCode);
  ELSE
    PERFORM NewObjectData(pObject, pType, pCode, pData);
  END IF;
  RETURN vOld;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetObjectDataJSON (pObject uuid, pCode text, pData json) RETURNS text
AS $$ BEGIN RETURN SetObjectData(pObject, 'json', pCode, pData::text); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetObjectDataXML (pObject uuid, pCode text, pData xml) RETURNS text
AS $$ BEGIN RETURN SetObjectData(pObject, 'xml', pCode, pData::text); END; $$
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectDataJSON (pObject uuid, pCode text) RETURNS json
AS $$ SELECT GetObjectData(pObject, 'json', pCode)::json; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectDataXML (pObject uuid, pCode text) RETURNS xml
AS $$ SELECT GetObjectData(pObject, 'xml', pCode)::xml; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectDataJsonb (pObject uuid) RETURNS jsonb
AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('object', object, 'type', type, 'code', code, 'data', data) ORDER BY type, code), '[]'::jsonb)
    FROM db.object_data WHERE object = pObject;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectDataJson (pObject uuid) RETURNS json
AS $$ SELECT GetObjectDataJsonb(pObject)::json; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Links ------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION SetObjectLink (
  pObject     uuid,
  pLinked     uuid,
  pKey        text,
  pDateFrom   timestamptz DEFAULT oper_date()
) RETURNS     uuid
AS $$
DECLARE
  r           record;
  uId         uuid;
  dDateTo     timestamptz := MAXDATE();
BEGIN
  SELECT * INTO r
    FROM db.object_link
   WHERE object = pObject AND key = pKey
     AND validFromDate <= pDateFrom AND validToDate > pDateFrom
   ORDER BY validFromDate DESC
   LIMIT 1;

  IF FOUND THEN
    IF r.linked IS NOT DISTINCT FROM pLinked THEN
      RETURN r.id;
    END IF;
    dDateTo := r.validToDate;
    IF r.validFromDate = pDateFrom THEN
      DELETE FROM db.object_link WHERE id = r.id;
    ELSE
      UPDATE db.object_link SET validToDate = pDateFrom WHERE id = r.id;
    END IF;
  END IF;

  IF pLinked IS NOT NULL THEN
    INSERT INTO db.object_link (object, linked, key, validFromDate, validToDate)
    VALUES (pObject, pLinked, pKey, pDateFrom, dDateTo)
    RETURNING id INTO uId;
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectLink (
  pObject     uuid,
  pKey        text,
  pDate       timestamptz DEFAULT oper_date()
) RETURNS     uuid
AS $$
  SELECT linked FROM db.object_link
   WHERE object = pObject AND key = pKey
     AND validFromDate <= pDate AND validToDate > pDate
   ORDER BY validFromDate DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- External references ----------------------------------------------------------

CREATE OR REPLACE FUNCTION SetObjectReference (
  pObject     uuid,
  pKey        text,
  pReference  text,
  pDateFrom   timestamptz DEFAULT oper_date()
) RETURNS     uuid
AS $$
DECLARE
  r           record;
  uId         uuid;
  dDateTo     timestamptz := MAXDATE();
BEGIN
  SELECT * INTO r
    FROM db.object_reference
   WHERE object = pObject AND key = pKey
     AND validFromDate <= pDateFrom AND validToDate > pDateFrom
   ORDER BY validFromDate DESC
   LIMIT 1;

  IF FOUND THEN
    IF r.reference IS NOT DISTINCT FROM pReference THEN
      RETURN r.id;
    END IF;
    dDateTo := r.validToDate;
    IF r.validFromDate = pDateFrom THEN
      DELETE FROM db.object_reference WHERE id = r.id;
    ELSE
      UPDATE db.object_reference SET validToDate = pDateFrom WHERE id = r.id;
    END IF;
  END IF;

  IF pReference IS NOT NULL THEN
    INSERT INTO db.object_reference (object, key, reference, validFromDate, validToDate)
    VALUES (pObject, pKey, pReference, pDateFrom, dDateTo)
    RETURNING id INTO uId;
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectReference (
  pObject     uuid,
  pKey        text,
  pDate       timestamptz DEFAULT oper_date()
) RETURNS     text
AS $$
  SELECT reference FROM db.object_reference
   WHERE object = pObject AND key = pKey
     AND validFromDate <= pDate AND validToDate > pDate
   ORDER BY validFromDate DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetReferenceObject (
  pReference  text,
  pKey        text,
  pDate       timestamptz DEFAULT oper_date()
) RETURNS     uuid
AS $$
  SELECT object FROM db.object_reference
   WHERE reference = pReference AND key = pKey
     AND validFromDate <= pDate AND validToDate > pDate
   ORDER BY validFromDate DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Coordinates -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION NewObjectCoordinates (
  pObject       uuid,
  pCode         text,
  pLatitude     numeric,
  pLongitude    numeric,
  pAccuracy     numeric DEFAULT 0,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pData         jsonb DEFAULT null,
  pDateFrom     timestamptz DEFAULT oper_date()
) RETURNS       uuid
AS $$
DECLARE
  r             record;
  uId           uuid;
  dDateTo       timestamptz := MAXDATE();
BEGIN
  SELECT * INTO r
    FROM db.object_coordinates
   WHERE object = pObject AND code = pCode
     AND validFromDate <= pDateFrom AND validToDate > pDateFrom
   ORDER BY validFromDate DESC
   LIMIT 1;

  IF FOUND THEN
    IF r.validFromDate = pDateFrom THEN
      UPDATE db.object_coordinates
         SET latitude = pLatitude, longitude = pLongitude, accuracy = coalesce(pAccuracy, 0),
             label = pLabel, description = pDescription, data = pData
       WHERE id = r.id;
      RETURN r.id;
    END IF;
    dDateTo := r.validToDate;
    UPDATE db.object_coordinates SET validToDate = pDateFrom WHERE id = r.id;
  END IF;

  INSERT INTO db.object_coordinates (object, code, latitude, longitude, accuracy, label, description, data, validFromDate, validToDate)
  VALUES (pObject, pCode, pLatitude, pLongitude, coalesce(pAccuracy, 0), pLabel, pDescription, pData, pDateFrom, dDateTo)
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteObjectCoordinates (
  pObject     uuid,
  pCode       text
) RETURNS     void
AS $$
BEGIN
  DELETE FROM db.object_coordinates WHERE object = pObject AND code = pCode;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectCoordinates (
  pObject     uuid,
  pCode       text
) RETURNS     uuid
AS $$
  SELECT id FROM db.object_coordinates
   WHERE object = pObject AND code = pCode AND IsOpenEnded(validToDate);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectCoordinatesJson (
  pObject     uuid,
  pCode       text DEFAULT null,
  pDateFrom   timestamptz DEFAULT now()
) RETURNS     json
AS $$
  SELECT coalesce(json_agg(row_to_json(c) ORDER BY c.code), '[]'::json)
    FROM ObjectCoordinates c
   WHERE c.object = pObject
     AND (pCode IS NULL OR c.code = pCode)
     AND c.validFromDate <= pDateFrom AND c.validToDate > pDateFrom;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Object groups -----------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateObjectGroup (
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  INSERT INTO db.object_group (code, name, description)
  VALUES (pCode, pName, pDescription)
  ON CONFLICT (owner, code) DO NOTHING
  RETURNING id INTO uId;
  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditObjectGroup (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  UPDATE db.object_group
     SET code = coalesce(pCode, code),
         name = coalesce(pName, name),
         description = CASE WHEN pDescription IS NULL THEN description ELSE nullif(pDescription, '') END
   WHERE id = pId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetObjectGroup (
  pCode       text,
  pOwner      uuid DEFAULT current_userid()
) RETURNS     uuid
AS $$
  SELECT id FROM db.object_group WHERE owner = pOwner AND code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ObjectGroup (
  pOwner      uuid
) RETURNS     SETOF db.object_group
AS $$
  SELECT * FROM db.object_group WHERE owner = pOwner;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddObjectToGroup (
  pGroup      uuid,
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  INSERT INTO db.object_group_member (gid, object) VALUES (pGroup, pObject)
  ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A group that loses its last member is deleted.
CREATE OR REPLACE FUNCTION DeleteObjectFromGroup (
  pGroup      uuid,
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  DELETE FROM db.object_group_member WHERE gid = pGroup AND object = pObject;
  IF NOT EXISTS (SELECT FROM db.object_group_member WHERE gid = pGroup) THEN
    DELETE FROM db.object_group WHERE id = pGroup;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
