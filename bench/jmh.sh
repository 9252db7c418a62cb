#!/usr/bin/env bash
# Runs the JMH suite: bench/jmh.sh [JMH args], e.g.
#   bench/jmh.sh GemmBench -p problem=sq1024 -jvmArgsAppend -Dlanegrad.threads=1
# Uses a JDK >= 25 (JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm, as ./mvnw does)
# and adds jdk.incubator.vector on the command line: a manifest cannot add a module, and JMH's forks
# inherit the flag. Add fork flags with -jvmArgsAppend, never -jvmArgs (it would drop the module).
# The jar comes from `./mvnw -P jmh -DskipTests package`; BENCH_JAR overrides its path.
set -euo pipefail
cd "$(dirname "$0")/.."
need=25
major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  [ -n "$v" ] && [ -x "$1/bin/java" ] && echo "$v"
}
pick=""
if [ -n "${JAVA_HOME:-}" ] && v=$(major "$JAVA_HOME") && [ "$v" -ge "$need" ]; then
  pick="$JAVA_HOME"
else
  best=0
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    v=$(major "$d") || continue
    if [ "$v" -ge "$need" ] && [ "$v" -gt "$best" ]; then best=$v; pick=$d; fi
  done
fi
if [ -z "$pick" ]; then
  echo "jmh.sh: no JDK >= $need found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/*)" >&2
  exit 1
fi
jar="${BENCH_JAR:-target/benchmarks.jar}"
if [ ! -f "$jar" ]; then
  echo "jmh.sh: $jar is missing; build it with ./mvnw -B -P jmh -DskipTests package" >&2
  exit 1
fi
exec "$pick/bin/java" --add-modules jdk.incubator.vector -jar "$jar" "$@"
