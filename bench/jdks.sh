#!/usr/bin/env bash
# Runs one JMH selection on JDK 17 and then on JDK 25, back to back on the same machine and jar,
# so that the two numbers compare: bench/jdks.sh [JMH args], e.g.
#   bench/jdks.sh 'TrainStepBench.step' -p style=tape
# The JMH host is always the JDK >= 25 of jmh.sh; -jvm makes each run's forks use the JDK named by
# bench/jdk.sh 17 or bench/jdk.sh (the jar is class file 61, so one jar serves both). Results go to
# jmh-jdk17.csv and jmh-jdk25.csv in the current directory, and the summaries to the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
for v in 17 25; do
  if [ "$v" = 25 ]; then home=$(bench/jdk.sh); else home=$(bench/jdk.sh "$v"); fi
  echo "== JDK $v: $home"
  "$home/bin/java" -version 2>&1 | head -n 2
  bench/jmh.sh "$@" -jvm "$home/bin/java" -rf csv -rff "jmh-jdk$v.csv"
done
