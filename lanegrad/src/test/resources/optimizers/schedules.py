"""Expected learning rates of the schedules, with Keras 2.15's formulas in NumPy float32.

The formulas follow tf_keras/optimizers/schedules/learning_rate_schedule.py (Keras 2.15):
Python numbers are cast to the initial rate's dtype (float32) and every +, -, *, / is a float32
operation, as there. pow, cos and log are the float64 result rounded to float32, the correctly
rounded value: the last bit of a float32 transcendental is the library's choice (NumPy's float32
ufuncs on this AVX-512 machine, glibc's powf/cosf/logf and Eigen's kernels under TF each differ
from the correctly rounded value by one ulp at some points), so the script fixes it and counts on
stderr where NumPy's own float32 ufuncs give another bit.

Run: python3 schedules.py > schedules.txt
Each output line: case step float32-bits-hex value
"""
import math
import sys

import numpy as np

f = np.float32
mismatches = []


def _check(name, mine, numpy_f32):
    if np.float32(mine).view(np.uint32) != np.float32(numpy_f32).view(np.uint32):
        mismatches.append((name, float(mine), float(numpy_f32)))


def pow32(a, b):
    r = f(np.float64(a) ** np.float64(b))
    _check("pow", r, np.power(f(a), f(b)))
    return r


def cos32(x):
    r = f(np.cos(np.float64(x)))
    _check("cos", r, np.cos(f(x)))
    return r


def log32(x):
    r = f(np.log(np.float64(x)))
    _check("log", r, np.log(f(x)))
    return r


PI = f(math.pi)


def exponential(init, decay_steps, rate, staircase):
    def at(step):
        p = f(step) / f(decay_steps)
        if staircase:
            p = np.floor(p)
        return f(init) * pow32(f(rate), p)

    return at


def inverse_time(init, decay_steps, rate, staircase):
    def at(step):
        p = f(step) / f(decay_steps)
        if staircase:
            p = np.floor(p)
        return f(init) / (f(1) + f(rate) * p)

    return at


def polynomial(init, decay_steps, end, power, cycle):
    def at(step):
        s = f(step)
        d = f(decay_steps)
        if cycle:
            mult = f(1.0) if s == 0 else np.ceil(s / f(decay_steps))
            d = d * mult
        else:
            s = np.minimum(s, d)
        p = s / d
        return (f(init) - f(end)) * pow32(f(1) - p, f(power)) + f(end)

    return at


def piecewise(boundaries, values):
    def at(step):
        for b, v in zip(boundaries, values):
            if step <= b:
                return f(v)
        return f(values[-1])

    return at


def cosine(init, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    def decay_fn(s, d, start):
        fraction = s / d
        c = f(0.5) * (f(1.0) + cos32(PI * fraction))
        decayed = f(1 - alpha) * c + f(alpha)  # (1 - self.alpha): a Python number
        return start * decayed

    def at(step):
        s = f(step)
        d = f(decay_steps)
        if warmup_target is None:
            return decay_fn(np.minimum(s, d), d, f(init))
        t = f(warmup_target)
        w = f(warmup_steps)
        s = np.minimum(s, d + w)
        if s < w:
            return (t - f(init)) * (s / w) + f(init)
        return decay_fn(s - w, d, t)

    return at


def restarts(init, first, t_mul=2.0, m_mul=1.0, alpha=0.0):
    def at(step):
        a = f(alpha)
        t = f(t_mul)
        m = f(m_mul)
        fraction = f(step) / f(first)
        if t == f(1.0):
            i = np.floor(fraction)
            fraction = fraction - i
        else:
            i = np.floor(log32(f(1.0) - fraction * (f(1.0) - t)) / log32(t))
            sum_r = (f(1.0) - pow32(t, i)) / (f(1.0) - t)
            fraction = (fraction - sum_r) / pow32(t, i)
        c = f(0.5) * pow32(m, i) * (f(1.0) + cos32(PI * fraction))
        decayed = (f(1.0) - a) * c + a
        return f(init) * decayed

    return at


STEPS = [0, 1, 2, 3, 5, 7, 10, 13, 50, 99, 100, 101, 150, 299, 300, 301, 1000, 12345]

# the case names are the keys ScheduleTest builds the same schedules under
CASES = {
    "exp": exponential(0.1, 100, 0.96, False),
    "exp_stair": exponential(0.1, 100, 0.96, True),
    "exp_odd": exponential(0.037, 7, 0.5, False),
    "inv": inverse_time(0.1, 1, 0.5, False),
    "inv_stair": inverse_time(0.1, 10, 0.5, True),
    "poly": polynomial(0.1, 100, 0.01, 1.0, False),
    "poly_sqrt": polynomial(0.1, 100, 0.01, 0.5, False),
    "poly_cycle": polynomial(0.1, 100, 0.0001, 2.0, True),
    "piece": piecewise([100, 300], [1.0, 0.5, 0.1]),
    "cos": cosine(0.1, 1000),
    "cos_alpha": cosine(0.01, 300, alpha=0.1),
    "cos_warm": cosine(0.0, 900, alpha=0.0, warmup_target=0.1, warmup_steps=100),
    "cos_warm_alpha": cosine(0.001, 200, alpha=0.05, warmup_target=0.01, warmup_steps=13),
    "sgdr": restarts(0.1, 100),
    "sgdr_m": restarts(0.05, 10, 1.0, 0.5, 0.1),
    "sgdr_t": restarts(0.2, 7, 1.5, 0.8, 0.01),
}

for name, at in CASES.items():
    for step in STEPS:
        v = f(at(step))
        print(f"{name} {step} {int(v.view(np.uint32)):08x} {float(v)!r}")

print(f"{len(mismatches)} pow/cos/log calls where NumPy's float32 ufunc is one ulp off the correctly rounded value", file=sys.stderr)
