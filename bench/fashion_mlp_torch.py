#!/usr/bin/python3
"""torch's side of TF's "Basic classification" tutorial on Fashion-MNIST (the model of
src/examples/.../FashionMlp.java): Flatten(28x28) -> Linear(784, 128) -> ReLU -> Linear(128, 10),
softmax cross-entropy from logits, Adam (lr 1e-3, eps 1e-7: Keras's defaults), batch 32, the 60,000
training images scaled to [0, 1] and reshuffled every epoch, Keras's initialisation (Glorot-uniform
kernels, zero biases). The loop is the one a torch user writes: index a shuffled permutation,
zero_grad, forward, backward, step.

Run:  /usr/bin/python3 bench/fashion_mlp_torch.py [--threads 1,2] [--epochs 1] [--blas openblas]
Prints the peers' line format (`name<TAB>metric<TAB>value`, name =
`fashion/torch/<blas>/t<threads>/mlp_fit_b32`): `ms` (the median epoch's wall time, training only),
`examples_per_s` (60,000 / that), `test_accuracy` and `loss_last` after the last epoch, plus `meta`
lines. One child process per thread count, so the count is fixed before torch loads. The data are
Debian's dataset-fashion-mnist files (/usr/share/datasets/fashion-mnist, or --data DIR).
"""
import argparse
import gzip
import os
import statistics
import subprocess
import sys
import time

LIBDIR = "/usr/lib/x86_64-linux-gnu"
BLAS_DIRS = {"system": None, "openblas": f"{LIBDIR}/openblas-pthread",
             "openblas-omp": f"{LIBDIR}/openblas-openmp"}
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def idx(path, np):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def child(args):
    import numpy as np
    import torch
    import torch.nn as nn

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    print(f"meta\ttorch\t{torch.__version__}", flush=True)
    print(f"meta\ttorch_threads\t{torch.get_num_threads()}", flush=True)
    d = args.data
    x = torch.from_numpy(idx(f"{d}/train-images-idx3-ubyte.gz", np).astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(f"{d}/train-labels-idx1-ubyte.gz", np).astype(np.int64))
    xt = torch.from_numpy(idx(f"{d}/t10k-images-idx3-ubyte.gz", np).astype(np.float32) / 255.0)
    yt = torch.from_numpy(idx(f"{d}/t10k-labels-idx1-ubyte.gz", np).astype(np.int64))
    torch.manual_seed(42)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                nn.init.xavier_uniform_(layer.weight)
                layer.bias.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    n = x.shape[0]
    batch = 32
    epochs = []
    loss = None
    for _ in range(args.epochs):
        t = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx_b = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx_b]), y[idx_b])
            loss.backward()
            opt.step()
        epochs.append(time.perf_counter() - t)
    with torch.no_grad():
        acc = (model(xt).argmax(dim=1) == yt).float().mean().item()
    name = f"fashion/torch/{args.blas}/t{args.threads}/mlp_fit_b32"
    sec = statistics.median(epochs)
    print(f"{name}\tms\t{sec * 1e3:.6g}", flush=True)
    print(f"{name}\texamples_per_s\t{n / sec:.6g}", flush=True)
    print(f"{name}\ttest_accuracy\t{acc:.4f}", flush=True)
    print(f"{name}\tloss_last\t{float(loss):.4f}", flush=True)
    print(f"{name}\tepochs\t{args.epochs}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", default="1,2")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--blas", default="openblas", choices=sorted(BLAS_DIRS))
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        args.threads = int(args.threads)
        child(args)
        return
    print(f"# bench/fashion_mlp_torch.py started {time.strftime('%Y-%m-%dT%H:%M:%S%z')}", flush=True)
    for t in args.threads.split(","):
        env = dict(os.environ)
        for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            env.pop(v, None)
        if os.environ.get("PEER_OPENBLAS_CORETYPE"):
            env["OPENBLAS_CORETYPE"] = os.environ["PEER_OPENBLAS_CORETYPE"]
        for v in THREAD_VARS:
            env[v] = t
        if BLAS_DIRS[args.blas]:
            env["LD_LIBRARY_PATH"] = BLAS_DIRS[args.blas]
        cmd = [sys.executable, sys.argv[0], "--child", "--threads", t, "--epochs", str(args.epochs),
               "--blas", args.blas, "--data", args.data]
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            sys.exit(f"fashion_mlp_torch.py: child {cmd} exited {r.returncode}")


if __name__ == "__main__":
    main()
