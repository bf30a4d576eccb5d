#!/usr/bin/env bash
# Installs what building and testing ovn-bgp-bridge need on Debian 12: a JDK 17+, Maven, OVN, OVS, FRR,
# GoBGP, iproute2, iptables (hack/topology counts packets per router), kubectl (the manifest tests render with `kubectl kustomize`) and promtool (Debian's prometheus
# package, for the alert rules' tests; its service is kept from starting like the others'). Idempotent: when
# everything is present it checks and exits in well under a second; apt-get update runs only when something has to
# be installed. Benchmarks add bird2 with --bench; the container image (hack/image.sh) adds podman (run by runc),
# and mmdebstrap for its base, with --image.
set -euo pipefail

packages=(ovn-central ovn-host openvswitch-switch openvswitch-common openssl frr gobgpd iproute2 iputils-ping ethtool iptables procps curl prometheus)
for flag in "$@"; do
  case "$flag" in
    --bench) packages+=(bird2) ;;
    --image) packages+=(podman runc mmdebstrap) ;;
    *) echo "install-deps: unknown option $flag (known: --bench, --image)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

java_ok() {
  command -v javac >/dev/null 2>&1 || return 1
  local v
  v=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
  [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 17 ))
}
java_ok || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# Debian's kubectl is the package kubernetes-client (1.20, kustomize built in); any kubectl already on the PATH will do
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi

echo "install-deps: installing ${missing[*]}" >&2
# Packages like frr and ovn-central start their daemons on install where an init system runs; the tests start
# their own, on their own ports, so keep the packaged services from starting (policy-rc.d, exit 101 = deny).
policy_rc_d=${INSTALL_DEPS_POLICY_RC_D:-/usr/sbin/policy-rc.d}   # overridable for hack/tests only
created_policy=
if [[ ! -e "$policy_rc_d" ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy_rc_d" >/dev/null
  $SUDO chmod 755 "$policy_rc_d"
  created_policy=1
fi
# The clean-up must never become the script's exit status: with a policy-rc.d that was already there (Debian
# container images ship one), a bare `[[ -n "" ]] && ...` would make the whole script exit 1 after success.
cleanup() {
  local rc=$?
  if [[ -n "$created_policy" ]]; then
    $SUDO rm -f "$policy_rc_d" || true
  fi
  exit "$rc"
}
trap cleanup EXIT

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
