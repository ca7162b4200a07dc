-- REST catalogue entries of /verification/* (the api module owns the catalogue).
SELECT kernel.RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'verification')
  FROM (VALUES
    ('/verification/email/code', '{code}'::text[], '{}'::text[], 'Issue an e-mail confirmation code for the current user'),
    ('/verification/phone/code', '{code}', '{}', 'Issue a phone confirmation code for the current user'),
    ('/verification/email/confirm', '{code}', '{code}', 'Confirm the e-mail address with a code'),
    ('/verification/phone/confirm', '{code}', '{code}', 'Confirm the phone number with a code'),
    ('/verification/code/get', '{id,fields}', '{id}', 'One of the current user''s codes'),
    ('/verification/code/count', '{search,filter,reclimit,recoffset,orderby}', '{}', 'Count the current user''s codes (administrators)'),
    ('/verification/code/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'List the current user''s codes (administrators)')
  ) AS p (path, keys, required, summary);
