-- Monitoring view of the outbound queue, also read by callbacks.

CREATE OR REPLACE VIEW http.fetch
AS
  SELECT q.id, q.agent, q.profile, q.command, q.state, q.method, q.resource,
         r.status, r.status_text,
         q.content AS request, r.content AS response,
         q.datetime AS datestart, r.datetime AS datestop, r.runtime,
         q.headers AS request_headers, r.headers AS response_headers,
         q.message, q.error, q.data
    FROM http.request q LEFT JOIN http.response r ON r.request = q.id;

COMMENT ON VIEW http.fetch IS 'Outbound requests with their responses.';
