--------------------------------------------------------------------------------
-- file module: route and REST catalogue (sync: re-run by every update)
--------------------------------------------------------------------------------

SELECT EnsureRoute('file', 'file');

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, true, p.summary, 'file')
  FROM (VALUES
    ('/file/set', '{id,type,mask,owner,root,parent,link,name,path,size,date,data,mime,text,hash,done,fail}'::text[], '{}'::text[],
     'Creates or updates a file entry (upsert by path and name); data is base64, mask the integer value of the 9 bits.'),
    ('/file/register', '{path,name,size,hash,mime,storage,text,done,fail}', '{name,size,hash}',
     'Registers a file whose bytes stay in the storage back end (local directory, or the bucket URL given in storage).'),
    ('/file/get', '{id,path,name,fields}', '{}', 'A file with its base64 data, by id or by path and name (name defaults to index.html).'),
    ('/file/count', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'Counts the files the caller may read.'),
    ('/file/list', '{fields,search,filter,reclimit,recoffset,orderby}', '{}', 'Lists the files the caller may read, in tree order by default.'),
    ('/file/delete', '{id,path,name}', '{}', 'Deletes a file by id or by stored path and name; a directory with children cannot be deleted.')
  ) AS p(path, keys, required, summary);
