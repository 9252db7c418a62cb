#!/usr/bin/python3
"""The peer's side of one bench/pair.sh case: numpy or eager torch timing one case, in the peers'
line format (`<suite>/<lib>/<blas>/t<threads>/<case><TAB>ms<TAB><value>`, the median of the timed
batches in milliseconds per call or per step), plus `meta` lines.

  /usr/bin/python3 bench/pair_peer.py sgemm mlp_b64_fwd3_64x256x10 --threads 1
  /usr/bin/python3 bench/pair_peer.py mlp tape_b64 --threads 2 --blas openblas,openblas-omp
  /usr/bin/python3 bench/pair_peer.py elementwise add_out_n1000000 --threads 1
  /usr/bin/python3 bench/pair_peer.py sgemm sq1024 --threads 1 --clock cpu   (bench/cpu_pairs.sh)

Kinds and their cases, named as GemmBench, TrainStepBench and ElementwiseBench name them:
  sgemm        numpy `a @ b`, float32, a new result each call: sq<n>, or
               mlp_b<batch>_<op>_<M>x<K>x<N>[_tA|_tB] (A stored K x M when tA, B stored N x K when
               tB, passed as transposed views, so the BLAS gets its transpose flags)
  mlp          torch training step of a 784-256-256-10 ReLU MLP, softmax cross-entropy, SGD 0.01 on
               8192 synthetic examples: nn_b<batch> (nn.Sequential + optim.SGD) or tape_b<batch>
               (TF layout leaf tensors, autograd.grad, a fused in-place update)
  sgemm_out    the same into a preallocated result, np.matmul(a, b, out=c) (GemmBench.kernel)
  elementwise  numpy, float32: <op>_<out|alloc>_n<n>, op = add, mul, relu (np.maximum(a, 0)), abs,
               bcast_add ([n/1000, 1000] + a row)

--blas takes a comma list (openblas = OpenBLAS's pthreads build, openblas-omp = its OpenMP build,
system = Debian's alternative): one child process per BLAS, since the BLAS and its thread count are
fixed when the library loads, and the fastest is printed: the peer's best line. OpenBLAS picks its
kernels from the CPU model; an OPENBLAS_CORETYPE in the environment is dropped (a user's machine
has none), but PEER_OPENBLAS_CORETYPE=SkylakeX sets it in the children: OpenBLAS 0.3.21 (Debian 12)
does not know Intel family 6 model 207 and falls back to its SSE3 "Prescott" kernels there, so
the forced AVX-512 kernels are the stronger peer. Stdlib + numpy + torch from Debian only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

LIBDIR = "/usr/lib/x86_64-linux-gnu"
BLAS_DIRS = {"system": None, "openblas": f"{LIBDIR}/openblas-pthread",
             "openblas-omp": f"{LIBDIR}/openblas-openmp"}
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "BLIS_NUM_THREADS", "MKL_NUM_THREADS")
SUITE = {"sgemm": "sgemm", "sgemm_out": "sgemm_out", "mlp": "mlp", "elementwise": "elementwise"}


CLOCK = time.perf_counter


def measure(fn, sample_s=0.05, samples=11, budget_s=3.0):
    """Median seconds per call: warm-up (at least 3 calls and 0.1 s), then timed batches of about
    sample_s each, on CLOCK (the wall clock, or this thread's CPU time with --clock cpu)."""
    time_now = CLOCK
    t0 = time_now()
    n = 0
    while True:
        fn()
        n += 1
        el = time_now() - t0
        if (n >= 3 and el >= 0.1) or el > budget_s / 4:
            break
    est = el / n
    inner = max(1, int(sample_s / max(est, 1e-9)) + 1)
    k = max(3, min(samples, int(budget_s / (est * inner))))
    per = []
    for _ in range(k):
        t = time_now()
        for _ in range(inner):
            fn()
        per.append((time_now() - t) / inner)
    return statistics.median(per)


def sgemm(case, np, torch, out=False):
    if case.startswith("sq"):
        m = k = n = int(case[2:])
        ta = tb = False
    else:
        parts = case.split("_")
        m, k, n = (int(v) for v in parts[3].split("x"))
        ta, tb = case.endswith("_tA"), case.endswith("_tB")
    rng = np.random.default_rng(20261122)
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    a = a.T if ta else a
    b = b.T if tb else b
    if out:
        c = np.empty((m, n), dtype=np.float32)
        return "numpy", measure(lambda: np.matmul(a, b, out=c))
    return "numpy", measure(lambda: a @ b)


def sgemm_out(case, np, torch):
    """sgemm into a preallocated result (np.matmul(a, b, out=c)): the GEMM alone, no allocator."""
    return sgemm(case, np, torch, out=True)


def mlp(case, np, torch):
    import torch.nn as nn

    style, b = case.split("_b")
    batch = int(b)
    rng = np.random.default_rng(20261122)
    count = 8192
    x_all = torch.from_numpy(rng.standard_normal((count, 784), dtype=np.float32))
    teacher = torch.from_numpy(rng.standard_normal((784, 10), dtype=np.float32))
    y_all = (x_all @ teacher).argmax(dim=1)
    gen = torch.Generator().manual_seed(1234)
    lr = 0.01

    def glorot(fan_in, fan_out):
        lim = (6.0 / (fan_in + fan_out)) ** 0.5
        return (torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * lim

    if style == "nn":
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                              nn.Linear(256, 10))
        with torch.no_grad():
            for layer in model:
                if isinstance(layer, nn.Linear):
                    layer.weight.copy_(glorot(layer.in_features, layer.out_features).t())
                    layer.bias.zero_()
        loss_fn = nn.CrossEntropyLoss()
        opt = torch.optim.SGD(model.parameters(), lr=lr)

        def step(xb, yb):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            return loss
    elif style == "tape":
        params = []
        for fi, fo in ((784, 256), (256, 256), (256, 10)):
            params.append(glorot(fi, fo).requires_grad_(True))
            params.append(torch.zeros(fo, requires_grad=True))

        def step(xb, yb):
            w1, b1, w2, b2, w3, b3 = params
            h = torch.relu(xb @ w1 + b1)
            h = torch.relu(h @ w2 + b2)
            z = h @ w3 + b3
            loss = (torch.logsumexp(z, dim=1) - z.gather(1, yb[:, None])[:, 0]).mean()
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p.sub_(g, alpha=lr)
            return loss
    else:
        raise SystemExit(f"pair_peer.py: unknown mlp style {style!r} (nn or tape)")
    pos = [0]

    def one():
        i = pos[0]
        if i + batch > count:
            i = 0
        pos[0] = i + batch
        return step(x_all[i:i + batch], y_all[i:i + batch])

    for _ in range(20):
        one()
    return "torch", measure(one, sample_s=0.25, samples=9, budget_s=4.0)


def elementwise(case, np, torch):
    op, variant, size = case.rsplit("_", 2)
    n = int(size[1:])
    rng = np.random.default_rng(20261122)
    a = rng.standard_normal(n, dtype=np.float32)
    b = rng.standard_normal(n, dtype=np.float32)
    c = np.empty(n, dtype=np.float32)
    m, cm = a.reshape(n // 1000, 1000), c.reshape(n // 1000, 1000)
    row = rng.standard_normal(1000, dtype=np.float32)
    zero = np.float32(0)
    fns = {
        ("add", "alloc"): lambda: a + b,
        ("add", "out"): lambda: np.add(a, b, out=c),
        ("mul", "alloc"): lambda: a * b,
        ("mul", "out"): lambda: np.multiply(a, b, out=c),
        ("relu", "alloc"): lambda: np.maximum(a, zero),
        ("relu", "out"): lambda: np.maximum(a, zero, out=c),
        ("abs", "alloc"): lambda: np.abs(a),
        ("abs", "out"): lambda: np.abs(a, out=c),
        ("bcast_add", "alloc"): lambda: m + row,
        ("bcast_add", "out"): lambda: np.add(m, row, out=cm),
    }
    return "numpy", measure(fns[(op, variant)], sample_s=0.02, samples=15, budget_s=2.0)


def child(args):
    import numpy as np
    torch = None
    if args.kind == "mlp":
        import torch
        torch.set_num_threads(args.threads)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass
    global CLOCK
    if args.clock == "cpu":
        CLOCK = time.thread_time
    lib, seconds = globals()[args.kind](args.case, np, torch)
    metric = "ms_cpu" if args.clock == "cpu" else "ms"
    print(f"{SUITE[args.kind]}/{lib}/{args.blas}/t{args.threads}/{args.case}\t{metric}\t"
          f"{seconds * 1e3:.6g}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("kind", choices=sorted(SUITE))
    p.add_argument("case")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--blas", default="openblas")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="cpu: this thread's CPU time (time.thread_time), for 1 thread on a busy host")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    best = None
    for blas in args.blas.split(","):
        if blas not in BLAS_DIRS:
            sys.exit(f"pair_peer.py: unknown --blas {blas}; choose from {', '.join(BLAS_DIRS)}")
        env = dict(os.environ)
        for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            env.pop(v, None)
        if os.environ.get("PEER_OPENBLAS_CORETYPE"):
            env["OPENBLAS_CORETYPE"] = os.environ["PEER_OPENBLAS_CORETYPE"]
        for v in THREAD_VARS:
            env[v] = str(args.threads)
        if BLAS_DIRS[blas]:
            env["LD_LIBRARY_PATH"] = BLAS_DIRS[blas]
        else:
            env.pop("LD_LIBRARY_PATH", None)
        cmd = [sys.executable, sys.argv[0], args.kind, args.case, "--threads", str(args.threads),
               "--blas", blas, "--clock", args.clock, "--child"]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"pair_peer.py: {' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()}")
        line = r.stdout.strip().splitlines()[-1]
        ms = float(line.split("\t")[2])
        print(f"# {line}", flush=True)
        if best is None or ms < best[0]:
            best = (ms, line)
    print(best[1], flush=True)


if __name__ == "__main__":
    main()
