#!/usr/bin/env bash
# Builds the web console into OUT_DIR (CMake's furrow_console target calls it; furrow serves OUT_DIR).
# npm ci runs only when package-lock.json changed since the last install, so rebuilds (and builds
# without network, after the first) do not touch the registry.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUT_DIR}
cd "$here"
stamp=node_modules/.furrow-lock-installed
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
node build.mjs "$out"
