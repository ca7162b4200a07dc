-- Triggers of the http module (the functions live in trigger.sql).

CREATE TRIGGER t_request_after_insert
  AFTER INSERT ON http.request
  FOR EACH ROW
  EXECUTE PROCEDURE http.ft_request_after_insert();
