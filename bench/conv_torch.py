#!/usr/bin/python3
"""torch's side of ConvBench: float32 conv2d forward, input gradient and filter gradient, and
max_pool2d forward and backward, on the shapes of the Fashion-MNIST CNN and of a CIFAR-size layer,
as eager PyTorch runs them (NCHW, its default layout; oneDNN or its own kernels, whichever it picks).

Run:  /usr/bin/python3 bench/conv_torch.py [--threads 1,2] [--quick] [--case CASE]
Prints one result per line, tab-separated, in the peers' format (`name<TAB>metric<TAB>value`, name
= `conv/torch/<blas>/t<threads>/<case>`, metric `ms`, the median of the timed batches), plus `meta`
lines; bench/conv.sh prints lanegrad's lines in the same format from ConvBench. Cases:
conv_{fwd,dx,dw}_b<B>_<H>x<W>x<C>_k<K>x<K>x<O>_<valid|same> and pool_{fwd,bwd}_b<B>_<H>x<W>x<C>_p2.
One child process per thread count, so that the count is fixed before torch loads. `--case` times
one case only (bench/pair.sh's peer side).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

CLOCK = [time.perf_counter]  # time.thread_time with --clock cpu
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

# (batch, h, w, c, k, out, padding): ConvBench's shapes
CONVS = [
    (32, 28, 28, 1, 3, 32, "valid"),
    (128, 28, 28, 1, 3, 32, "valid"),
    (32, 13, 13, 32, 3, 64, "valid"),
    (128, 13, 13, 32, 3, 64, "valid"),
    (64, 32, 32, 64, 3, 64, "same"),
]
# (batch, h, w, c): 2x2 pools after the CNN's convolutions and on the CIFAR layer
POOLS = [(32, 26, 26, 32), (128, 26, 26, 32), (128, 11, 11, 64), (64, 32, 32, 64)]


def conv_case(kind, b, h, w, c, k, o, pad):
    return f"conv_{kind}_b{b}_{h}x{w}x{c}_k{k}x{k}x{o}_{pad}"


def pool_case(kind, b, h, w, c):
    return f"pool_{kind}_b{b}_{h}x{w}x{c}_p2"


def measure(fn, sample_s=0.05, samples=11, budget_s=4.0):
    """Median seconds per call: warm-up (3 calls and 50 ms at least), then batches of about
    sample_s each."""
    t0 = CLOCK[0]()
    n = 0
    while True:
        fn()
        n += 1
        el = CLOCK[0]() - t0
        if (n >= 3 and el >= 0.05) or el > budget_s / 4:
            break
    inner = max(1, int(sample_s / max(el / n, 1e-9)) + 1)
    k = max(3, min(samples, int(budget_s / (el / n * inner))))
    per = []
    for _ in range(k):
        t = CLOCK[0]()
        for _ in range(inner):
            fn()
        per.append((CLOCK[0]() - t) / inner)
    return statistics.median(per)


def child(threads, quick, only=None, clock="wall"):
    import torch
    import torch.nn.functional as F

    if clock == "cpu":
        CLOCK[0] = time.thread_time
    metric = "ms_cpu" if clock == "cpu" else "ms"
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    print(f"meta\ttorch\t{torch.__version__}", flush=True)
    print(f"meta\ttorch_threads\t{torch.get_num_threads()}", flush=True)
    print(f"meta\tmkldnn\t{torch.backends.mkldnn.is_available()}", flush=True)
    budget = 1.5 if quick else 4.0
    g = torch.Generator().manual_seed(20261207)

    def emit(case, fn):
        if only is None or case == only:
            seconds = measure(fn, budget_s=budget)
            print(f"conv/torch/system/t{threads}/{case}\t{metric}\t{seconds * 1e3:.6g}", flush=True)

    def wanted(*cases):
        return only is None or only in cases

    aten = torch.ops.aten
    with torch.no_grad():
        for b, h, w, c, k, o, pad in CONVS:
            if not wanted(*(conv_case(kind, b, h, w, c, k, o, pad) for kind in ("fwd", "dx", "dw"))):
                continue
            x = torch.randn(b, c, h, w, generator=g)
            wt = torch.randn(o, c, k, k, generator=g)
            p = k // 2 if pad == "same" else 0
            y = F.conv2d(x, wt, padding=p)
            dy = torch.randn(y.shape, generator=g)
            # the two backward passes exactly as autograd calls them
            fwd = lambda: F.conv2d(x, wt, padding=p)
            dx = lambda: aten.convolution_backward(
                dy, x, wt, None, [1, 1], [p, p], [1, 1], False, [0, 0], 1, [True, False, False])
            dw = lambda: aten.convolution_backward(
                dy, x, wt, None, [1, 1], [p, p], [1, 1], False, [0, 0], 1, [False, True, False])
            ref = torch.nn.grad.conv2d_input(x.shape, wt.double(), dy.double(), padding=p)
            err = float((dx()[0].double() - ref).abs().max() / ref.abs().max())
            if err > 1e-4:
                print(f"meta\terror\tinput gradient {err}", flush=True)
            for kind, fn in (("fwd", fwd), ("dx", dx), ("dw", dw)):
                emit(conv_case(kind, b, h, w, c, k, o, pad), fn)
        for b, h, w, c in POOLS:
            if not wanted(pool_case("fwd", b, h, w, c), pool_case("bwd", b, h, w, c)):
                continue
            x = torch.randn(b, c, h, w, generator=g)
            y, idx = aten.max_pool2d_with_indices(x, [2, 2], [2, 2], [0, 0], [1, 1], False)
            dy = torch.randn(y.shape, generator=g)
            fwd = lambda: F.max_pool2d(x, 2)
            # autograd's backward: the forward kept the argmax indices
            bwd = lambda: aten.max_pool2d_with_indices_backward(
                dy, x, [2, 2], [2, 2], [0, 0], [1, 1], False, idx)
            emit(pool_case("fwd", b, h, w, c), fwd)
            emit(pool_case("bwd", b, h, w, c), bwd)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="cpu: this thread's CPU time (time.thread_time), for a busy machine; "
                         "1 thread only (CpuTime is lanegrad's side)")
    ap.add_argument("--case", default=None, help="time this case only")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(int(args.threads), args.quick, args.case, args.clock)
        return
    print(f"# conv_torch.py started {time.strftime('%Y-%m-%dT%H:%M:%S%z')}", flush=True)
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    print(f"meta\tcpu\t{model}, {os.cpu_count()} cores", flush=True)
    for t in args.threads.split(","):
        env = dict(os.environ)
        for v in THREAD_VARS:
            env[v] = t
        cmd = [sys.executable, sys.argv[0], "--child", "--threads", t] + (["--quick"] if args.quick else [])
        cmd += ["--case", args.case] if args.case else []
        cmd += ["--clock", args.clock]
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            print(f"# child {cmd} exited {r.returncode}", flush=True)


if __name__ == "__main__":
    main()
