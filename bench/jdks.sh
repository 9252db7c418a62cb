#!/usr/bin/env bash
# Runs one JMH selection on JDK 17 and on JDK 25 in alternation, on the same machine and jar, so
# that the two compare: ROUNDS=3 bench/jdks.sh [JMH args], e.g.
#   ROUNDS=3 bench/jdks.sh 'TrainStepBench.step' -p style=tape -f 1
# The JMH host is the JDK >= 25 of jmh.sh; -jvm makes each run's forks use the JDK named by
# bench/jdk.sh 17 or bench/jdk.sh (the jar is class file 61, so one jar serves both). Alternating
# rounds (17, 25, 17, 25, ...) spread a shared host's drift over both. JSON results go to
# target/jmh/jdks/jdk<v>-r<round>.json; the end prints each benchmark's score per JDK (median and
# best of the rounds' scores).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/jmh/jdks
mkdir -p "$out"
rm -f "$out"/jdk*-r*.json
for r in $(seq 1 "${ROUNDS:-1}"); do
  for v in 17 25; do
    if [ "$v" = 25 ]; then home=$(bench/jdk.sh); else home=$(bench/jdk.sh "$v"); fi
    echo "== round $r, JDK $v: $home"
    "$home/bin/java" -version 2>&1 | head -n 2
    bench/jmh.sh "$@" -jvm "$home/bin/java" -rf json -rff "$out/jdk$v-r$r.json"
  done
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "jdk*-r*.json"))):
    jdk = os.path.basename(f).split("-")[0][3:]
    for b in json.load(open(f)):
        params = ",".join(f"{k}={v}" for k, v in sorted(b.get("params", {}).items()))
        key = (b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1], params)
        rows.setdefault(key, {}).setdefault(jdk, []).append(
            (b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"]))
print("benchmark | params | JDK 17 median (best) | JDK 25 median (best) | 17 / 25")
for (name, params), by in sorted(rows.items()):
    cells, med = [], {}
    for jdk in ("17", "25"):
        s = [x for x, _ in by.get(jdk, [])]
        unit = by.get(jdk, [(0, "")])[0][1]
        med[jdk] = statistics.median(s) if s else float("nan")
        cells.append(f"{med[jdk]:.3f} ({min(s) if s else float('nan'):.3f}) {unit}")
    print(f"{name} | {params} | {cells[0]} | {cells[1]} | {med['17'] / med['25']:.2f}x")
PY
