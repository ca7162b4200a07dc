// Statements of the KLADR loader (bind parameters only).

export const importKladrSql = 'SELECT kernel.ImportKladr($1::jsonb) AS count';
export const importStreetSql = 'SELECT kernel.ImportStreet($1::jsonb) AS count';
export const clearAddressTreeSql = 'SELECT kernel.ClearAddressTree()';
export const buildAddressTreeSql = 'SELECT kernel.LoadFromKladr($1::text[])';
