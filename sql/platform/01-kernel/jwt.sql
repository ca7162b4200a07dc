-- base64url and HMAC-signed JSON Web Tokens (HS256/384/512).

CREATE OR REPLACE FUNCTION kernel.url_encode (data bytea)
RETURNS text
AS $$
  SELECT translate(rtrim(replace(encode(data, 'base64'), E'\n', ''), '='), '+/', '-_');
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.url_decode (data text)
RETURNS bytea
AS $$
  SELECT decode(t || repeat('=', (4 - length(t) % 4) % 4), 'base64')
    FROM (SELECT translate(data, '-_', '+/') AS t) AS s;
$$ LANGUAGE sql IMMUTABLE;

-- An unknown algorithm maps to no digest, which pgcrypto rejects.
CREATE OR REPLACE FUNCTION kernel.algorithm_sign (signables text, secret text, algorithm text)
RETURNS text
AS $$
  SELECT kernel.url_encode(public.hmac(convert_to(signables, 'utf8'), convert_to(secret, 'utf8'),
    CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384' WHEN 'HS512' THEN 'sha512' ELSE '' END));
$$ LANGUAGE sql IMMUTABLE;

-- The payload is signed as the JSON text given, so the caller's formatting
-- survives byte for byte.
CREATE OR REPLACE FUNCTION kernel.sign (payload json, secret text, algorithm text DEFAULT 'HS256')
RETURNS text
AS $$
  WITH h AS (
    SELECT kernel.url_encode(convert_to('{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8')) || '.' ||
           kernel.url_encode(convert_to(payload::text, 'utf8')) AS signables
  )
  SELECT h.signables || '.' || kernel.algorithm_sign(h.signables, secret, algorithm) FROM h;
$$ LANGUAGE sql IMMUTABLE;

-- exp/nbf are the caller's business; a wrong signature is valid = false.
CREATE OR REPLACE FUNCTION kernel.verify (token text, secret text, algorithm text DEFAULT 'HS256')
RETURNS TABLE (header json, payload json, valid boolean)
AS $$
  SELECT convert_from(kernel.url_decode(r[1]), 'utf8')::json AS header,
         convert_from(kernel.url_decode(r[2]), 'utf8')::json AS payload,
         coalesce(r[3] = kernel.algorithm_sign(r[1] || '.' || r[2], secret, algorithm), false) AS valid
    FROM regexp_split_to_array(token, '\.') AS r;
$$ LANGUAGE sql IMMUTABLE;
