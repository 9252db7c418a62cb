"""numpy float32 add, out= and allocating, best of 17 rounds after 8 (bench/AddLoops.java's timing)."""
import time

import numpy as np
for n in (10_000, 100_000, 1_000_000):
    a = np.arange(n, dtype=np.float32); b = np.ones(n, dtype=np.float32); y = np.empty_like(a)
    reps = max(20, 20_000_000 // n)
    best = [1e18, 1e18]
    for r in range(25):
        for v in range(2):
            t0 = time.perf_counter_ns()
            if v == 0:
                for _ in range(reps): np.add(a, b, out=y)
            else:
                for _ in range(reps): np.add(a, b)
            per = (time.perf_counter_ns() - t0) / reps
            if r >= 8: best[v] = min(best[v], per)
    print(f"n={n} numpy out {best[0]:.0f} alloc {best[1]:.0f} ns")
