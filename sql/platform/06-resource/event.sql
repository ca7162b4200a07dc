-- Triggers of the resource module (the functions live in trigger.sql).

CREATE TRIGGER t_resource_before
  BEFORE INSERT ON db.resource
  FOR EACH ROW
  EXECUTE PROCEDURE db.ft_resource_before();

CREATE TRIGGER t_resource_data_before
  BEFORE INSERT OR UPDATE ON db.resource_data
  FOR EACH ROW
  EXECUTE PROCEDURE db.ft_resource_data_before();
