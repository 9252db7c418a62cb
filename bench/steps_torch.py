#!/usr/bin/python3
"""torch's side of FashionStepBench: one training step (forward, backward, Adam update) of the two
Fashion-MNIST example models, as eager PyTorch runs them, on seeded synthetic 28x28 images
(x ~ N(0, 1), labels uniform over 10 classes; the time of a step does not depend on the pixels).

  cnn   src/examples/.../FashionCnn.java: Conv2D(32, 3, relu, SAME) -> BatchNorm -> MaxPool(2) ->
        Conv2D(64, 3, relu) -> BatchNorm -> MaxPool(2) -> Dropout(0.25) -> Flatten ->
        Dense(128, relu) -> Dropout(0.5) -> Dense(10); torch: Conv2d/BatchNorm2d (eps 1e-3,
        momentum 0.01 = Keras's 0.99)/MaxPool2d/Dropout/Linear in training mode. Two layouts:
        `cnn` (NCHW, torch's default) and `cnn_cl` (channels_last, NHWC as lanegrad and TF).
  gru   src/examples/.../FashionRnn.java: GRU(128) over the 28 rows of 28 pixels -> Dense(10) on
        the last state (torch.nn.GRU has Keras's reset_after=True form).
  lstm  the same with LSTM(128).
Loss: softmax cross-entropy from logits, mean over the batch (Keras's sparse categorical
cross-entropy); Adam(lr 1e-3); `zero_grad(set_to_none=True)`, `loss.backward()`, `opt.step()`.

Run:  /usr/bin/python3 bench/steps_torch.py [--threads 1,2] [--batches 32,128] [--quick]
      /usr/bin/python3 bench/steps_torch.py --case cnn_cl_b32 --threads 1   (one case: bench/pair.sh)
Prints one result per line in the peers' format (`name<TAB>metric<TAB>value`, name =
`step/torch/system/t<threads>/<model>_b<batch>`, metrics `ms_per_step` (median of timed windows),
`ms_per_step_best`, `examples_per_s`), plus `meta` lines; FashionStepBench is lanegrad's side, and
`bench/pair.sh step/` runs the two interleaved. One child process per thread count, so that the count is fixed
before torch loads.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

CLOCK = [time.perf_counter]  # time.thread_time with --clock cpu
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
MODELS = ("cnn", "cnn_cl", "gru", "lstm")


def child(threads, batches, models, quick, clock="wall"):
    import torch
    import torch.nn as nn

    if clock == "cpu":
        CLOCK[0] = time.thread_time
    unit = "ms_cpu_per_step" if clock == "cpu" else "ms_per_step"
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    print(f"meta\ttorch\t{torch.__version__}", flush=True)
    print(f"meta\ttorch_threads\t{torch.get_num_threads()}", flush=True)
    print(f"meta\tmkldnn\t{torch.backends.mkldnn.is_available()}", flush=True)

    class Rnn(nn.Module):
        def __init__(self, cell):
            super().__init__()
            self.rnn = (nn.GRU if cell == "gru" else nn.LSTM)(28, 128, batch_first=True)
            self.out = nn.Linear(128, 10)

        def forward(self, x):
            h, _ = self.rnn(x.view(-1, 28, 28))
            return self.out(h[:, -1])

    def cnn():
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(32, eps=1e-3, momentum=0.01),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01),
            nn.MaxPool2d(2),
            nn.Dropout(0.25), nn.Flatten(), nn.Linear(64 * 6 * 6, 128), nn.ReLU(),
            nn.Dropout(0.5), nn.Linear(128, 10))

    for model_name in models:
        for batch in batches:
            torch.manual_seed(1234)
            g = torch.Generator().manual_seed(20261207)
            nb = 16
            xs = torch.randn(nb, batch, 1, 28, 28, generator=g)
            ys = torch.randint(0, 10, (nb, batch), generator=g)
            if model_name.startswith("cnn"):
                model = cnn()
                if model_name == "cnn_cl":
                    model = model.to(memory_format=torch.channels_last)
                    xs = torch.stack([x.contiguous(memory_format=torch.channels_last) for x in xs])
            else:
                model = Rnn(model_name)
            model.train()
            loss_fn = nn.CrossEntropyLoss()
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            pos = [0]

            def steps(n):
                loss = None
                for _ in range(n):
                    i = pos[0]
                    pos[0] = (i + 1) % nb
                    xb = xs[i]
                    if model_name == "cnn_cl":
                        xb = xb.contiguous(memory_format=torch.channels_last)
                    opt.zero_grad(set_to_none=True)
                    loss = loss_fn(model(xb), ys[i])
                    loss.backward()
                    opt.step()
                return loss

            first = float(steps(1))
            steps(10)  # warm-up
            t = CLOCK[0]()
            steps(5)
            per = (CLOCK[0]() - t) / 5
            window = max(3, int(0.25 / per))
            times = []
            loss = None
            for _ in range(5 if quick else 11):
                t = CLOCK[0]()
                loss = steps(window)
                times.append((CLOCK[0]() - t) / window)
            ms = statistics.median(times) * 1e3
            name = f"step/torch/system/t{threads}/{model_name}_b{batch}"
            print(f"{name}\t{unit}\t{ms:.6g}", flush=True)
            print(f"{name}\t{unit}_best\t{min(times) * 1e3:.6g}", flush=True)
            print(f"{name}\texamples_per_s\t{batch / (ms / 1e3):.6g}", flush=True)
            print(f"{name}\tloss_first\t{first:.6g}", flush=True)
            print(f"{name}\tloss_last\t{float(loss):.6g}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batches", default="32,128")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="cpu: this thread's CPU time (time.thread_time), for a busy machine; "
                         "1 thread only (CpuTime is lanegrad's side)")
    ap.add_argument("--case", default=None, help="<model>_b<batch>: this case only")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        args.models, args.batches = args.case.rsplit("_b", 1)
    batches = [int(b) for b in args.batches.split(",")]
    models = args.models.split(",")
    if args.child:
        child(int(args.threads), batches, models, args.quick, args.clock)
        return
    print(f"# steps_torch.py started {time.strftime('%Y-%m-%dT%H:%M:%S%z')}", flush=True)
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    print(f"meta\tcpu\t{model}, {os.cpu_count()} cores", flush=True)
    with open("/proc/loadavg") as f:
        print(f"meta\tloadavg\t{f.read().strip()}", flush=True)
    for t in args.threads.split(","):
        env = dict(os.environ)
        for v in THREAD_VARS:
            env[v] = t
        cmd = [sys.executable, sys.argv[0], "--child", "--threads", t, "--batches", args.batches,
               "--models", args.models, "--clock", args.clock] + (["--quick"] if args.quick else [])
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            print(f"# child {cmd} exited {r.returncode}", flush=True)


if __name__ == "__main__":
    main()
