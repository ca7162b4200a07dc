--------------------------------------------------------------------------------
-- api module: InitAPI — root route registration (idempotent: run by sync)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION InitAPI ()
RETURNS         void
AS $$
DECLARE
  vSegment      text;
BEGIN
  PERFORM EnsureRoute(null, 'api');

  FOREACH vSegment IN ARRAY ARRAY['sign', 'user', 'state', 'action', 'method', 'member', 'admin', 'current', 'event',
                                  'kladr', 'notification', 'observer', 'registry', 'resource', 'session', 'verification',
                                  'workflow', 'error']
  LOOP
    PERFORM EnsureRoute(vSegment, vSegment);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
