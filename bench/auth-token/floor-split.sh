#!/usr/bin/env bash
# CPU µs per token request, split into autocannon, server process and database
# backends, for oidc-provider and the pgfleet grants (floor-split.ts, README.md
# "## Floors"). DATABASE_URL: an installed database (default pgfleet_bench_auth).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine ROUNDS=2 bench/auth-token/floor-split.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$here" && pnpm install --ignore-workspace --silent)
cd "$root" && exec node --import tsx bench/auth-token/floor-split.ts
