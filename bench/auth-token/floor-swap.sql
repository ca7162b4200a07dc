-- Puts the client_credentials floor (floor.sql) behind the auth service, in a
-- database of its own: daemon.token becomes daemon.floor_token (the service's
-- call with five arguments takes pLog's default), the real one is kept as
-- daemon.token_real. Then floor-split.sh (RUNS=oidc,client_credentials)
-- measures the floor through the whole HTTP path, next to oidc-provider.
-- Only client_credentials and refresh_token work on such a database (and a
-- refresh only of a token the floor issued): never apply it to a database in
-- use.   psql -U postgres -d DB -f floor.sql -f floor-swap.sql
-- Undo:  ALTER FUNCTION daemon.token(text, text, jsonb, text, inet, boolean) RENAME TO floor_token;
--        ALTER FUNCTION daemon.token_real(text, text, jsonb, text, inet) RENAME TO token;
ALTER FUNCTION daemon.token(text, text, jsonb, text, inet) RENAME TO token_real;
ALTER FUNCTION daemon.floor_token(text, text, jsonb, text, inet, boolean) RENAME TO token;
