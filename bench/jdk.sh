#!/usr/bin/env bash
# Prints the home of a JDK, found as ./mvnw finds it:
#   bench/jdk.sh       a JDK >= 25: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm
#   bench/jdk.sh 17    a JDK whose major version is exactly 17: JAVA_HOME, the `java` on PATH,
#                      then /usr/lib/jvm/*, the first that is 17 (used by CI and the 17-vs-25 runs)
# Used by jmh.sh, coldstart.sh, peers.sh and .ci/run. A JDK is recognised by the JAVA_VERSION line
# of its `release` file, so symlinked or renamed homes (Debian's java-1.17.0-openjdk-amd64) work.
set -euo pipefail
major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  [ -n "$v" ] && [ -x "$1/bin/java" ] && echo "$v"
}
if [ $# -gt 0 ]; then
  exact=$1
  on_path=""
  if command -v java >/dev/null; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  for d in "${JAVA_HOME:-}" "$on_path" /usr/lib/jvm/*/; do
    [ -n "$d" ] || continue
    d=${d%/}
    if v=$(major "$d") && [ "$v" = "$exact" ]; then
      readlink -f "$d"
      exit 0
    fi
  done
  echo "jdk.sh: no JDK $exact found (JAVA_HOME='${JAVA_HOME:-}', java on PATH, /usr/lib/jvm/*)" >&2
  exit 1
fi
need=25
if [ -n "${JAVA_HOME:-}" ] && v=$(major "$JAVA_HOME") && [ "$v" -ge "$need" ]; then
  echo "$JAVA_HOME"
  exit 0
fi
pick=""
best=0
for d in /usr/lib/jvm/*/; do
  d=${d%/}
  v=$(major "$d") || continue
  if [ "$v" -ge "$need" ] && [ "$v" -gt "$best" ]; then best=$v; pick=$d; fi
done
if [ -z "$pick" ]; then
  echo "jdk.sh: no JDK >= $need found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/*)" >&2
  exit 1
fi
echo "$pick"
