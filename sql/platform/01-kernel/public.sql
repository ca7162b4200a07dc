-- Metadata views, conversion, string/array/IP and bit helpers.

CREATE OR REPLACE VIEW kernel.all_tab_columns AS
  SELECT c.table_name::text AS table_name,
         c.ordinal_position::integer AS column_id,
         c.column_name::text AS column_name,
         c.data_type::text AS data_type,
         c.udt_name::text AS udt_name
    FROM information_schema.columns c
   WHERE c.table_schema = 'kernel';

CREATE OR REPLACE VIEW kernel.all_col_comments AS
  SELECT c.table_name::text AS table_name,
         obj_description(format('%I.%I', c.table_schema, c.table_name)::regclass, 'pg_class') AS table_description,
         c.column_name::text AS column_name,
         col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::integer) AS column_description
    FROM information_schema.columns c
   WHERE c.table_schema = 'kernel';

GRANT SELECT ON kernel.all_tab_columns, kernel.all_col_comments TO PUBLIC;

--------------------------------------------------------------------------------
-- Metadata -------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.get_columns (
  pTable    text,
  pSchema   text DEFAULT current_schema(),
  pAlias    text DEFAULT null
) RETURNS   text[]
AS $$
  SELECT array_agg(CASE WHEN pAlias IS NULL THEN a.attname::text ELSE pAlias || '.' || a.attname::text END ORDER BY a.attnum)
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = lower(pSchema)
     AND c.relname = lower(pTable)
     AND a.attnum > 0
     AND NOT a.attisdropped;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetColumns (
  pTable    text,
  pSchema   text DEFAULT current_schema(),
  pAlias    text DEFAULT null
) RETURNS   text[]
AS $$
  SELECT kernel.get_columns(pTable, pSchema, pAlias);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------

-- IN parameters of every overload, in ordinal order per overload; the REST
-- dispatchers derive their accepted keys from this (p prefix dropped).
CREATE OR REPLACE FUNCTION kernel.get_routines (
  pRoutine  text,
  pSchema   text DEFAULT current_schema(),
  pDataType boolean DEFAULT false,
  pAlias    text DEFAULT null,
  pNameFrom int DEFAULT 2
) RETURNS   text[]
AS $$
  SELECT array_agg(
           CASE
             WHEN pDataType THEN quote_ident(substr(p.parameter_name::text, pNameFrom)) || ' ' || p.data_type::text
             WHEN pAlias IS NOT NULL THEN pAlias || '.' || quote_ident(substr(p.parameter_name::text, pNameFrom))
             ELSE quote_ident(substr(p.parameter_name::text, pNameFrom))
           END
           ORDER BY r.specific_name, p.ordinal_position)
    FROM information_schema.routines r
    JOIN information_schema.parameters p
      ON p.specific_schema = r.specific_schema AND p.specific_name = r.specific_name
   WHERE r.routine_schema = lower(pSchema)
     AND r.routine_name = lower(pRoutine)
     AND p.parameter_mode = 'IN'
     AND p.parameter_name IS NOT NULL;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetRoutines (
  pRoutine  text,
  pSchema   text DEFAULT current_schema(),
  pDataType boolean DEFAULT false,
  pAlias    text DEFAULT null,
  pNameFrom int DEFAULT 2
) RETURNS   text[]
AS $$
  SELECT kernel.get_routines(pRoutine, pSchema, pDataType, pAlias, pNameFrom);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Conversion -----------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.IntToStr (pValue numeric, pFormat text DEFAULT 'FM999999999999990')
