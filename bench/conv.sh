#!/usr/bin/env bash
# ConvBench (lanegrad) beside bench/conv_torch.py (eager PyTorch) on the same machine, in the peers'
# line format, then a table of torch's time over lanegrad's (>= 1.0 means lanegrad is faster).
#   bench/conv.sh [--quick] > target/conv/conv.tsv      (threads: CONV_THREADS, default "1 2")
# Progress goes to stderr. Run nothing else meanwhile (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; fi
threads="${CONV_THREADS:-1 2}"
out=target/conv
mkdir -p "$out"
./mvnw -B -ntp -q -P jmh -pl lanegrad -DskipTests package >&2
if [ $quick = 1 ]; then
  run=(-f 1 -wi 3 -w 1s -i 3 -r 1s)
  tq=(--quick)
else
  run=()
  tq=()
fi
for t in $threads; do
  bench/jmh.sh 'ConvBench' "${run[@]}" -jvmArgsAppend -Dlanegrad.threads=$t \
    -rf json -rff "$out/conv-t$t.json" >&2
done
echo "# bench/conv.sh $* started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo -e "meta\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo -e "meta\tcpu\t$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
python3 bench/peers_tsv.py "$out"/conv-t*.json | tee "$out/lanegrad.tsv"
/usr/bin/python3 bench/conv_torch.py --threads "$(echo $threads | tr ' ' ,)" "${tq[@]}" \
  | tee "$out/torch.tsv"
python3 - "$out/lanegrad.tsv" "$out/torch.tsv" <<'PY'
import sys
ms = {}
for path in sys.argv[1:]:
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) == 3 and f[1] == "ms" and not f[0].startswith(("meta", "#")):
            suite, lib, blas, t, case = f[0].split("/")
            ms[(lib, t, case)] = float(f[2])
print("# case\tthreads\tlanegrad_ms\ttorch_ms\ttorch/lanegrad")
for (lib, t, case), v in sorted(ms.items(), key=lambda kv: (kv[0][1], kv[0][2])):
    if lib == "lanegrad" and ("torch", t, case) in ms:
        tv = ms[("torch", t, case)]
        print(f"# {case}\t{t}\t{v:.3f}\t{tv:.3f}\t{tv / v:.2f}")
PY
