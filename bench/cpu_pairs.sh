#!/usr/bin/env bash
# ConvBench's and FashionStepBench's cases (against torch) or GemmBench's (`sgemm`, against numpy's
# `a @ b` through bench/pair_peer.py; PEER_OPENBLAS_CORETYPE=SkylakeX forces OpenBLAS's AVX-512
# kernels) at 1 thread timed by each side's thread CPU time (CpuTime for lanegrad, `--clock cpu`
# for the peer), for a machine that other processes keep busy:
# there a wall-clock run measures mostly the wait for a core (and JMH's warm-up may never reach
# C2). Rounds alternate torch then lanegrad (ROUNDS, default 2); each side is one process per
# round. Prints the peers-format lines, then per case the median over rounds of torch ms /
# lanegrad ms (>= 1 means lanegrad is faster), with the load average of each round.
#   bench/cpu_pairs.sh [conv|step|all|sgemm|sgemm_out|mlp|elementwise] > target/cpu-pairs.txt   (all: conv, step)
# sgemm: Ops.matmul allocating its result against numpy's a @ b; sgemm_out: the GEMM into a
# preallocated result (GemmBench.kernel) against np.matmul(a, b, out=c).
#   GEMM_CASES='sq1024 mlp_b64_fwd3_64x256x10' bench/cpu_pairs.sh sgemm   (default: every case)
# mlp: TrainStepBench's MLP step (tapefn, fit, tape, nn at batch 64/256; MLP_CASES) against
# bench/pair_peer.py mlp (tapefn and tape against torch's tape step, fit and nn against its nn
# step; the better of openblas and openblas-omp).
# elementwise: ElementwiseBench's out (SIMD kernels), alloc and fn against numpy's out= and
# allocating ops (fn, the allocating op inside a StepFunction call, against numpy's allocating op);
# lanegrad's side counts the whole process's CPU time (a new array's young collections run on GC
# threads), numpy's its thread's.
#   ELEM_CASES='add_out_n100000 add_alloc_n100000' bench/cpu_pairs.sh elementwise
# CPU_JVM_ARGS adds flags to lanegrad's JVM after the defaults (-Xms1g -Xmx1g -Xmn128m, G1), e.g.
# CPU_JVM_ARGS='-XX:+UseParallelGC -Xmn64m' to measure what a collector or young size changes.
# The jar must exist (./mvnw -B -ntp -P jmh -pl lanegrad -DskipTests package); BENCH_JAR overrides.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
rounds="${ROUNDS:-2}"
jar="${BENCH_JAR:-lanegrad/target/benchmarks.jar}"
jdk=$(bench/jdk.sh)
convs="b32_28x28x1_k3x3x32_valid b128_28x28x1_k3x3x32_valid b32_13x13x32_k3x3x64_valid
  b128_13x13x32_k3x3x64_valid b64_32x32x64_k3x3x64_same"
pools="b32_26x26x32_p2 b128_26x26x32_p2 b128_11x11x64_p2 b64_32x32x64_p2"
gemms="${GEMM_CASES:-sq128 sq256 sq512 sq1024 mlp_b64_fwd1_64x784x256 mlp_b64_fwd2_64x256x256
  mlp_b64_fwd3_64x256x10 mlp_b64_dW3_256x64x10_tA mlp_b64_dh2_64x10x256_tB mlp_b64_dW2_256x64x256_tA
  mlp_b64_dh1_64x256x256_tB mlp_b64_dW1_784x64x256_tA mlp_b256_fwd1_256x784x256
  mlp_b256_fwd2_256x256x256 mlp_b256_fwd3_256x256x10 mlp_b256_dW3_256x256x10_tA
  mlp_b256_dh2_256x10x256_tB mlp_b256_dW2_256x256x256_tA mlp_b256_dh1_256x256x256_tB
  mlp_b256_dW1_784x256x256_tA}"
args=()
mlps="${MLP_CASES:-tapefn_b64 fit_b64 tapefn_b256 fit_b256}"
elems="${ELEM_CASES:-add_out_n10000 add_out_n100000 add_out_n1000000 add_out_n10000000
  mul_out_n100000 mul_out_n1000000 relu_out_n100000 add_alloc_n10000 add_alloc_n100000
  add_alloc_n1000000 add_alloc_n10000000 relu_alloc_n100000 add_fn_n100000}"
if [ "$what" = sgemm ] || [ "$what" = sgemm_out ]; then
  for c in $gemms; do args+=("$what" "$c"); done
elif [ "$what" = mlp ]; then
  for c in $mlps; do args+=(mlp "${c%_b*}" "${c#*_b}"); done
elif [ "$what" = elementwise ]; then
  for c in $elems; do args+=(elementwise "$c"); done
elif [ "$what" != step ]; then
  for k in fwd dx dw; do for c in $convs; do args+=(conv "$k" "$c"); done; done
  for k in poolFwd poolBwd; do for c in $pools; do args+=(conv "$k" "$c"); done; done
