--------------------------------------------------------------------------------
-- notice module: route and REST catalogue (sync: re-run by every update)
--------------------------------------------------------------------------------

SELECT EnsureRoute('notice', 'notice');

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'notice')
  FROM (VALUES
    ('/notice/count', '{search,filter,reclimit,recoffset,orderby}'::text[], '{}'::text[], 'Counts the caller''s notices.'),
    ('/notice/set', '{id,userid,object,text,category,status,data}', '{}', 'Creates a notice (for any user) or edits one of the caller''s.'),
    ('/notice/delete', '{id}', '{id}', 'Deletes one of the caller''s notices.'),
    ('/notice/get', '{id,fields}', '{id}', 'One of the caller''s notices.'),
    ('/notice/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'Lists the caller''s notices.'),
    ('/notice/mark', '{id}', '{}', 'Marks a notice, or with no id all unread ones, as read.')
  ) AS p(path, keys, required, summary);
