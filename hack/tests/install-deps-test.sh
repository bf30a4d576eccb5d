#!/usr/bin/env bash
# Regression check for hack/install-deps.sh's exit status (a fresh machine, first run): with dpkg, apt-get and
# javac replaced by fakes, the script must exit 0 after installing whether or not a policy-rc.d was there before
# (Debian container images ship one), remove only a policy-rc.d it created, and still fail when apt-get fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../install-deps.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<'F'
#!/bin/sh
exit 1
F
cat >"$tmp/bin/apt-get" <<'F'
#!/bin/sh
# Packaged services must be held back while installing: the policy file has to exist now.
[ -x "$INSTALL_DEPS_POLICY_RC_D" ] || { echo "fake apt-get: no policy-rc.d during install" >&2; exit 3; }
[ -n "${FAKE_APT_FAIL:-}" ] && [ "$1" = install ] && exit 100
exit 0
F
printf '#!/bin/sh\necho "javac 17.0.15"\n' >"$tmp/bin/javac"
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/mvn"
printf '#!/bin/sh\necho 0\n' >"$tmp/bin/id"
chmod +x "$tmp/bin/"*

failed=0
check() { # name expected actual
  if [[ "$2" == "$3" ]]; then echo "ok: $1"; else echo "FAIL: $1 (expected $2, got $3)"; failed=1; fi
}
run() { PATH="$tmp/bin:$PATH" INSTALL_DEPS_POLICY_RC_D="$tmp/policy-rc.d" bash "$script" >/dev/null 2>"$tmp/err"; }

printf '#!/bin/sh\nexit 101\n' >"$tmp/policy-rc.d"; chmod 755 "$tmp/policy-rc.d"
run; check "policy-rc.d already present: exit status" 0 $?
check "policy-rc.d already present: left in place" yes "$([[ -e $tmp/policy-rc.d ]] && echo yes || echo no)"

rm -f "$tmp/policy-rc.d"
run; check "no policy-rc.d before: exit status" 0 $?
check "no policy-rc.d before: the one it made is removed" no "$([[ -e $tmp/policy-rc.d ]] && echo yes || echo no)"

FAKE_APT_FAIL=1 run; rc=$?
check "apt-get install fails: script fails" yes "$([[ $rc -ne 0 ]] && echo yes || echo no)"
check "apt-get install fails: the one it made is removed" no "$([[ -e $tmp/policy-rc.d ]] && echo yes || echo no)"

printf '#!/bin/sh\nexit 101\n' >"$tmp/policy-rc.d"; chmod 755 "$tmp/policy-rc.d"
FAKE_APT_FAIL=1 run; rc=$?
check "apt-get fails with policy-rc.d present: script fails" yes "$([[ $rc -ne 0 ]] && echo yes || echo no)"

exit $failed
