#!/usr/bin/env bash
# Interleaved pairs: for each case, the peer, then lanegrad, then the peer, then lanegrad ... (PAIRS
# pairs, default 3), each side in a fresh process, and the median of the per-pair ratios with its
# spread. On 2 shared cores the host drifts by tens of percent within minutes; a ratio taken from
# back-to-back runs cancels most of that drift, two separate suites do not.
#   bench/pair.sh [-n PAIRS] [--list] [REGEX]     REGEX picks cases by <suite>/<case>/t<threads>
#   bench/pair.sh 'sgemm/mlp_b64_.*/t1'           bench/pair.sh -n 5 'mlp/tape_b64'
# Output (stdout), the peers' line format: meta lines (CPU model, flags, vector width, JDK, commit,
# load average), then per case `pair/lanegrad/none/t<N>/<suite>_<case>` with the metrics ratio
# (median over pairs of peer time / lanegrad time: > 1 means lanegrad is faster), ratio_min,
# ratio_max, peer_ms and lanegrad_ms (medians), lanegrad_alloc_bytes (when the case runs with -prof
# gc) and loadavg (1-minute load before the case's first pair), then a summary table as comments.
# Progress goes to stderr. The jar must exist (./mvnw -B -ntp -P jmh -pl lanegrad -DskipTests package);
# BENCH_JAR overrides it; PAIR_JVM_ARGS adds flags to lanegrad's JMH forks (e.g.
# PAIR_JVM_ARGS=-XX:+UseTransparentHugePages, the JVM's counterpart of numpy's madvise of arrays of
# 4 MiB and more). Needs /usr/bin/python3 with numpy and torch (Debian's).
#
# Extending: add rows to the case table below (one row per case; the threads column expands to
# one case per count), and a JMH run preset to RUN if the suite is new. The peer command is any
# command printing a peers-format line whose metric is `ms` or `ms_per_step` (milliseconds per call
# or step); it gets `--threads N` appended. The lanegrad column is a JMH selector and its -p
# parameters; `-jvmArgsAppend -Dlanegrad.threads=N` and the suite's RUN preset are appended; or
# `java:<main class> [args]`, a main in the benchmark jar run with -Dlanegrad.threads=N that prints
# an `ms` line itself (FashionFit: a whole fit epoch, the median of the epochs after the first).
set -euo pipefail
cd "$(dirname "$0")/.."
pairs="${PAIRS:-3}"
list=0
regex=.
while [ $# -gt 0 ]; do
  case "$1" in
    -n) pairs="$2"; shift 2 ;;
    --list) list=1; shift ;;
    *) regex="$1"; shift ;;
  esac
done