RETURNS text AS $$ SELECT to_char(pValue, pFormat); $$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StrToInt (pValue text, pFormat text DEFAULT '999999999999999')
RETURNS numeric AS $$ SELECT to_number(pValue, pFormat); $$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DateToStr (pValue timestamptz, pFormat text DEFAULT 'DD.MM.YYYY HH24:MI:SS')
RETURNS text AS $$ SELECT to_char(pValue, pFormat); $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DateToStr (pValue timestamp, pFormat text DEFAULT 'DD.MM.YYYY HH24:MI:SS')
RETURNS text AS $$ SELECT to_char(pValue, pFormat); $$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.DateToStr (pValue date, pFormat text DEFAULT 'DD.MM.YYYY')
RETURNS text AS $$ SELECT to_char(pValue, pFormat); $$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StrToDate (pValue text, pFormat text DEFAULT 'DD.MM.YYYY')
RETURNS date AS $$ SELECT to_date(pValue, pFormat); $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StrToTimeStamp (pValue text, pFormat text DEFAULT 'DD.MM.YYYY HH24:MI:SS')
RETURNS timestamp AS $$ SELECT to_timestamp(pValue, pFormat)::timestamp; $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StrToTimeStampTZ (pValue text, pFormat text DEFAULT 'DD.MM.YYYY HH24:MI:SS')
RETURNS timestamptz AS $$ SELECT to_timestamp(pValue, pFormat); $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

-- A plain cast does what upstream's dynamic SQL did, without building SQL.
CREATE OR REPLACE FUNCTION kernel.StrToTime (pValue text)
RETURNS time AS $$ SELECT pValue::time; $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.StrToInterval (pValue text)
RETURNS interval AS $$ SELECT pValue::interval; $$ LANGUAGE sql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.IntervalArrayToStr (pValue interval[][], pFormat text DEFAULT 'HH24:MI')
RETURNS text[][]
AS $$
DECLARE
  vResult   text[][];
  i         int;
  j         int;
BEGIN
  IF array_ndims(pValue) = 2 THEN
    vResult := array_fill(null::text, ARRAY[array_length(pValue, 1), array_length(pValue, 2)]);
    FOR i IN 1..array_length(pValue, 1) LOOP
      FOR j IN 1..array_length(pValue, 2) LOOP
        IF pValue[i][j] IS NOT NULL THEN
          vResult[i][j] := to_char(pValue[i][j], pFormat);
        END IF;
      END LOOP;
    END LOOP;
    RETURN vResult;
  END IF;

  RETURN ARRAY(SELECT CASE WHEN e IS NULL THEN NULL ELSE to_char(e, pFormat) END FROM unnest(pValue) AS e);
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.MINDATE() RETURNS date AS $$ SELECT DATE '1970-01-01'; $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.MAXDATE() RETURNS date AS $$ SELECT DATE '4433-12-31'; $$ LANGUAGE sql IMMUTABLE;

-- Whether a period's end bound is the open end MAXDATE(). A timestamptz column
-- stores MAXDATE() as midnight of the writing session's time zone, so equality
-- holds only for readers in that zone; every zone's midnight of 4433-12-31 lies
-- after 4433-12-30 00:00 UTC. A constant bound keeps it immutable and indexable.
CREATE OR REPLACE FUNCTION kernel.IsOpenEnded(pDate timestamptz) RETURNS boolean
AS $$ SELECT pDate >= TIMESTAMPTZ '4433-12-30 00:00:00+00'; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.null_uuid()
RETURNS uuid AS $$ SELECT '00000000-0000-4000-8000-000000000000'::uuid; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue uuid) RETURNS uuid
AS $$ SELECT CASE WHEN pValue = '00000000-0000-4000-8000-000000000000'::uuid THEN NULL ELSE pValue END; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue text) RETURNS text
AS $$ SELECT nullif(pValue, ''); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue json) RETURNS json
AS $$ SELECT CASE WHEN pValue::jsonb = '{}'::jsonb THEN NULL ELSE pValue END; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue jsonb) RETURNS jsonb
AS $$ SELECT CASE WHEN pValue = '{}'::jsonb THEN NULL ELSE pValue END; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue numeric) RETURNS numeric
AS $$ SELECT nullif(pValue, 0); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue integer) RETURNS integer
AS $$ SELECT nullif(pValue, -1); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue timestamp) RETURNS timestamp
AS $$ SELECT nullif(pValue, TIMESTAMP '1970-01-01'); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue timestamptz) RETURNS timestamptz
AS $$ SELECT CASE WHEN pValue = kernel.MINDATE()::timestamptz THEN NULL ELSE pValue END; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.CheckNull (pValue interval) RETURNS interval
AS $$ SELECT nullif(pValue, interval '0'); $$ LANGUAGE sql IMMUTABLE;

