#!/usr/bin/env bash
# Looks for data races (`make tsan`, not part of `make test`): tests/tsan/run.sh BUILD_DIR
# Runs `make unit e2e` (the unit tests, then the end-to-end suite in both topologies) against a
# ThreadSanitizer build (cmake -DFURROW_SANITIZE_THREAD=ON). Every process writes its reports to a
# file and keeps going (exitcode=0), so one race does not hide the next; any report fails the run.
# Known third-party false positives are in tests/tsan/suppressions.txt, each with its reason.
set -euo pipefail

build="$(cd "${1:?usage: tests/tsan/run.sh BUILD_DIR}" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
reports="$(mktemp -d /tmp/furrow-tsan.XXXXXX)"

export TSAN_OPTIONS="halt_on_error=0 exitcode=0 second_deadlock_stack=1 log_path=$reports/report suppressions=$root/tests/tsan/suppressions.txt"
make -C "$root" --no-print-directory unit e2e TEST_DIR="$build"

if compgen -G "$reports/report*" >/dev/null; then
    cat "$reports"/report*
    echo "tsan: data race reports above (also in $reports)" >&2
    exit 1
fi
rm -rf "$reports"
echo "tsan: no reports"
