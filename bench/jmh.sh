#!/usr/bin/env bash
# Runs the JMH suite: bench/jmh.sh [JMH args], e.g.
#   bench/jmh.sh GemmBench -p problem=sq1024 -jvmArgsAppend -Dlanegrad.threads=1
# On a JDK >= 25 found as ./mvnw finds it (bench/jdk.sh), with jdk.incubator.vector added on the
# command line: a manifest cannot add a module, and JMH's forks inherit the flag. Add fork flags
# with -jvmArgsAppend, never -jvmArgs (it would drop the module).
# Forks get a fixed 4 GiB heap (-Xms4g -Xmx4g, before any -jvmArgsAppend): with G1's default
# sizing the heap kept growing under 40 MB results (ElementwiseBench.alloc at n = 1e7) instead of
# collecting them, and every fresh page costs a fault on this VM: 165 ms per add instead of 6 ms.
# The jar comes from `./mvnw -P jmh -DskipTests package`; BENCH_JAR overrides its path.
set -euo pipefail
cd "$(dirname "$0")/.."
jdk=$(bench/jdk.sh)
jar="${BENCH_JAR:-target/benchmarks.jar}"
if [ ! -f "$jar" ]; then
  echo "jmh.sh: $jar is missing; build it with ./mvnw -B -P jmh -DskipTests package" >&2
  exit 1
fi
exec "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$jar" -jvmArgsPrepend "-Xms4g -Xmx4g" "$@"
