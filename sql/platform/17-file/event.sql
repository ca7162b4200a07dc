-- Triggers of db.file (the functions live in trigger.sql). A storage entry's
-- url follows its data (the bucket URL), so t_file_type fires on that too.

CREATE TRIGGER t_file_insert
  BEFORE INSERT ON db.file
  FOR EACH ROW EXECUTE PROCEDURE db.ft_file_insert();

CREATE TRIGGER t_file_type
  BEFORE UPDATE ON db.file
  FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type OR (NEW.type = 's' AND OLD.data IS DISTINCT FROM NEW.data))
  EXECUTE PROCEDURE db.ft_file_type();

CREATE TRIGGER t_file_path
  BEFORE UPDATE ON db.file
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
  EXECUTE PROCEDURE db.ft_file_path();

CREATE TRIGGER t_file_name
  BEFORE UPDATE ON db.file
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE PROCEDURE db.ft_file_name();

CREATE TRIGGER t_file_notify
  AFTER INSERT OR UPDATE OR DELETE ON db.file
  FOR EACH ROW EXECUTE PROCEDURE db.ft_file_notify();
