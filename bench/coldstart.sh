#!/usr/bin/env bash
# Cold start to the first gradient: spawns `java ... dev.lanegrad.bench.ColdStart` [runs] times
# (default 21) from lanegrad/target/benchmarks.jar and prints the median and min of (time the
# gradient was ready - time the process was spawned), in ms, as
#   eager/lanegrad/none/t1/first_gradient<TAB>ms_median<TAB><v>
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
jar="${BENCH_JAR:-lanegrad/target/benchmarks.jar}"
java_bin="$(bench/jdk.sh)/bin/java"
python3 - "$java_bin" "$jar" "$runs" <<'PY'
import statistics, subprocess, sys, time
java, jar, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ms = []
for _ in range(runs):
    t0 = time.time_ns()
    out = subprocess.run([java, "--add-modules", "jdk.incubator.vector", "-cp", jar,
                          "dev.lanegrad.bench.ColdStart"], capture_output=True, text=True, check=True)
    line = [l for l in out.stdout.splitlines() if l.startswith("FIRST_GRAD_EPOCH_NS")][0]
    ms.append((int(line.split()[1]) - t0) / 1e6)
print(f"eager/lanegrad/none/t1/first_gradient\tms_median\t{statistics.median(ms):.6g}")
print(f"eager/lanegrad/none/t1/first_gradient\tms_min\t{min(ms):.6g}")
PY
