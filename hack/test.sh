#!/usr/bin/env bash
# Every test: the scripts' own checks (hack/tests), unit and property tests (Surefire), then the suites against
# real daemons (Failsafe), among them the container image's (ContainerImageIT) where podman can run, then the
# chaos scenarios in their reduced form.
set -euo pipefail
cd "$(dirname "$0")/.."
hack/install-deps.sh --image
for t in hack/tests/*-test.sh; do
  echo "== $t"
  bash "$t"
done
# The image: its base (Debian + JRE, made once, about 3 minutes cold, then kept) now; the image itself is built by
# ContainerImageIT from the jar that this build makes (seconds), then run as the DaemonSet runs it.
if CONTAINERS_CONF="$PWD/hack/podman/containers.conf" podman info >/dev/null 2>&1; then
  echo "== hack/image.sh --base-only"
  hack/image.sh --base-only
else
  echo "== podman cannot run here: ContainerImageIT will be skipped (CONTAINERS_CONF=hack/podman/containers.conf podman info says why)"
fi
mvn -B -ntp verify "$@"
# The chaos scenarios (hack/chaos, docs/reliability.md), reduced: verify has just built their jar and the bridge's.
echo "== hack/chaos/fuzz --faults 2000 (reduced; the full run sends 100,000)"
hack/chaos/fuzz --no-build --faults 2000
echo "== hack/chaos/flood --prefixes 20000 --max-routes 2000 (reduced; the full run floods 1,000,000)"
hack/chaos/flood --no-build --prefixes 20000 --max-routes 2000
echo "== hack/chaos/flaps --flaps 20 --routes 2000 --check-every 5 (reduced; the full run flaps 1,000 times with 10,000 routes)"
hack/chaos/flaps --no-build --flaps 20 --routes 2000 --check-every 5
echo "== hack/chaos/k8s-outage --outage-seconds 20 --services 20 (reduced; the full run takes the API away for 180 s)"
hack/chaos/k8s-outage --no-build --outage-seconds 20 --services 20
echo "== hack/chaos/crash --kills 5 --cuts 5 --routes 2000 (reduced; the full run: 50 kills and 50 cuts, 10,000 routes)"
hack/chaos/crash --no-build --kills 5 --cuts 5 --routes 2000
echo "== hack/chaos/nb-faults --faults 2 --routes 2000 (reduced; the full run has 20 faults of each kind, 10,000 routes)"
hack/chaos/nb-faults --no-build --faults 2 --routes 2000
