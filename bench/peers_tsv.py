#!/usr/bin/env python3
"""Converts JMH JSON results of the lanegrad suite into the peers' line format
(docs/benchmarks.md): `<suite>/lanegrad/none/t<threads>/<case><TAB><metric><TAB><value>`.
Values are medians over the measurement iterations (all forks), as the peers report medians;
`*_best` from the fastest iteration. Usage: peers_tsv.py result.json... (stdlib only)."""
import json
import statistics
import sys

TO_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
BYTES_PER_ELEM = {"add": 12, "mul": 12, "relu": 8, "abs": 8, "bcast_add": 8, "sum": 4, "mean": 4, "max": 4}
TAPE_OPS = {"fwd_nograd": 2, "fwd_record": 2, "fwd_autograd_grad": 2, "chain1000_nograd": 1000,
            "chain1000_record": 1000, "chain1000_backward": 1000, "chain1000_backward_only": 1000}


def threads(entry):
    for a in entry.get("jvmArgs", []):
        if a.startswith("-Dlanegrad.threads="):
            return a.split("=", 1)[1]
    return "?"


def flop(problem):
    if problem.startswith("sq"):
        s = int(problem[2:])
        return 2.0 * s ** 3
    m, k, n = (int(v) for v in problem.split("_")[3].split("x"))
    return 2.0 * m * n * k


def lines(entry):
    bench = entry["benchmark"].rsplit(".", 2)
    cls, method = bench[-2], bench[-1]
    p = entry.get("params", {})
    pm = entry["primaryMetric"]
    scale = TO_SECONDS[pm["scoreUnit"]]
    raw = [v for fork in pm.get("rawData", [[pm["score"]]]) for v in fork]
    med = statistics.median(raw) * scale
    best = min(raw) * scale
    alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    t = threads(entry)
    if cls == "GemmBench" and method == "ops":
        name = f"sgemm/lanegrad/none/t{t}/{p['problem']}"
        f = flop(p["problem"])
        yield name, "gflops", f / med / 1e9
        yield name, "gflops_best", f / best / 1e9
        yield name, "ms", med * 1e3
    elif cls == "GemmBench" and method == "kernel":
        name = f"sgemm_kernel/lanegrad/{p['impl']}/t{t}/{p['problem']}"
        yield name, "gflops", flop(p["problem"]) / med / 1e9
    elif cls == "ConvBench":
        kind = {"fwd": "conv_fwd", "dx": "conv_dx", "dw": "conv_dw", "poolFwd": "pool_fwd",
                "poolBwd": "pool_bwd"}[method]
        yield f"conv/lanegrad/none/t{t}/{kind}_{p['problem']}", "ms", med * 1e3
    elif cls == "ElementwiseBench":
        n = int(p["n"])
        variant = "out" if method == "out" else "alloc"
        lib = "lanegrad" if method == "alloc" or p.get("impl") == "simd" else "lanegrad_scalar"
        name = f"elementwise/{lib}/none/t{t}/{p['op']}_{variant}_n{n}"
        yield name, "gbps", BYTES_PER_ELEM[p["op"]] * n / med / 1e9
        yield name, "ns_per_elem", med / n * 1e9
        yield name, "us", med * 1e6
    elif cls == "ReduceBench" and method == "all":
        n = int(p["n"])
        name = f"elementwise/lanegrad/none/t{t}/{p['fn']}_scalar_n{n}"
        yield name, "gbps", 4 * n / med / 1e9
        yield name, "ns_per_elem", med / n * 1e9
        yield name, "us", med * 1e6
    elif cls == "TapeBench":
        if method == "square_grad_at_3":
            if p.get("shape", "scalar") == "scalar":
                yield f"eager/lanegrad/none/t{t}/square_grad_at_3", "us_per_iter", med * 1e6
        else:
            name = f"eager/lanegrad/none/t{t}/{method}_{p['shape']}"
            yield name, "us_per_iter", med * 1e6
            yield name, "us_per_op", med * 1e6 / TAPE_OPS[method]
            if alloc is not None:
                yield name, "alloc_bytes_per_iter", alloc
    elif cls == "TrainStepBench" and method == "step":
        name = f"mlp/lanegrad/none/t{t}/{p['style']}_b{p['batch']}"
        yield name, "ms_per_step", med * 1e3
        yield name, "ms_per_step_best", best * 1e3
        yield name, "examples_per_s", int(p["batch"]) / med
        if alloc is not None:
            yield name, "alloc_bytes_per_step", alloc
    elif cls == "FashionStepBench":
        name = f"step/lanegrad/none/t{t}/{p['model']}_b{p['batch']}"
        yield name, "ms_per_step", med * 1e3
        yield name, "ms_per_step_best", best * 1e3
        yield name, "examples_per_s", int(p["batch"]) / med
        if alloc is not None:
            yield name, "alloc_bytes_per_step", alloc
    elif cls == "TrainStepBench" and method == "linreg":
        yield f"linreg/lanegrad/none/t{t}/abs_loss_1000_steps", "ms_total", med * 1e3
        yield f"linreg/lanegrad/none/t{t}/abs_loss_1000_steps", "us_per_step", med * 1e3
    elif cls == "TrainStepBench" and method == "dense_grad":
        yield f"dense_grad/lanegrad/none/t{t}/tf_style_10000_iters", "us_per_iter", med * 1e6
        yield f"dense_grad/lanegrad/none/t{t}/tf_style_10000_iters", "ms_total", med * 1e7


def main(paths):
    for path in paths:
        with open(path) as f:
            for entry in json.load(f):
                for name, metric, value in lines(entry):
                    v = f"{value:.6g}" if isinstance(value, float) else value
                    print(f"{name}\t{metric}\t{v}")


if __name__ == "__main__":
    main(sys.argv[1:])
