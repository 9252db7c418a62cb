#!/usr/bin/env python3
"""Compares JMH results with their committed baselines (docs/benchmarks.md). Stdlib only.

  python3 bench/compare.py [--no-fail] gemm elementwise ...   # target/jmh/<name>.json vs bench/baselines/<name>.json
  python3 bench/compare.py --refresh gemm                       # copy the result over the baseline

Per benchmark and parameters: score +- error, baseline +- error, ratio (result / baseline), and
FASTER / SLOWER when the ratio is beyond +-10% and the two confidence intervals do not overlap;
the same for gc.alloc.rate.norm (when run with -prof gc); added and missing cases. Exit 1 on any
SLOWER unless --no-fail. --refresh refuses runs with fewer than 2 forks or another JDK than the
baseline's."""
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# results live in <dir>/jmh, <dir> relative to the repository root: LANEGRAD_BUILD_DIR (default: target)
RESULTS = os.path.join(ROOT, os.environ.get("LANEGRAD_BUILD_DIR", "target"), "jmh")
THRESHOLD = 0.10


def load(path):
    with open(path) as f:
        return json.load(f)


def key(entry):
    params = ",".join(f"{k}={v}" for k, v in sorted(entry.get("params", {}).items()))
    threads = next((a.split("=", 1)[1] for a in entry.get("jvmArgs", [])
                    if a.startswith("-Dlanegrad.threads=")), "?")
    name = entry["benchmark"].replace("dev.lanegrad.bench.", "")
    return f"{name} [{params}] t{threads}"


def num(v):
    """JMH writes NaN as the string "NaN"."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def interval(ci):
    return [num(v) for v in ci] if ci else None


def metrics(entry):
    """(metric name, score, error, (lo, hi), unit, lower_is_better) of an entry."""
    pm = entry["primaryMetric"]
    lower = entry.get("mode") in ("avgt", "sample", "ss")
    yield ("score", num(pm["score"]), num(pm.get("scoreError")), interval(pm.get("scoreConfidence")),
           pm["scoreUnit"], lower)
    gc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if gc:
        yield ("alloc", num(gc["score"]), num(gc.get("scoreError")), interval(gc.get("scoreConfidence")),
               gc["scoreUnit"], True)


def fmt(score, err):
    if err is None or err != err:  # NaN when a run had one iteration
        return f"{score:.4g}"
    return f"{score:.4g} ± {err:.2g}"


def verdict(new, old, lower_is_better):
    ratio = new[0] / old[0] if old[0] else float("inf")
    ci_new, ci_old = new[1], old[1]
    overlap = False  # an unknown interval (one iteration) cannot excuse a change beyond 10%
    if ci_new and ci_old and all(v == v for v in ci_new + ci_old):
        overlap = not (ci_new[1] < ci_old[0] or ci_old[1] < ci_new[0])
    if abs(ratio - 1) <= THRESHOLD or overlap:
        return ratio, ""
    better = ratio < 1 if lower_is_better else ratio > 1
    return ratio, "FASTER" if better else "SLOWER"


def compare(name):
    result = os.path.join(RESULTS, f"{name}.json")
    base = os.path.join(ROOT, "bench", "baselines", f"{name}.json")
    if not os.path.exists(result):
        print(f"{name}: no result {result}; run bench/jmh.sh ... -rf json -rff target/jmh/{name}.json")
        return 0, True
    if not os.path.exists(base):
        print(f"{name}: no baseline {base}; create it with --refresh")
        return 0, True
    new = {key(e): e for e in load(result)}
    old = {key(e): e for e in load(base)}
    slower = 0
    print(f"== {name}")
    for k in sorted(set(new) | set(old)):
        if k not in old:
            print(f"  ADDED    {k}")
            continue
        if k not in new:
            print(f"  MISSING  {k}")
            continue
        old_m = {m[0]: m for m in metrics(old[k])}
        for m, score, err, ci, unit, lower in metrics(new[k]):
            if m not in old_m:
                continue
            _, oscore, oerr, oci, _, _ = old_m[m]
            ratio, flag = verdict((score, ci), (oscore, oci), lower)
            slower += flag == "SLOWER"
            label = k if m == "score" else f"{k} (alloc)"
            print(f"  {flag or '':6s}  {label}: {fmt(score, err)} {unit} vs {fmt(oscore, oerr)}, ratio {ratio:.3f}")
    return slower, True


def refresh(name):
    result = os.path.join(RESULTS, f"{name}.json")
    base = os.path.join(ROOT, "bench", "baselines", f"{name}.json")
    entries = load(result)
    few = [key(e) for e in entries if e.get("forks", 0) < 2]
    if few:
        sys.exit(f"refusing {result}: fewer than 2 forks in {few[:3]}...")
    if os.path.exists(base):
        old_jdk = {e.get("jdkVersion") for e in load(base)}
        new_jdk = {e.get("jdkVersion") for e in entries}
        if old_jdk != new_jdk:
            sys.exit(f"refusing {result}: JDK {new_jdk} differs from the baseline's {old_jdk}")
    os.makedirs(os.path.dirname(base), exist_ok=True)
    shutil.copyfile(result, base)
    print(f"{base} <- {result}; commit it, naming machine, JDK, command and reason")


def main(argv):
    no_fail = "--no-fail" in argv
    do_refresh = "--refresh" in argv
    names = [a for a in argv if not a.startswith("--")]
    if not names:
        print(__doc__)
        return 2
    if do_refresh:
        for n in names:
            refresh(n)
        return 0
    total = 0
    for n in names:
        s, _ = compare(n)
        total += s
    if total and not no_fail:
        print(f"{total} SLOWER")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
