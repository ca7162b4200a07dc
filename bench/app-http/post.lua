-- POST with the Bearer token of the run (env BENCH_TOKEN), empty body.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
