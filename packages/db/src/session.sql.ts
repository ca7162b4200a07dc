export const authorizeSql = 'SELECT * FROM api.authorize($1)';
