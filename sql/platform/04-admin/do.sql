-- admin module: hooks a configuration may override. Install-only, so overrides made by a
-- configuration survive `update`.

CREATE OR REPLACE FUNCTION DoLogin(pUserId uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoLogout(pUserId uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoCreateArea(pArea uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoUpdateArea(pArea uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoDeleteArea(pArea uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoCreateRole(pRole uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoUpdateRole(pRole uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
CREATE OR REPLACE FUNCTION DoDeleteRole(pRole uuid) RETURNS void AS $$ BEGIN END; $$
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
