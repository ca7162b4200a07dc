--------------------------------------------------------------------------------
-- file module: upload to S3 through the http queue (spec 17 §8)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION PutFileToS3 (
  pId           uuid,
  pRegion       text DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null,
  pType         text DEFAULT null,
  pMessage      text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  r             record;
  vRegion       text;
  vEndpoint     text;
  vAccessKey    text;
  vSecretKey    text;
  vHost         text;
  vKey          text;
  vHash         text;
  tNow          timestamp := (now() AT TIME ZONE 'UTC');
  vStamp        text;
  vDate         text;
  jHeaders      jsonb;
  vCanonical    text;
  vSigned       text;
  vSignature    text;
BEGIN
  SELECT f.type, f.root, f.path, f.name, f.data, f.mime, f.hash, t.name AS top
    INTO r
    FROM db.file f INNER JOIN db.file t ON t.id = f.root
   WHERE f.id = pId;

  IF NOT FOUND OR r.type IN ('d', 's') THEN
    RETURN NULL;
  END IF;

  vRegion := coalesce(pRegion, RegGetValueString('CURRENT_CONFIG', E'CONFIG\\S3', 'Region'));
  vEndpoint := rtrim(RegGetValueString('CURRENT_CONFIG', E'CONFIG\\S3', 'Endpoint'), '/');
  vAccessKey := RegGetValueString('CURRENT_CONFIG', E'CONFIG\\S3', 'AccessKey');
  vSecretKey := RegGetValueString('CURRENT_CONFIG', E'CONFIG\\S3', 'SecretKey');

  IF vEndpoint IS NULL OR vRegion IS NULL OR vAccessKey IS NULL OR vSecretKey IS NULL THEN
    PERFORM ObjectNotFound('registry', 'key', E'CONFIG\\S3');
  END IF;

  vHost := get_hostname_from_uri(vEndpoint);
  vKey := r.path || r.name;
  vStamp := to_char(tNow, 'YYYYMMDD"T"HH24MISS"Z"');
  vDate := to_char(tNow, 'YYYYMMDD');

  vHash := r.hash;
  IF vHash IS NULL AND r.type = '-' THEN
    vHash := encode(digest(coalesce(r.data, ''::bytea), 'sha256'), 'hex');
  END IF;
  vHash := coalesce(vHash, encode(digest('', 'sha256'), 'hex'));

  jHeaders := jsonb_build_object(
    'Content-Type', coalesce(r.mime, 'image/png'),
    'host', vHost,
    'x-amz-content-sha256', vHash,
    'x-amz-date', vStamp,
    'x-amz-storage-class', 'STANDARD');

  IF r.top = 'public' THEN
    jHeaders := jHeaders || jsonb_build_object('x-amz-acl', 'public-read');
  END IF;

  SELECT string_agg(lower(key) || ':' || btrim(value) || E'\n', '' ORDER BY lower(key)),
         string_agg(lower(key), ';' ORDER BY lower(key))
    INTO vCanonical, vSigned
    FROM jsonb_each_text(jHeaders);

  -- Each header line ends in a newline and generate_aws_signature adds the
  -- separator: the blank line SigV4 wants before the signed-header list.
  vSignature := generate_aws_signature('PUT', vKey, '', vCanonical, vSigned, vHash, vSecretKey, vRegion, tNow);

  IF r.type = 'l' THEN
    jHeaders := jHeaders || jsonb_build_object('x-attache-file', convert_from(r.data, 'UTF8'));
  END IF;

  jHeaders := (jHeaders - 'host') || jsonb_build_object('Authorization',
    format('AWS4-HMAC-SHA256 Credential=%s/%s/%s/s3/aws4_request, SignedHeaders=%s, Signature=%s',
           vAccessKey, vDate, vRegion, vSigned, vSignature));

  RETURN http.fetch(vEndpoint || vKey, 'PUT', jHeaders, CASE WHEN r.type = '-' THEN r.data END, pDone, pFail,
                    vHost, vRegion, 'put', pMessage, pType,
                    jsonb_build_object('id', pId, 'endpoint', vEndpoint, 'region', vRegion));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

-- The completion convention of spec 17 §8 as ready-made http callbacks: on a
-- 2xx answer the entry becomes a storage entry whose url is the bucket's and
-- its inline bytes go; the resulting UPDATE (type s) makes the sync worker
-- drop its local copy.
CREATE OR REPLACE FUNCTION api.file_s3_done (
  pRequest      uuid
) RETURNS       void
AS $$
DECLARE
  r             record;
BEGIN
  SELECT (q.data->>'id')::uuid AS file, q.data->>'endpoint' AS endpoint, s.status
    INTO r
    FROM http.request q LEFT JOIN http.response s ON s.request = q.id
   WHERE q.id = pRequest;

  IF r.file IS NULL THEN
    RETURN;
  END IF;

  IF r.status BETWEEN 200 AND 299 THEN
    UPDATE db.file SET type = 's', data = convert_to(r.endpoint, 'UTF8') WHERE id = r.file;
  ELSE
    PERFORM api.file_sync_fail(r.file, format('S3 upload answered HTTP %s', coalesce(r.status::text, 'nothing')));
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.file_s3_fail (
  pRequest      uuid
) RETURNS       void
AS $$
  SELECT api.file_sync_fail((data->>'id')::uuid, coalesce(error, 'S3 upload failed'))
    FROM http.request WHERE id = pRequest AND data ? 'id';
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
