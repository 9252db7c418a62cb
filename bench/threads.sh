#!/usr/bin/env bash
# lanegrad at 1 thread against lanegrad at 2 threads, case by case: rounds alternate a 1-thread and
# a 2-thread JVM (ROUNDS, default 2) running dev.lanegrad.bench.Scaling, which times each call by
# the wall clock, the process's CPU time and the computing threads' CPU time (caller + kernel
# workers). Per case it prints the medians over rounds and two ratios: speedup = wall(t1) / wall(t2)
# (meaningful only while `cat /proc/loadavg` stays well below the core count) and cpu_cost =
# process CPU(t2) / process CPU(t1), the price of splitting (1.0 = free; a worker spinning idle
# beside the caller counts), which a loaded host changes much less than the wall clock.
#   bench/threads.sh [CASE ...]     a CASE is Scaling's arguments as one word, e.g. 'mlp tapefn 256'
#   bench/threads.sh                (the issue-18 set: squares, MLP steps, Fashion fit, CNN steps)
# The jar must exist (./mvnw -B -ntp -P jmh -pl lanegrad -DskipTests package); BENCH_JAR overrides.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-2}"
jar="${BENCH_JAR:-lanegrad/target/benchmarks.jar}"
java="$(bench/jdk.sh)/bin/java"
if [ $# -eq 0 ]; then
  set -- 'sgemm_out sq512' 'sgemm_out sq1024' 'mlp tapefn 64' 'mlp fit 64' 'mlp tapefn 256' \
    'mlp fit 256' 'fashion' 'fit cnn 32' 'fit cnn 128'
fi
work=$(mktemp -d -t lanegrad-threads.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "# bench/threads.sh (ROUNDS=$rounds) started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo -e "meta\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo -e "meta\tcpu\t$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
for c in "$@"; do
  for ((r = 1; r <= rounds; r++)); do
    for t in 1 2; do
      echo "threads.sh: $c round $r/$rounds t$t (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      # shellcheck disable=SC2086
      "$java" --add-modules jdk.incubator.vector -Dlanegrad.threads=$t -cp "$jar" \
        dev.lanegrad.bench.Scaling $c 2>/dev/null | sed "s/^/r$r\tload=$(cut -d' ' -f1 /proc/loadavg)\t/" \
        | tee -a "$work/lines" | cut -f3-
    done
  done
done
echo "# case | t1 ms | t2 ms | speedup (wall t1/t2) | t1 cpu ms | t2 cpu ms | cpu_cost (t2/t1) | loads"
/usr/bin/python3 - "$work/lines" <<'PY'
import sys, re, statistics as st
rows = {}
loads = {}
for line in open(sys.argv[1]):
    r, load, name, metric, value = line.rstrip('\n').split('\t')
    m = re.match(r'([^/]+)/lanegrad/none/t(\d+)/(.*)', name)
    case = m.group(1) + '/' + m.group(3)
    rows.setdefault(case, {}).setdefault((m.group(2), metric), []).append(float(value))
    loads.setdefault(case, []).append(load[5:])
for case, d in rows.items():
    g = lambda t, k: st.median(d.get((t, k), [float('nan')]))
    w1, w2, c1, c2 = g('1', 'ms'), g('2', 'ms'), g('1', 'ms_cpu_process'), g('2', 'ms_cpu_process')
    print(f"# {case} | {w1:.4g} | {w2:.4g} | {w1 / w2:.2f} | {c1:.4g} | {c2:.4g} | {c2 / c1:.2f} | "
          f"{min(loads[case])}-{max(loads[case])}")
PY
