#!/usr/bin/env bash
# hack/check-java-names.sh: finds an inline java.* name in a sample (not an import, a property name such as
# java.io.tmpdir, nor a package that only has java in it), fails on one in fail mode; then runs on the repository.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../check-java-names.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/m/src/main/java/p" "$tmp/m/target/classes"
cat >"$tmp/m/src/main/java/p/A.java" <<'J'
package p;

import java.util.List;
import static java.util.Objects.requireNonNull;

final class A {
    private final java.util.Map<String, List<String>> m = null; // one
    private final String file = "A.java";
    private final String prop = System.getProperty("java.io.tmpdir");
    private final Object o = io.example.java.Thing.INSTANCE;
}
J
cp "$tmp/m/src/main/java/p/A.java" "$tmp/m/target/classes/Copied.java"   # build output: not looked at

failed=0
check() { # name expected actual
  if [[ "$2" == "$3" ]]; then echo "ok: $1"; else echo "FAIL: $1 (expected $2, got $3)"; failed=1; fi
}
out=$(JAVA_NAMES_MODE=report bash "$script" "$tmp/m"); rc=$?
check "report mode: exit status" 0 $rc
check "report mode: the one inline name, by file and line" "src/main/java/p/A.java:7:" \
  "$(printf '%s\n' "$out" | grep -oE '^[^ ]+\.java:[0-9]+:' | tr -d '\n')"
JAVA_NAMES_MODE=fail bash "$script" "$tmp/m" >/dev/null; rc=$?
check "fail mode: exit status" 1 $rc
rm "$tmp/m/src/main/java/p/A.java"
JAVA_NAMES_MODE=fail bash "$script" "$tmp/m" >/dev/null; rc=$?
check "fail mode, none left: exit status" 0 $rc

echo "-- the repository:"
bash "$script" || failed=1
exit $failed
