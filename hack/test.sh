#!/usr/bin/env bash
# Every test: unit and property tests (Surefire), then the suites against real daemons (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
hack/install-deps.sh
exec mvn -B -ntp verify "$@"
