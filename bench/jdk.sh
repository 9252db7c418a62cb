#!/usr/bin/env bash
# Prints the home of a JDK >= 25, found as ./mvnw finds it: JAVA_HOME if it qualifies, else the
# newest under /usr/lib/jvm. Used by jmh.sh, coldstart.sh and peers.sh.
set -euo pipefail
need=25
major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  [ -n "$v" ] && [ -x "$1/bin/java" ] && echo "$v"
}
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
