#!/usr/bin/env bash
# No fully qualified java.* name inline: a type from the JDK is imported and then used by its simple name, so that a
# file's imports say what it depends on. Lists every line of a .java source (main, test, bench) that names one
# inline, in code or Javadoc; `import` and `package` lines are what it should be. Run by hack/test.sh through
# hack/tests/java-names-test.sh; usage: hack/check-java-names.sh [DIR] (default: the repository).
set -euo pipefail

# fail (the default): list them and exit 1 when there is any; report: list them and exit 0.
mode=${JAVA_NAMES_MODE:-fail}

cd "${1:-$(dirname "$0")/..}"
# java.<lower-case packages>.<Upper-case type>, not preceded by a name part (so a.java.Foo is not one)
pattern='(^|[^A-Za-z0-9_.])java\.([a-z][a-z0-9_]*\.)*[A-Z]'
hits=$(find . -path '*/target' -prune -o -name '*.java' -type f -print | LC_ALL=C sort \
  | xargs -r grep -nHE "$pattern" \
  | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(import|package)[[:space:]]' || true)
if [[ -z "$hits" ]]; then
  echo "java-names: no inline java.* name"
  exit 0
fi
printf '%s\n' "$hits" | sed 's|^\./||'
count=$(printf '%s\n' "$hits" | wc -l)
echo "java-names: $count line(s) with an inline fully qualified java.* name: import it instead (mode: $mode)"
[[ "$mode" == fail ]] && exit 1
exit 0
