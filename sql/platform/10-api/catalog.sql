--------------------------------------------------------------------------------
-- api module: routes and REST catalogue (sync: re-run by every update)
--------------------------------------------------------------------------------

SELECT InitAPI();

SELECT RegisterRestPath(p.path, ARRAY['GET', 'POST'], p.keys, p.required, p.session, p.summary, 'api')
  FROM (VALUES
    ('/api/v1/ping', null::text[], null::text[], false, 'Liveness of the database path; answers {"error":{"code":200,"message":"OK"}}.'),
    ('/api/v1/time', null, null, false, 'Server time in epoch seconds.'),
    ('/api/v1/authenticate', '{session,secret,agent,host}', '{session,secret}', false, 'Checks a session secret and rotates the authorization code; a wrong secret closes the session.'),
    ('/api/v1/authorize', '{session,agent,host}', '{session}', false, 'Resumes a session in the current connection.'),
    ('/api/v1/su', '{username,password}', '{username,password}', true, 'Substitutes the effective user of the session.'),
    ('/api/v1/search', '{text,entities,fields}', '{text}', true, 'Full-text search over objects.'),
    ('/api/v1/whoami', '{fields}', null, true, 'The current client, user and session.'),
    ('/api/v1/run', '{key,method,path,payload}', '{path}', true, 'Runs an array of REST calls and returns their results.'),
    ('/api/v1/locale', '{fields}', null, false, 'Available locales.'),
    ('/api/v1/locale/set', '{id,code}', null, false, 'Sets the session locale by id or code.'),
    ('/api/v1/entity', '{fields}', null, false, 'Entities of the workflow.'),
    ('/api/v1/type', '{fields}', null, false, 'Types of the workflow.'),
    ('/api/v1/class', '{fields,parent,parentcode}', null, false, 'Classes of the workflow.'),
    ('/api/v1/priority', '{fields}', null, false, 'Priorities.'),
    ('/api/v1/sign/in', '{username,password,agent,host}', '{username,password}', false, 'Signs a user in through the calling client; returns session, secret and code.'),
    ('/api/v1/sign/up', '{type,username,password,name,phone,email,description,profile}', '{username}', false, 'Registers a new user (configuration api.signup).'),
    ('/api/v1/sign/out', '{session,closeall,close_all}', null, true, 'Closes the current (or the given) session, optionally all sessions of the user.'),
    ('/api/v1/user/count', '{search,filter,reclimit,recoffset,orderby}', null, true, 'Counts users visible to the caller.'),
    ('/api/v1/user/get', '{fields}', null, true, 'The current user.'),
    ('/api/v1/user/set', '{username,password,name,phone,email,description}', null, true, 'Updates the current user.'),
    ('/api/v1/user/list', '{fields,search,filter,reclimit,recoffset,orderby}', null, true, 'Lists users visible to the caller.'),
    ('/api/v1/user/profile', '{id,code,fields}', null, true, 'Client profile (configuration api.profile).'),
    ('/api/v1/user/profile/set', '{familyname,givenname,patronymicname,locale,area,interface,picture}', null, true, 'Updates the profile of the current user.'),
    ('/api/v1/user/password', '{oldpass,newpass}', '{oldpass,newpass}', true, 'Changes the password of the current user.'),
    ('/api/v1/user/password/recovery', '{identifier,hashcode}', '{identifier}', true, 'Starts password recovery; returns a ticket.'),
    ('/api/v1/user/security/answer', '{ticket,securityanswer}', '{ticket,securityanswer}', true, 'Checks a recovery ticket.'),
    ('/api/v1/user/password/reset', '{ticket,securityanswer,password}', '{ticket,securityanswer,password}', true, 'Resets the password with a recovery ticket.'),
    ('/api/v1/user/registration/code', '{email,phone,hashcode}', null, true, 'Sends registration codes; one ticket per channel.'),
    ('/api/v1/user/registration/check', '{ticket,code}', '{ticket,code}', true, 'Checks a registration code.'),
    ('/api/v1/member/group', null, null, true, 'Groups of the current user.'),
    ('/api/v1/member/area', null, null, true, 'Areas of the current user (with descendants).'),
    ('/api/v1/member/interface', null, null, true, 'Interfaces of the current user.')
  ) AS p(path, keys, required, session, summary);
