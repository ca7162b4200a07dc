#!/usr/bin/env bash
# Token endpoint benchmark (README.md). Installs its own two dependencies
# (autocannon, oidc-provider) outside the workspace, then runs run.ts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$here" && pnpm install --ignore-workspace --silent)
cd "$root" && exec node --import tsx bench/auth-token/run.ts