-- Search operator code → SQL operator (with surrounding spaces).
CREATE OR REPLACE FUNCTION kernel.GetCompare (pCompare text)
RETURNS text
AS $$
  SELECT CASE upper(pCompare)
    WHEN 'EQL' THEN ' = '
    WHEN 'NEQ' THEN ' <> '
    WHEN 'LSS' THEN ' < '
    WHEN 'LEQ' THEN ' <= '
    WHEN 'GTR' THEN ' > '
    WHEN 'GEQ' THEN ' >= '
    WHEN 'GIN' THEN ' @> '
    WHEN 'AND' THEN ' & '
    WHEN 'OR'  THEN ' | '
    WHEN 'XOR' THEN ' # '
    WHEN 'NOT' THEN ' ~ '
    WHEN 'ISN' THEN ' IS '
    WHEN 'INN' THEN ' IS NOT '
    WHEN 'LKE' THEN ' LIKE '
    WHEN 'IKE' THEN ' ILIKE '
    WHEN 'SIM' THEN ' SIMILAR TO '
    WHEN 'PSX' THEN ' ~ '
    WHEN 'PSI' THEN ' ~* '
    WHEN 'PSN' THEN ' !~ '
    WHEN 'PIN' THEN ' !~* '
    ELSE ' = '
  END;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.UTC() RETURNS timestamptz
