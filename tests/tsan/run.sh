#!/usr/bin/env bash
# Looks for data races (`make tsan`, not part of `make test`): tests/tsan/run.sh BUILD_DIR
# Runs the unit tests and the end-to-end suite in both topologies against a ThreadSanitizer build
# (cmake -DFURROW_SANITIZE_THREAD=ON). A unit test with a report fails through TSan's exit code;
# server processes write their reports to files, listed at the end, and any report fails the run.
# Known third-party false positives are in tests/tsan/suppressions.txt, each with its reason.
set -euo pipefail

build="$(cd "${1:?usage: tests/tsan/run.sh BUILD_DIR}" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
reports="$(mktemp -d /tmp/furrow-tsan.XXXXXX)"
options="halt_on_error=0 second_deadlock_stack=1 suppressions=$root/tests/tsan/suppressions.txt"

(cd "$build" && TSAN_OPTIONS="$options" ctest --output-on-failure -j "$(nproc)")

# The servers keep running after a report (exitcode=0) so one race does not hide the next.
e2e_options="$options exitcode=0 log_path=$reports/report"
cd "$root"
TSAN_OPTIONS="$e2e_options" FURROW_BIN="$build/furrow" /usr/bin/python3 -m pytest -q tests/e2e
TSAN_OPTIONS="$e2e_options" FURROW_E2E_TOPOLOGY=cluster FURROW_BIN="$build/furrow" \
    /usr/bin/python3 -m pytest -q tests/e2e

if compgen -G "$reports/report*" >/dev/null; then
    cat "$reports"/report*
    echo "tsan: data race reports from the server processes above (also in $reports)" >&2
    exit 1
fi
rm -rf "$reports"
echo "tsan: no reports"
