#!/usr/bin/env bash
# Runs the JMH suite: bench/jmh.sh [JMH args], e.g.
#   bench/jmh.sh GemmBench -p problem=sq1024 -jvmArgsAppend -Dlanegrad.threads=1
# On a JDK >= 25 found as ./mvnw finds it (bench/jdk.sh), with jdk.incubator.vector added on the
# command line: a manifest cannot add a module, and JMH's forks inherit the flag. Add fork flags
# with -jvmArgsAppend, never -jvmArgs (it would drop the module).
# Forks get a fixed 1 GiB heap with a 128 MiB young generation (-Xms1g -Xmx1g -Xmn128m, before
# any -jvmArgsAppend). On this VM the first touch of a page costs a fault (~16 us per 4 KiB), and
# G1's default sizing kept touching new ones: the heap grew under 40 MB results instead of
# collecting them (ElementwiseBench.alloc at n = 1e7: 165 ms per add instead of 6 ms), and a
# large eden was never walked twice within a fork (GemmBench.ops with 800 KB outputs 2-4x slow).
# A small fixed young generation keeps reusing pages that are already there.
# The jar comes from `./mvnw -P jmh -pl lanegrad -DskipTests package`; BENCH_JAR overrides its path.
set -euo pipefail
cd "$(dirname "$0")/.."
jdk=$(bench/jdk.sh)
jar="${BENCH_JAR:-lanegrad/target/benchmarks.jar}"
if [ ! -f "$jar" ]; then
  echo "jmh.sh: $jar is missing; build it with ./mvnw -B -P jmh -pl lanegrad -DskipTests package" >&2
  exit 1
fi
exec "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$jar" -jvmArgsPrepend "-Xms1g -Xmx1g -Xmn128m" "$@"