fi
if [ "$what" != conv ] && [ "$what" != mlp ] && [ "$what" != elementwise ] \
  && [ "${what#sgemm}" = "$what" ]; then
  for m in cnn gru lstm; do for b in 32 128; do args+=(step "$m" "$b"); done; done
  # fit's step (trainOnBatch in a StepFunction), beside the same torch step
  for m in cnn gru; do for b in 32 128; do args+=(fit "$m" "$b"); done; done
fi
work=$(mktemp -d -t lanegrad-cpu.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "# bench/cpu_pairs.sh $what (ROUNDS=$rounds) started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo -e "meta\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo -e "meta\tcpu\t$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo -e "meta\tjvm_args\t-Xms1g -Xmx1g -Xmn128m ${CPU_JVM_ARGS:-}"
echo -e "meta\tpeer_openblas_core\t${PEER_OPENBLAS_CORETYPE:-unset, chosen from the CPU model}"
for ((r = 1; r <= rounds; r++)); do
  echo -e "meta\tloadavg_round$r\t$(cat /proc/loadavg)"
  echo "cpu_pairs.sh: round $r/$rounds: peer" >&2
  if [ "${what#sgemm}" != "$what" ]; then
    for c in $gemms; do
      /usr/bin/python3 bench/pair_peer.py "$what" "$c" --threads 1 --clock cpu | grep -v '^#' \
        | sed "s/^$what\//r$r:$what\//"
    done
  elif [ "$what" = elementwise ]; then
    for c in $elems; do
      /usr/bin/python3 bench/pair_peer.py elementwise "${c/_fn_/_alloc_}" --threads 1 --clock cpu \
        | grep -v '^#' | sed "s/^elementwise\//r$r:elementwise\//"
    done
  elif [ "$what" = mlp ]; then
    for c in $(for c in $mlps; do s="${c%_b*}"; s="${s/tapefn/tape}"; s="${s/fit/nn}"; \
      echo "${s}_b${c#*_b}"; done | sort -u); do
      /usr/bin/python3 bench/pair_peer.py mlp "$c" --threads 1 --clock cpu \
        --blas openblas,openblas-omp | grep -v '^#' | sed "s/^mlp\//r$r:mlp\//"
    done
  elif [ "$what" != step ]; then
    /usr/bin/python3 bench/conv_torch.py --threads 1 --quick --clock cpu | sed "s/^conv\//r$r:conv\//"
  fi
  if [ "$what" != conv ] && [ "$what" != mlp ] && [ "$what" != elementwise ] \
    && [ "${what#sgemm}" = "$what" ]; then
    /usr/bin/python3 bench/steps_torch.py --threads 1 --quick --clock cpu --models cnn,cnn_cl,gru,lstm \
      | sed "s/^step\//r$r:step\//"
  fi
  echo "cpu_pairs.sh: round $r/$rounds: lanegrad" >&2
  "$jdk/bin/java" --add-modules jdk.incubator.vector -Xms1g -Xmx1g -Xmn128m ${CPU_JVM_ARGS:-} \
    -Dlanegrad.threads=1 -cp "$jar" dev.lanegrad.bench.CpuTime "${args[@]}" 2>/dev/null | sed "s/^/r$r:/"
done | tee "$work/all.txt"
python3 - "$work/all.txt" <<'PY'
import collections, statistics, sys
v = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) != 3 or not f[0].startswith("r") or f[1] not in ("ms_cpu", "ms_cpu_per_step"):
        continue
    rnd, name = f[0].split(":", 1)
    suite, lib, _, t, case = name.split("/")
    v[(suite, case, lib, rnd)].append(float(f[2]))
cases = sorted({(s, c) for s, c, l, r in v if l == "lanegrad"})
print("# case\tpeer_ms_cpu\tlanegrad_ms_cpu\tpeer/lanegrad (median over rounds)\tper round")
for s, c in cases:
    peer = c.replace("_fit", "")
    if s == "mlp":
        peer = c.replace("tapefn_", "tape_").replace("fit_", "nn_")
    if s == "elementwise":
        peer = c.replace("_fn_", "_alloc_")
    peer = peer.replace("cnn_", "cnn_cl_") if s == "step" and peer.startswith("cnn_") else peer
    lib = "numpy" if s.startswith("sgemm") or s == "elementwise" else "torch"
    ratios, tms, lms = [], [], []
    for r in sorted({r for (s2, c2, l, r) in v if (s2, c2) == (s, c)}):
        if (s, peer, lib, r) in v and (s, c, "lanegrad", r) in v:
            t, l = v[(s, peer, lib, r)][0], v[(s, c, "lanegrad", r)][0]
            ratios.append(t / l); tms.append(t); lms.append(l)
    if ratios:
        print(f"# {s}/{c}\t{statistics.median(tms):.4g}\t{statistics.median(lms):.4g}\t"
              f"{statistics.median(ratios):.2f}\t{' '.join(f'{x:.2f}' for x in ratios)}")
PY
