#!/usr/bin/env bash
# Every test: the scripts' own checks (hack/tests), unit and property tests (Surefire), then the suites against
# real daemons (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
hack/install-deps.sh
for t in hack/tests/*-test.sh; do
  echo "== $t"
  bash "$t"
done
exec mvn -B -ntp verify "$@"
