--------------------------------------------------------------------------------
-- comment module: route and REST catalogue (sync: re-run by every update)
--------------------------------------------------------------------------------

SELECT EnsureRoute('comment', 'comment');

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'comment')
  FROM (VALUES
    ('/comment/count', '{search,filter,reclimit,recoffset,orderby}'::text[], '{}'::text[], 'Counts comments.'),
    ('/comment/set', '{id,parent,object,priority,text,data}', '{}', 'Adds a comment (object and text) or edits one of the caller''s (administrators: any).'),
    ('/comment/delete', '{id}', '{id}', 'Deletes a comment without replies (author or administrator).'),
    ('/comment/get', '{id,fields}', '{id}', 'A comment on an object the caller may select.'),
    ('/comment/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'Lists comments, e.g. filter {"object": id} and orderby ["sortlist"].')
  ) AS p(path, keys, required, summary);