# JMH settings per suite: one fork per side per pair (the pairs are the repeats). The training step
# needs about 10 s before C2 has compiled its kernels (TrainStepBench's comment); at a load average
# of 14 a 256x256x10 product still took 1.6 ms in its 4th warm-up second and 0.3-0.4 ms from the
# 12th, so GEMM cases warm up for 8 s.
declare -A RUN=(
  [sgemm]="-f 1 -wi 8 -w 1s -i 3 -r 500ms"
  [mlp]="-f 1 -wi 10 -w 1s -i 3 -r 1s -prof gc"
  [elementwise]="-f 1 -wi 3 -w 500ms -i 3 -r 500ms"
  [fashion]=""
  [conv]="-f 1 -wi 3 -w 1s -i 3 -r 1s"
  [step]="-f 1 -wi 8 -w 1s -i 3 -r 1s -prof gc"
)
CONV="/usr/bin/python3 bench/conv_torch.py --quick --case"
STEP="/usr/bin/python3 bench/steps_torch.py --quick --case"
PEER="/usr/bin/python3 bench/pair_peer.py"
# suite       | case                          | threads | peer command                                   | lanegrad (JMH)
CASES="
sgemm         | sq128                         | 1 2     | $PEER sgemm sq128                              | GemmBench.ops -p problem=sq128
sgemm         | sq256                         | 1 2     | $PEER sgemm sq256                              | GemmBench.ops -p problem=sq256
sgemm         | sq512                         | 1 2     | $PEER sgemm sq512                              | GemmBench.ops -p problem=sq512
sgemm         | sq1024                        | 1 2     | $PEER sgemm sq1024                             | GemmBench.ops -p problem=sq1024
sgemm         | mlp_b64_fwd1_64x784x256       | 1 2     | $PEER sgemm mlp_b64_fwd1_64x784x256            | GemmBench.ops -p problem=mlp_b64_fwd1_64x784x256
sgemm         | mlp_b64_fwd2_64x256x256       | 1 2     | $PEER sgemm mlp_b64_fwd2_64x256x256            | GemmBench.ops -p problem=mlp_b64_fwd2_64x256x256
sgemm         | mlp_b64_fwd3_64x256x10        | 1 2     | $PEER sgemm mlp_b64_fwd3_64x256x10             | GemmBench.ops -p problem=mlp_b64_fwd3_64x256x10
sgemm         | mlp_b64_dW3_256x64x10_tA      | 1 2     | $PEER sgemm mlp_b64_dW3_256x64x10_tA           | GemmBench.ops -p problem=mlp_b64_dW3_256x64x10_tA
sgemm         | mlp_b64_dh2_64x10x256_tB      | 1 2     | $PEER sgemm mlp_b64_dh2_64x10x256_tB           | GemmBench.ops -p problem=mlp_b64_dh2_64x10x256_tB
sgemm         | mlp_b64_dW2_256x64x256_tA     | 1 2     | $PEER sgemm mlp_b64_dW2_256x64x256_tA          | GemmBench.ops -p problem=mlp_b64_dW2_256x64x256_tA
sgemm         | mlp_b64_dh1_64x256x256_tB     | 1 2     | $PEER sgemm mlp_b64_dh1_64x256x256_tB          | GemmBench.ops -p problem=mlp_b64_dh1_64x256x256_tB
sgemm         | mlp_b64_dW1_784x64x256_tA     | 1 2     | $PEER sgemm mlp_b64_dW1_784x64x256_tA          | GemmBench.ops -p problem=mlp_b64_dW1_784x64x256_tA
sgemm         | mlp_b256_fwd1_256x784x256     | 1 2     | $PEER sgemm mlp_b256_fwd1_256x784x256          | GemmBench.ops -p problem=mlp_b256_fwd1_256x784x256
sgemm         | mlp_b256_fwd2_256x256x256     | 1 2     | $PEER sgemm mlp_b256_fwd2_256x256x256          | GemmBench.ops -p problem=mlp_b256_fwd2_256x256x256
sgemm         | mlp_b256_fwd3_256x256x10      | 1 2     | $PEER sgemm mlp_b256_fwd3_256x256x10           | GemmBench.ops -p problem=mlp_b256_fwd3_256x256x10
sgemm         | mlp_b256_dW3_256x256x10_tA    | 1 2     | $PEER sgemm mlp_b256_dW3_256x256x10_tA         | GemmBench.ops -p problem=mlp_b256_dW3_256x256x10_tA
sgemm         | mlp_b256_dh2_256x10x256_tB    | 1 2     | $PEER sgemm mlp_b256_dh2_256x10x256_tB         | GemmBench.ops -p problem=mlp_b256_dh2_256x10x256_tB
sgemm         | mlp_b256_dW2_256x256x256_tA   | 1 2     | $PEER sgemm mlp_b256_dW2_256x256x256_tA        | GemmBench.ops -p problem=mlp_b256_dW2_256x256x256_tA
sgemm         | mlp_b256_dh1_256x256x256_tB   | 1 2     | $PEER sgemm mlp_b256_dh1_256x256x256_tB        | GemmBench.ops -p problem=mlp_b256_dh1_256x256x256_tB
sgemm         | mlp_b256_dW1_784x256x256_tA   | 1 2     | $PEER sgemm mlp_b256_dW1_784x256x256_tA        | GemmBench.ops -p problem=mlp_b256_dW1_784x256x256_tA
mlp           | tape_b64                      | 1 2     | $PEER mlp tape_b64 --blas openblas,openblas-omp  | TrainStepBench.step -p style=tape -p batch=64
mlp           | nn_b64                        | 1 2     | $PEER mlp nn_b64 --blas openblas,openblas-omp    | TrainStepBench.step -p style=nn -p batch=64
mlp           | tape_b256                     | 1 2     | $PEER mlp tape_b256 --blas openblas,openblas-omp | TrainStepBench.step -p style=tape -p batch=256
mlp           | nn_b256                       | 1 2     | $PEER mlp nn_b256 --blas openblas,openblas-omp   | TrainStepBench.step -p style=nn -p batch=256
mlp           | tapefn_b64                    | 1 2     | $PEER mlp tape_b64 --blas openblas,openblas-omp  | TrainStepBench.step -p style=tapefn -p batch=64
mlp           | fit_b64                       | 1 2     | $PEER mlp nn_b64 --blas openblas,openblas-omp    | TrainStepBench.step -p style=fit -p batch=64
mlp           | tapefn_b256                   | 1 2     | $PEER mlp tape_b256 --blas openblas,openblas-omp | TrainStepBench.step -p style=tapefn -p batch=256
mlp           | fit_b256                      | 1 2     | $PEER mlp nn_b256 --blas openblas,openblas-omp   | TrainStepBench.step -p style=fit -p batch=256
elementwise   | add_out_n10000                | 1       | $PEER elementwise add_out_n10000                 | ElementwiseBench.out -p impl=simd -p op=add -p n=10000
elementwise   | add_out_n100000               | 1       | $PEER elementwise add_out_n100000                | ElementwiseBench.out -p impl=simd -p op=add -p n=100000
elementwise   | add_out_n1000000              | 1       | $PEER elementwise add_out_n1000000               | ElementwiseBench.out -p impl=simd -p op=add -p n=1000000
elementwise   | add_out_n10000000             | 1       | $PEER elementwise add_out_n10000000              | ElementwiseBench.out -p impl=simd -p op=add -p n=10000000
elementwise   | mul_out_n10000                | 1       | $PEER elementwise mul_out_n10000                 | ElementwiseBench.out -p impl=simd -p op=mul -p n=10000
elementwise   | mul_out_n100000               | 1       | $PEER elementwise mul_out_n100000                | ElementwiseBench.out -p impl=simd -p op=mul -p n=100000
elementwise   | mul_out_n1000000              | 1       | $PEER elementwise mul_out_n1000000               | ElementwiseBench.out -p impl=simd -p op=mul -p n=1000000
elementwise   | mul_out_n10000000             | 1       | $PEER elementwise mul_out_n10000000              | ElementwiseBench.out -p impl=simd -p op=mul -p n=10000000
elementwise   | relu_out_n10000               | 1       | $PEER elementwise relu_out_n10000                | ElementwiseBench.out -p impl=simd -p op=relu -p n=10000
elementwise   | relu_out_n100000              | 1       | $PEER elementwise relu_out_n100000               | ElementwiseBench.out -p impl=simd -p op=relu -p n=100000
elementwise   | relu_out_n1000000             | 1       | $PEER elementwise relu_out_n1000000              | ElementwiseBench.out -p impl=simd -p op=relu -p n=1000000
elementwise   | relu_out_n10000000            | 1       | $PEER elementwise relu_out_n10000000             | ElementwiseBench.out -p impl=simd -p op=relu -p n=10000000
elementwise   | bcast_add_out_n100000         | 1       | $PEER elementwise bcast_add_out_n100000          | ElementwiseBench.out -p impl=simd -p op=bcast_add -p n=100000
elementwise   | add_alloc_n10000              | 1       | $PEER elementwise add_alloc_n10000               | ElementwiseBench.alloc -p op=add -p n=10000
elementwise   | add_alloc_n100000             | 1       | $PEER elementwise add_alloc_n100000              | ElementwiseBench.alloc -p op=add -p n=100000
elementwise   | add_alloc_n1000000            | 1       | $PEER elementwise add_alloc_n1000000             | ElementwiseBench.alloc -p op=add -p n=1000000
elementwise   | add_alloc_n10000000           | 1       | $PEER elementwise add_alloc_n10000000            | ElementwiseBench.alloc -p op=add -p n=10000000
elementwise   | mul_alloc_n10000              | 1       | $PEER elementwise mul_alloc_n10000               | ElementwiseBench.alloc -p op=mul -p n=10000
elementwise   | mul_alloc_n100000             | 1       | $PEER elementwise mul_alloc_n100000              | ElementwiseBench.alloc -p op=mul -p n=100000
elementwise   | mul_alloc_n1000000            | 1       | $PEER elementwise mul_alloc_n1000000             | ElementwiseBench.alloc -p op=mul -p n=1000000
elementwise   | mul_alloc_n10000000           | 1       | $PEER elementwise mul_alloc_n10000000            | ElementwiseBench.alloc -p op=mul -p n=10000000
elementwise   | relu_alloc_n10000             | 1       | $PEER elementwise relu_alloc_n10000              | ElementwiseBench.alloc -p op=relu -p n=10000
elementwise   | relu_alloc_n100000            | 1       | $PEER elementwise relu_alloc_n100000             | ElementwiseBench.alloc -p op=relu -p n=100000
elementwise   | relu_alloc_n1000000           | 1       | $PEER elementwise relu_alloc_n1000000            | ElementwiseBench.alloc -p op=relu -p n=1000000
elementwise   | relu_alloc_n10000000          | 1       | $PEER elementwise relu_alloc_n10000000           | ElementwiseBench.alloc -p op=relu -p n=10000000
elementwise   | add_fn_n10000                 | 1       | $PEER elementwise add_alloc_n10000               | ElementwiseBench.fn -p op=add -p n=10000
elementwise   | add_fn_n100000                | 1       | $PEER elementwise add_alloc_n100000              | ElementwiseBench.fn -p op=add -p n=100000
elementwise   | add_fn_n1000000               | 1       | $PEER elementwise add_alloc_n1000000             | ElementwiseBench.fn -p op=add -p n=1000000
elementwise   | relu_fn_n10000                | 1       | $PEER elementwise relu_alloc_n10000              | ElementwiseBench.fn -p op=relu -p n=10000
elementwise   | relu_fn_n100000               | 1       | $PEER elementwise relu_alloc_n100000             | ElementwiseBench.fn -p op=relu -p n=100000
elementwise   | relu_fn_n1000000              | 1       | $PEER elementwise relu_alloc_n1000000            | ElementwiseBench.fn -p op=relu -p n=1000000
fashion       | mlp_fit_b32                   | 1 2     | /usr/bin/python3 bench/fashion_mlp_torch.py --epochs 1 --blas openblas-omp | java:dev.lanegrad.bench.FashionFit 3
conv          | fwd_b32_28x28x1_k3x3x32_valid | 1       | $CONV conv_fwd_b32_28x28x1_k3x3x32_valid | ConvBench.fwd -p problem=b32_28x28x1_k3x3x32_valid
conv          | fwd_b128_28x28x1_k3x3x32_valid | 1       | $CONV conv_fwd_b128_28x28x1_k3x3x32_valid | ConvBench.fwd -p problem=b128_28x28x1_k3x3x32_valid
conv          | fwd_b32_13x13x32_k3x3x64_valid | 1       | $CONV conv_fwd_b32_13x13x32_k3x3x64_valid | ConvBench.fwd -p problem=b32_13x13x32_k3x3x64_valid
conv          | fwd_b128_13x13x32_k3x3x64_valid | 1       | $CONV conv_fwd_b128_13x13x32_k3x3x64_valid | ConvBench.fwd -p problem=b128_13x13x32_k3x3x64_valid
conv          | fwd_b64_32x32x64_k3x3x64_same | 1       | $CONV conv_fwd_b64_32x32x64_k3x3x64_same | ConvBench.fwd -p problem=b64_32x32x64_k3x3x64_same
conv          | dx_b32_28x28x1_k3x3x32_valid | 1       | $CONV conv_dx_b32_28x28x1_k3x3x32_valid | ConvBench.dx -p problem=b32_28x28x1_k3x3x32_valid
conv          | dx_b128_28x28x1_k3x3x32_valid | 1       | $CONV conv_dx_b128_28x28x1_k3x3x32_valid | ConvBench.dx -p problem=b128_28x28x1_k3x3x32_valid
conv          | dx_b32_13x13x32_k3x3x64_valid | 1       | $CONV conv_dx_b32_13x13x32_k3x3x64_valid | ConvBench.dx -p problem=b32_13x13x32_k3x3x64_valid
conv          | dx_b128_13x13x32_k3x3x64_valid | 1       | $CONV conv_dx_b128_13x13x32_k3x3x64_valid | ConvBench.dx -p problem=b128_13x13x32_k3x3x64_valid
conv          | dx_b64_32x32x64_k3x3x64_same | 1       | $CONV conv_dx_b64_32x32x64_k3x3x64_same | ConvBench.dx -p problem=b64_32x32x64_k3x3x64_same
conv          | dw_b32_28x28x1_k3x3x32_valid | 1       | $CONV conv_dw_b32_28x28x1_k3x3x32_valid | ConvBench.dw -p problem=b32_28x28x1_k3x3x32_valid
conv          | dw_b128_28x28x1_k3x3x32_valid | 1       | $CONV conv_dw_b128_28x28x1_k3x3x32_valid | ConvBench.dw -p problem=b128_28x28x1_k3x3x32_valid
conv          | dw_b32_13x13x32_k3x3x64_valid | 1       | $CONV conv_dw_b32_13x13x32_k3x3x64_valid | ConvBench.dw -p problem=b32_13x13x32_k3x3x64_valid
conv          | dw_b128_13x13x32_k3x3x64_valid | 1       | $CONV conv_dw_b128_13x13x32_k3x3x64_valid | ConvBench.dw -p problem=b128_13x13x32_k3x3x64_valid
conv          | dw_b64_32x32x64_k3x3x64_same | 1       | $CONV conv_dw_b64_32x32x64_k3x3x64_same | ConvBench.dw -p problem=b64_32x32x64_k3x3x64_same
conv          | pool_fwd_b32_26x26x32_p2 | 1       | $CONV pool_fwd_b32_26x26x32_p2 | ConvBench.poolFwd -p problem=b32_26x26x32_p2
conv          | pool_fwd_b128_26x26x32_p2 | 1       | $CONV pool_fwd_b128_26x26x32_p2 | ConvBench.poolFwd -p problem=b128_26x26x32_p2
conv          | pool_fwd_b128_11x11x64_p2 | 1       | $CONV pool_fwd_b128_11x11x64_p2 | ConvBench.poolFwd -p problem=b128_11x11x64_p2
conv          | pool_fwd_b64_32x32x64_p2 | 1       | $CONV pool_fwd_b64_32x32x64_p2 | ConvBench.poolFwd -p problem=b64_32x32x64_p2
conv          | pool_bwd_b32_26x26x32_p2 | 1       | $CONV pool_bwd_b32_26x26x32_p2 | ConvBench.poolBwd -p problem=b32_26x26x32_p2
conv          | pool_bwd_b128_26x26x32_p2 | 1       | $CONV pool_bwd_b128_26x26x32_p2 | ConvBench.poolBwd -p problem=b128_26x26x32_p2
conv          | pool_bwd_b128_11x11x64_p2 | 1       | $CONV pool_bwd_b128_11x11x64_p2 | ConvBench.poolBwd -p problem=b128_11x11x64_p2
conv          | pool_bwd_b64_32x32x64_p2 | 1       | $CONV pool_bwd_b64_32x32x64_p2 | ConvBench.poolBwd -p problem=b64_32x32x64_p2
step          | cnn_b32 | 1 2     | $STEP cnn_cl_b32 | FashionStepBench.step -p model=cnn -p batch=32
step          | cnn_b128 | 1 2     | $STEP cnn_cl_b128 | FashionStepBench.step -p model=cnn -p batch=128
step          | gru_b32 | 1 2     | $STEP gru_b32 | FashionStepBench.step -p model=gru -p batch=32
step          | gru_b128 | 1 2     | $STEP gru_b128 | FashionStepBench.step -p model=gru -p batch=128
step          | lstm_b32 | 1 2     | $STEP lstm_b32 | FashionStepBench.step -p model=lstm -p batch=32
step          | lstm_b128 | 1 2     | $STEP lstm_b128 | FashionStepBench.step -p model=lstm -p batch=128
step          | cnn_fit_b32 | 1 2   | $STEP cnn_cl_b32 | FashionStepBench.fit -p model=cnn -p batch=32
step          | cnn_fit_b128 | 1 2  | $STEP cnn_cl_b128 | FashionStepBench.fit -p model=cnn -p batch=128
step          | gru_fit_b128 | 1 2  | $STEP gru_b128 | FashionStepBench.fit -p model=gru -p batch=128
"

