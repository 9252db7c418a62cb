#!/usr/bin/env bash
# lanegrad's side of the peer comparison (docs/benchmarks.md): runs the peer-named cases and prints
# peer-format lines. $PEERS is the folder of the peer programs (not part of this repository).
#   bench/peers.sh [--quick] > target/peers/lanegrad.tsv
#   python3 $PEERS/summarize.py target/peers/peers.tsv target/peers/lanegrad.tsv
# GemmBench.ops and TrainStepBench at 1 and 2 threads; elementwise, sum/mean and TapeBench at 1
# (single-threaded kernels); TrainStepBench and TapeBench with -prof gc; then the cold start.
# --quick: 1 fork, short iterations, fewer sizes (always sq256, sq1024 and TapeBench).
# --short: every case and size, 1 fork, 4 x 1 s warm-up (10 for the training step, which C2 needs),
# 3 x 1 s measured: about 20 minutes instead of the full run's 50.
# Progress goes to stderr, results to stdout. Run nothing else meanwhile (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
short=0
if [ "${1:-}" = "--quick" ]; then quick=1; fi
if [ "${1:-}" = "--short" ]; then short=1; fi
./mvnw -B -ntp -q -P jmh -pl lanegrad -DskipTests package >&2
out=target/jmh/peers
rm -rf "$out"
mkdir -p "$out"
if [ $quick = 1 ]; then
  run=(-f 1 -wi 3 -w 500ms -i 3 -r 500ms)
  gemm=(-p problem=sq256,sq1024,mlp_b64_fwd1_64x784x256,mlp_b64_fwd3_64x256x10)
  sizes=(-p n=1000,100000,10000000)
  batches=(-p batch=64)
  step=("${run[@]}")
  runs=5
elif [ $short = 1 ]; then
  run=(-f 1 -wi 4 -w 1s -i 3 -r 1s)
  gemm=()
  sizes=()
  batches=()
  step=(-f 1 -wi 10 -w 1s -i 3 -r 1s)
  runs=11
else
  run=()
  gemm=()
  sizes=()
  batches=()
  step=()
  runs=21
fi
jmh() { bench/jmh.sh "$@" >&2; }
for t in 1 2; do
  jmh 'GemmBench.ops' "${run[@]}" "${gemm[@]}" -jvmArgsAppend -Dlanegrad.threads=$t \
    -rf json -rff "$out/gemm-t$t.json"
  jmh 'TrainStepBench.step' "${step[@]}" "${batches[@]}" -prof gc -jvmArgsAppend -Dlanegrad.threads=$t \
    -rf json -rff "$out/trainstep-t$t.json"
done
jmh 'ElementwiseBench' "${run[@]}" "${sizes[@]}" -p impl=simd -jvmArgsAppend -Dlanegrad.threads=1 \
  -rf json -rff "$out/elementwise.json"
jmh 'ReduceBench.all' "${run[@]}" "${sizes[@]}" -p fn=sum,mean -jvmArgsAppend -Dlanegrad.threads=1 \
  -rf json -rff "$out/reduce.json"
jmh 'TapeBench' "${run[@]}" -prof gc -jvmArgsAppend -Dlanegrad.threads=1 -rf json -rff "$out/tape.json"
jmh 'TrainStepBench.(linreg|dense_grad)' "${run[@]}" -jvmArgsAppend -Dlanegrad.threads=1 \
  -rf json -rff "$out/tutorial.json"
echo "# bench/peers.sh $* started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo -e "meta\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo -dirty)"
echo -e "meta\tcpu\t$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
"$(bench/jdk.sh)/bin/java" --add-modules jdk.incubator.vector -cp "${BENCH_JAR:-lanegrad/target/benchmarks.jar}" \
  dev.lanegrad.bench.Meta 2>/dev/null
python3 bench/peers_tsv.py "$out"/*.json
bench/coldstart.sh $runs
