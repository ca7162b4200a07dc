#!/usr/bin/env bash
# CPU time of the auth service's own process per request (README.md "The
# service's own cost"), for one or more trees measured in alternation:
#
#   bench/auth-token/service-cpu.sh                                  # this tree
#   ROUNDS=3 bench/auth-token/service-cpu.sh before=/tmp/wt after=.  # a worktree of an older commit, then this one
#   RUNS=client_credentials,jwks DURATION=5 bench/auth-token/service-cpu.sh
#
# DATABASE_URL (default pgfleet_bench_auth) must hold an installed platform
# (`pnpm db install`); every tree runs against it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$here" && pnpm install --ignore-workspace --silent)
cd "$root" && exec node --import tsx bench/auth-token/service-cpu.ts "$@"