# the selected cases, one per thread count: suite|case|threads|peer|lanegrad
selected=()
while IFS='|' read -r suite name threads peer lg; do
  suite=$(echo "$suite" | xargs)
  [ -z "$suite" ] && continue
  name=$(echo "$name" | xargs)
  peer=$(echo "$peer" | xargs)
  lg=$(echo "$lg" | xargs)
  for t in $threads; do
    if [[ "$suite/$name/t$t" =~ $regex ]]; then
      selected+=("$suite|$name|$t|$peer|$lg")
    fi
  done
done <<< "$CASES"
if [ $list = 1 ]; then
  for s in "${selected[@]}"; do IFS='|' read -r suite name t _ _ <<< "$s"; echo "$suite/$name/t$t"; done
  exit 0
fi
if [ ${#selected[@]} = 0 ]; then
  echo "pair.sh: no case matches '$regex' (bench/pair.sh --list shows them)" >&2
  exit 1
fi
jar="${BENCH_JAR:-lanegrad/target/benchmarks.jar}"
if [ ! -f "$jar" ]; then
  echo "pair.sh: $jar is missing; build it with ./mvnw -B -ntp -P jmh -pl lanegrad -DskipTests package" >&2
  exit 1
fi
jdk=$(bench/jdk.sh)
work=$(mktemp -d -t lanegrad-pair.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "# bench/pair.sh -n $pairs '$regex' started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo -e "meta\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo -dirty)"
echo -e "meta\tcpu\t$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), family $(sed -n 's/^cpu family\s*: //p' /proc/cpuinfo | head -n 1) model $(sed -n 's/^model\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo -e "meta\tcpu_flags\t$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512f|avx512bw|avx512vl|avx512dq|avx512_vnni|avx512_bf16|amx_tile)$' | tr '\n' ' ')"
"$jdk/bin/java" --add-modules jdk.incubator.vector -cp "$jar" dev.lanegrad.bench.Meta 2>/dev/null
echo -e "meta\tpeer\t$(/usr/bin/python3 -c 'import numpy, torch; print("numpy", numpy.__version__, "torch", torch.__version__)' 2>/dev/null)"
coretype=(env -u OPENBLAS_CORETYPE)
if [ -n "${PEER_OPENBLAS_CORETYPE:-}" ]; then coretype=(env "OPENBLAS_CORETYPE=$PEER_OPENBLAS_CORETYPE"); fi
echo -e "meta\tpeer_openblas_core\t$("${coretype[@]}" LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 -c '
import ctypes, numpy
f = ctypes.CDLL("libopenblas.so.0").openblas_get_corename
f.restype = ctypes.c_char_p
print(f().decode())' 2>/dev/null) (PEER_OPENBLAS_CORETYPE=${PEER_OPENBLAS_CORETYPE:-})"
echo -e "meta\tloadavg_start\t$(cat /proc/loadavg)"

summary=()
for s in "${selected[@]}"; do
  IFS='|' read -r suite name t peer lg <<< "$s"
  load=$(cut -d' ' -f1 /proc/loadavg)
  : > "$work/peer.txt"
  : > "$work/lg.txt"
  for ((i = 1; i <= pairs; i++)); do
    echo "pair.sh: $suite/$name/t$t pair $i/$pairs: peer" >&2
    # shellcheck disable=SC2086
    $peer --threads "$t" | awk -F'\t' '!/^(#|meta)/ && ($2 == "ms" || $2 == "ms_per_step") {print $3; exit}' \
      >> "$work/peer.txt"
    echo "pair.sh: $suite/$name/t$t pair $i/$pairs: lanegrad" >&2
    if [[ "$lg" == java:* ]]; then
      # a main class in the benchmark jar printing a peers-format `ms` line (a whole fit epoch is
      # too long for JMH's iterations)
      # shellcheck disable=SC2086
      "$jdk/bin/java" --add-modules jdk.incubator.vector -Xms1g -Xmx1g "-Dlanegrad.threads=$t" \
        -cp "$jar" ${lg#java:} > "$work/main.log" 2>&1 \
        || { echo "pair.sh: ${lg#java:} failed for $suite/$name/t$t:" >&2; tail -n 20 "$work/main.log" >&2; exit 1; }
      awk -F'\t' '!/^(#|meta)/ && $2 == "ms" {print $3, "-"; exit}' "$work/main.log" >> "$work/lg.txt"
      continue
    fi
    # JMH runs one instance per machine (/tmp/jmh.lock): wait for another user's run to end rather
    # than run beside it
    for ((w = 0; ; w++)); do
      # shellcheck disable=SC2086
      if "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$jar" \
        -jvmArgsPrepend "-Xms1g -Xmx1g -Xmn128m" $lg ${RUN[$suite]} \
        -jvmArgsAppend "-Dlanegrad.threads=$t${PAIR_JVM_ARGS:+ $PAIR_JVM_ARGS}" -rf json -rff "$work/r.json" > "$work/jmh.log" 2>&1; then
        break
      fi
      if grep -q 'Unable to acquire the JMH lock' "$work/jmh.log" && [ $w -lt "${PAIR_LOCK_WAIT:-120}" ]; then
        echo "pair.sh: another JMH run holds /tmp/jmh.lock; waiting" >&2
        sleep 5
        continue
      fi
      echo "pair.sh: JMH failed for $suite/$name/t$t:" >&2
      tail -n 20 "$work/jmh.log" >&2
      exit 1
    done
    python3 - "$work/r.json" >> "$work/lg.txt" <<'PY'
import json, statistics, sys
scale = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}
r = json.load(open(sys.argv[1]))
if len(r) != 1:
    sys.exit(f"pair.sh: the lanegrad side must select exactly one benchmark, got {len(r)}")
pm = r[0]["primaryMetric"]
raw = [v for fork in pm["rawData"] for v in fork]
alloc = r[0].get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", "-")
print(statistics.median(raw) * scale[pm["scoreUnit"]], alloc)
PY
  done
  line=$(python3 - "$work/peer.txt" "$work/lg.txt" <<'PY'
import statistics, sys
peer = [float(l) for l in open(sys.argv[1]) if l.strip()]
lg = [l.split() for l in open(sys.argv[2]) if l.strip()]
ms = [float(f[0]) for f in lg]
alloc = [float(f[1]) for f in lg if len(f) > 1 and f[1] != "-"]
if len(peer) != len(ms):
    sys.exit(f"pair.sh: {len(peer)} peer results for {len(ms)} lanegrad results")
ratios = [p / l for p, l in zip(peer, ms)]
print(statistics.median(ratios), min(ratios), max(ratios), statistics.median(peer),
      statistics.median(ms), statistics.median(alloc) if alloc else "-",
      " ".join(f"{r:.3f}" for r in ratios))
PY
)
  read -r ratio rmin rmax pms lms alloc all <<< "$line"
  key="pair/lanegrad/none/t$t/${suite}_$name"
  printf '%s\tratio\t%.4g\n%s\tratio_min\t%.4g\n%s\tratio_max\t%.4g\n' "$key" "$ratio" "$key" "$rmin" "$key" "$rmax"
  printf '%s\tpeer_ms\t%.6g\n%s\tlanegrad_ms\t%.6g\n' "$key" "$pms" "$key" "$lms"
  if [ "$alloc" != "-" ]; then printf '%s\tlanegrad_alloc_bytes\t%.0f\n' "$key" "$alloc"; fi
  printf '%s\tloadavg\t%s\n' "$key" "$load"
  summary+=("$(printf '%-44s %3s %8.3g %8.3g %6.2f  %5.2f-%-5.2f  %5s  %s' "$suite/$name" "t$t" "$pms" "$lms" "$ratio" "$rmin" "$rmax" "$load" "$all")")
done
echo -e "meta\tloadavg_end\t$(cat /proc/loadavg)"
echo "# $(printf '%-44s %3s %8s %8s %6s  %-11s  %5s  %s' case thr peer_ms lg_ms ratio min-max load 'per-pair ratios (peer/lanegrad time)')"
for l in "${summary[@]}"; do echo "# $l"; done