AS $$ SELECT (current_timestamp AT TIME ZONE 'UTC')::timestamptz; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.GetISOTime (pTime timestamp DEFAULT (current_timestamp AT TIME ZONE 'UTC'))
RETURNS text AS $$ SELECT to_char(pTime, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.GetEpoch (pTime timestamptz DEFAULT now())
RETURNS double precision AS $$ SELECT trunc(extract(EPOCH FROM pTime))::double precision; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.GetEpochMs (pTime timestamptz DEFAULT now())
RETURNS double precision AS $$ SELECT trunc(extract(EPOCH FROM pTime) * 1000)::double precision; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.Dow (pDateTime timestamptz DEFAULT now())
RETURNS int AS $$ SELECT extract(ISODOW FROM pDateTime)::int; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.result_success (OUT result boolean, OUT message text)
RETURNS record AS $$ SELECT true, 'Success'::text; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.error_success (OUT result int, OUT message text)
RETURNS record AS $$ SELECT 0, 'Success'::text; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.random_between (low int, high int)
RETURNS int AS $$ SELECT floor(random() * (high - low + 1) + low)::int; $$ LANGUAGE sql VOLATILE STRICT;

-- RFC 3986 unreserved characters are kept; every other UTF-8 byte becomes %xx.
CREATE OR REPLACE FUNCTION kernel.URLEncode (url text)
RETURNS text
AS $$
  SELECT string_agg(
           CASE WHEN ch ~ '^[A-Za-z0-9_~.-]$' THEN ch
                ELSE regexp_replace(encode(convert_to(ch, 'utf8'), 'hex'), '(..)', '%\1', 'g')
           END, '' ORDER BY ord)
    FROM regexp_split_to_table(url, '') WITH ORDINALITY AS t(ch, ord);
$$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.is_valid_email (email text)
RETURNS boolean AS $$ SELECT email ~ '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$'; $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.get_hostname_from_uri (uri text)
RETURNS text AS $$ SELECT substring(uri FROM '^(?:[a-zA-Z]+://)?([^/?#]*)'); $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.get_input_value (html text, str text)
RETURNS text
AS $$
DECLARE
  vPos      int;
BEGIN
  vPos := strpos(html, str);
  IF vPos = 0 OR vPos IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN substring(substr(html, vPos + length(str)) FROM 'value="([^"]*)"');
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.word_count (str text)
RETURNS integer AS $$ SELECT count(*)::integer FROM regexp_split_to_table(btrim(str), '\s+') AS w WHERE w <> ''; $$ LANGUAGE sql IMMUTABLE;

-- AWS Signature V4 for service s3 (the file module's S3 support).
CREATE OR REPLACE FUNCTION kernel.generate_aws_signature (
  HTTPMethod            text,
  canonicalURI          text,
  canonicalQueryString  text,
  canonicalHeaders      text,
  signedHeaders         text,
  hashedPayload         text,
  SECRET_KEY            text,
  REGION                text,
  currentTimeStamp      timestamp DEFAULT (current_timestamp AT TIME ZONE 'UTC')
) RETURNS text
AS $$
DECLARE
  vDate         text := to_char(currentTimeStamp, 'YYYYMMDD');
  vStamp        text := to_char(currentTimeStamp, 'YYYYMMDD"T"HH24MISS"Z"');
  vCanonical    text;
  vToSign       text;
  vKey          bytea;
BEGIN
  vCanonical := coalesce(HTTPMethod, 'GET') || E'\n' ||
                coalesce(canonicalURI, '/') || E'\n' ||
                coalesce(canonicalQueryString, '') || E'\n' ||
                coalesce(canonicalHeaders, '') || E'\n' ||
                coalesce(signedHeaders, '') || E'\n' ||
                coalesce(hashedPayload, encode(digest('', 'sha256'), 'hex'));

  vToSign := 'AWS4-HMAC-SHA256' || E'\n' || vStamp || E'\n' ||
             vDate || '/' || REGION || '/s3/aws4_request' || E'\n' ||
             encode(digest(vCanonical, 'sha256'), 'hex');

  vKey := hmac(convert_to(vDate, 'utf8'), convert_to('AWS4' || SECRET_KEY, 'utf8'), 'sha256');
  vKey := hmac(convert_to(REGION, 'utf8'), vKey, 'sha256');
  vKey := hmac(convert_to('s3', 'utf8'), vKey, 'sha256');
  vKey := hmac(convert_to('aws4_request', 'utf8'), vKey, 'sha256');

  RETURN encode(hmac(convert_to(vToSign, 'utf8'), vKey, 'sha256'), 'hex');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

--------------------------------------------------------------------------------
-- Strings, arrays, paths, IP -------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.array_pos (anArray text[], pValue text)
RETURNS int AS $$ SELECT coalesce(array_position(anArray, pValue), 0); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.array_pos (anArray numeric[], pValue numeric)
RETURNS int AS $$ SELECT coalesce(array_position(anArray, pValue), 0); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.string_to_array_trim (str text, sep text)
RETURNS text[] AS $$ SELECT ARRAY(SELECT btrim(e) FROM unnest(string_to_array(str, sep)) AS e); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.path_to_array (pPath text)
RETURNS text[]
AS $$
  SELECT CASE WHEN count(*) = 0 THEN NULL ELSE array_agg(seg ORDER BY ord) END
    FROM unnest(string_to_array(pPath, '/')) WITH ORDINALITY AS t(seg, ord)
   WHERE seg <> '';
$$ LANGUAGE sql IMMUTABLE;

-- 'a.b.c.d', 'a.b.c.d-e.f.g.h' (range = inclusive count) and '10.0.*.*' forms.
CREATE OR REPLACE FUNCTION kernel.str_to_inet (str text, OUT host inet, OUT range integer)
RETURNS record
AS $$
DECLARE
  vParts    text[];
  vBits     int;
BEGIN
  str := btrim(str);
  IF strpos(str, '-') > 0 THEN
    vParts := string_to_array_trim(str, '-');
    host := vParts[1]::inet;
    range := (vParts[2]::inet - host)::integer + 1;
  ELSIF strpos(str, '*') > 0 THEN
    vBits := 32 - 8 * (length(str) - length(replace(str, '*', '')));
    host := set_masklen(replace(str, '*', '0')::inet, vBits);
    host := network(host);
    range := NULL;
  ELSE
    host := str::inet;
    range := NULL;
  END IF;
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.inet_to_array (ip inet)
RETURNS text[]
AS $$
  SELECT ('[0:3]={' || array_to_string(string_to_array(host(ip), '.'), ',') || '}')::text[];
$$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.array_add_text (pArray text[], pText text)
RETURNS text[] AS $$ SELECT ARRAY(SELECT e || pText FROM unnest(pArray) AS e); $$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.min_array (pArray anyarray, pIgnore anyelement DEFAULT null)
RETURNS anyelement
AS $$
BEGIN
  RETURN (SELECT min(e) FROM unnest(pArray) AS e WHERE pIgnore IS NULL OR e IS DISTINCT FROM pIgnore);
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.max_array (pArray anyarray, pIgnore anyelement DEFAULT null)
RETURNS anyelement
AS $$
BEGIN
  RETURN (SELECT max(e) FROM unnest(pArray) AS e WHERE pIgnore IS NULL OR e IS DISTINCT FROM pIgnore);
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.find_value_in_array (pArray anyarray, pKey text)
RETURNS text
AS $$
  SELECT substr(e::text, length(pKey) + 2)
    FROM unnest(pArray) AS e
   WHERE e::text LIKE pKey || '=%'
   LIMIT 1;
$$ LANGUAGE sql IMMUTABLE STRICT;

-- 'col->>key' → 'col->>''key''' unless the key part is already quoted.
CREATE OR REPLACE FUNCTION kernel.quote_literal_json (pStr text)
RETURNS text
AS $$
DECLARE
  vMatch    text[];
BEGIN
  vMatch := regexp_match(pStr, '^(\(?)([^-]+)(->>?)([^)]+)(\)?)$');
  IF vMatch IS NULL OR strpos(vMatch[4], '''') > 0 THEN
    RETURN pStr;
  END IF;
  RETURN vMatch[1] || vMatch[2] || vMatch[3] || quote_literal(vMatch[4]) || vMatch[5];
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.array_quote_literal_json (pArray anyarray)
RETURNS anyarray
AS $$
DECLARE
  vResult   text[];
BEGIN
  SELECT array_agg(quote_literal_json(e::text) ORDER BY ord) INTO vResult
    FROM unnest(pArray) WITH ORDINALITY AS t(e, ord);
  RETURN vResult;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.CheckCodes (pSource text[], pCodes text[])
RETURNS text[]
AS $$
DECLARE
  vValid    text[] := '{}';
  vInvalid  text[] := '{}';
  vCode     text;
BEGIN
  FOREACH vCode IN ARRAY coalesce(pCodes, '{}') LOOP
    IF vCode = ANY (pSource) THEN
      vValid := array_append(vValid, vCode);
    ELSE
      vInvalid := array_append(vInvalid, vCode);
    END IF;
  END LOOP;

  IF cardinality(vInvalid) > 0 THEN
    PERFORM InvalidCodes(vValid, vInvalid);
  END IF;

  RETURN vValid;
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Bits, hex, binary ----------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.bin_to_dec (pBin text)
RETURNS numeric
AS $$
  SELECT trunc(coalesce(sum(CASE WHEN ch = '1' THEN power(2::numeric, length(pBin) - ord) ELSE 0 END), 0))
    FROM regexp_split_to_table(pBin, '') WITH ORDINALITY AS t(ch, ord);
$$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.dec_to_bin (pDec numeric, L int DEFAULT 1, F text DEFAULT '0')
RETURNS text
AS $$
DECLARE
  vResult   text := '';
  vValue    numeric := trunc(pDec);
BEGIN
  IF vValue = 0 THEN
    vResult := '0';
  END IF;
  WHILE vValue > 0 LOOP
    vResult := (vValue % 2)::text || vResult;
    vValue := trunc(vValue / 2);
  END LOOP;
  RETURN lpad(vResult, greatest(L, length(vResult)), F);
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.bit_to_dec (pBit bit varying)
RETURNS numeric AS $$ SELECT kernel.bin_to_dec(pBit::text); $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.hex_to_dec (pHex text)
RETURNS numeric
AS $$
  SELECT trunc(coalesce(sum(('x' || lpad(ch, 8, '0'))::bit(32)::int::numeric * power(16::numeric, length(pHex) - ord)), 0))
    FROM regexp_split_to_table(pHex, '') WITH ORDINALITY AS t(ch, ord);
$$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.hex_to_bit (pHex text)
RETURNS bit varying
AS $$ SELECT ('x' || pHex)::bit varying; $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.hex_to_int (pHex text)
RETURNS bigint AS $$ SELECT kernel.hex_to_dec(pHex)::bigint; $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.hex_to_bigint (pHex text)
RETURNS bigint AS $$ SELECT ('x' || lpad(pHex, 16, '0'))::bit(64)::bigint; $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.hex_to_num64 (pHex text)
RETURNS numeric AS $$ SELECT kernel.hex_to_dec(right(lpad(pHex, 16, '0'), 16)); $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.dec_to_hex (pDec numeric, L int DEFAULT null)
RETURNS text
AS $$
DECLARE
  vDigits   text := '0123456789abcdef';
  vResult   text := '';
  vValue    numeric := trunc(pDec);
BEGIN
  IF vValue = 0 THEN
    vResult := '0';
  END IF;
  WHILE vValue > 0 LOOP
    vResult := substr(vDigits, (vValue % 16)::int + 1, 1) || vResult;
    vValue := trunc(vValue / 16);
  END LOOP;
  IF L IS NOT NULL THEN
    vResult := lpad(vResult, greatest(L, length(vResult)), '0');
  END IF;
  RETURN vResult;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

-- C bits starting at bit P (from the least significant bit) of a 64-bit value;
-- negative numbers are taken in two's complement (padded with ones).
CREATE OR REPLACE FUNCTION kernel.bit_copy (B numeric, P int, C int)
RETURNS numeric
AS $$
DECLARE
  vBits     bit(64);
BEGIN
  vBits := trunc(B)::bigint::bit(64);
  RETURN kernel.bin_to_dec(substring(vBits::text FROM 64 - P - C + 1 FOR C));
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.to_little_endian (pData bytea)
RETURNS bytea
AS $$
  SELECT coalesce(string_agg(substring(pData FROM i FOR 1), ''::bytea ORDER BY i DESC), ''::bytea)
    FROM generate_series(1, length(pData)) AS i;
$$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.to_little_endian (pValue numeric, L int)
RETURNS bytea
AS $$ SELECT kernel.to_little_endian(decode(kernel.dec_to_hex(pValue, L * 2), 'hex')); $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.to_little_endian (pHex text)
RETURNS text
AS $$ SELECT encode(kernel.to_little_endian(decode(pHex, 'hex')), 'hex'); $$ LANGUAGE sql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.IEEE754_32 (pValue numeric)
RETURNS numeric
AS $$
DECLARE
  S int := kernel.bit_copy(pValue, 31, 1);
  E int := kernel.bit_copy(pValue, 23, 8);
  M numeric := kernel.bit_copy(pValue, 0, 23);
BEGIN
  RETURN power(-1, S) * power(2::numeric, E - 127) * (1 + M / power(2::numeric, 23));
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;

CREATE OR REPLACE FUNCTION kernel.IEEE754_64 (pValue numeric)
RETURNS numeric
AS $$
DECLARE
  S int := kernel.bit_copy(pValue, 63, 1);
  E int := kernel.bit_copy(pValue, 52, 11);
  M numeric := kernel.bit_copy(pValue, 0, 52);
BEGIN
  RETURN power(-1, S) * power(2::numeric, E - 1023) * (1 + M / power(2::numeric, 52));
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;
