#!/usr/bin/env bash
# CI smoke run: builds the benchmark jar and starts every benchmark once (one fork, no warm-up,
# one 100 ms iteration, the smallest parameters). Proves the suite runs; never asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
# the library module's build directory, relative to the repository root; only that module is built
# (a -Dlanegrad.buildDir given to several modules would make them share one directory)
build="${LANEGRAD_BUILD_DIR:-lanegrad/target}"
./mvnw -B -ntp -P jmh -pl lanegrad -DskipTests -Dlanegrad.buildDir="$PWD/$build" package
export BENCH_JAR="$build/benchmarks.jar"
start=$(date +%s)
# The peers' "case" parameter is "-p problem=sq64" here: `case` is a Java keyword. The extra
# -p's keep one value of each parameter, so every benchmark method starts once per impl.
bench/jmh.sh -f 1 -wi 0 -i 1 -r 100ms -foe true \
  -p problem=sq64 -p n=1000 -p batch=64 -p op=add -p fn=sum -p shape=scalar -p style=tape \
  -e 'MathKernelsBench|ConvBench|FashionStepBench' \
  -jvmArgsAppend -Dlanegrad.threads=1
# these name their parameters differently (op=erf, problem=b32_...), so the shared "-p op=add"
# and "-p problem=sq64" above would break them: each runs on its own values
bench/jmh.sh MathKernelsBench -f 1 -wi 0 -i 1 -r 100ms -foe true -p op=erf -p n=10000 \
  -jvmArgsAppend -Dlanegrad.threads=1
bench/jmh.sh ConvBench -f 1 -wi 0 -i 1 -r 100ms -foe true -jvmArgsAppend -Dlanegrad.threads=1
bench/jmh.sh FashionStepBench -f 1 -wi 0 -i 1 -r 100ms -foe true -p batch=32 -jvmArgsAppend -Dlanegrad.threads=1
# the step functions (tapefn: a tape step in a StepFunction; fit: Model.trainOnBatch)
bench/jmh.sh TrainStepBench.step -f 1 -wi 0 -i 1 -r 100ms -foe true -p batch=64 -p style=tapefn,fit \
  -jvmArgsAppend -Dlanegrad.threads=1
bench/coldstart.sh 1
echo "smoke: benchmarks started in $(( $(date +%s) - start )) s"
