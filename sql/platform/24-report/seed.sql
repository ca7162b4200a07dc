-- Report classes (install only). The platform seeds no report objects: a
-- configuration builds its tree, forms and reports (25-reports §2).
SELECT InitReportClasses();

-- The report worker runs under a service session (group system): it must read
-- every ready report of its scope and set the label of a failed one
-- (services/report.md §1, 24-report §10).
SELECT chmodc(GetClass('report_ready'), B'0000000110', '00000000-0000-4000-a000-000000000000'::uuid);
