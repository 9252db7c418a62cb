#!/usr/bin/env python3
"""Regenerates numpy_cases.txt, the expected NumPy str()/repr() texts that NumpyFormatFixtureTest checks.

Run with NumPy 1.24 (Debian bookworm's python3-numpy; NumPy 2 prints scalars differently):
    /usr/bin/python3 src/test/resources/format/gen_numpy_cases.py
It rewrites numpy_cases.txt and numpy_scalars.txt beside itself.

Each case:
    case <name>
    dtype <tf dtype name>
    shape <dims separated by spaces; empty for a scalar>
    data <values>          (floats as float.hex(), nan, inf, -inf; complex as re im pairs;
                            ints in decimal; bools 1/0)   or   gen arange   (element i = i)
    str <numpy str, newlines as \\n>
    repr <numpy repr (0-d: the scalar's repr, as TF's numpy= shows it), newlines as \\n>
A 0-d array is printed as NumPy prints the scalar that TF's .numpy() returns.

numpy_scalars.txt: one scalar a line, "<dtype> <float.hex() of each part> <str>", for random bit
patterns and random short decimals of float32, float64, complex64 and complex128.
"""
import math
import os
import random
import struct

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
np.set_printoptions()  # the defaults: precision 8, threshold 1000, edgeitems 3, linewidth 75

DTYPES = {
    "float32": np.float32, "float64": np.float64, "int32": np.int32, "int64": np.int64,
    "bool": np.bool_, "complex64": np.complex64, "complex128": np.complex128,
}
HERE = os.path.dirname(os.path.abspath(__file__))
out = open(os.path.join(HERE, "numpy_cases.txt"), "w")


def fhex(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x.hex()


def emit(name, dtype, shape, values=None, gen=None):
    npt = DTYPES[dtype]
    if gen == "arange":
        a = np.arange(int(np.prod(shape)), dtype=np.int64).astype(npt).reshape(shape)
    else:
        a = np.array(values, dtype=npt).reshape(shape)
    if a.shape == ():
        s = str(a[()])
        r = repr(a[()])
    else:
        s = str(a)
        r = repr(a)
    flat = a.reshape(-1)
    out.write("case %s\n" % name)
    out.write("dtype %s\n" % dtype)
    out.write("shape %s\n" % " ".join(str(d) for d in shape))
    if gen:
        out.write("gen %s\n" % gen)
    else:
        if dtype.startswith("float"):
            items = [fhex(v) for v in flat]
        elif dtype.startswith("complex"):
            items = []
            for v in flat:
                items += [fhex(v.real), fhex(v.imag)]
        elif dtype == "bool":
            items = ["1" if v else "0" for v in flat]
        else:
            items = [str(int(v)) for v in flat]
        out.write("data %s\n" % " ".join(items))
    assert "\\" not in s and "\\" not in r
    out.write("str %s\n" % s.replace("\n", "\\n"))
    out.write("repr %s\n" % r.replace("\n", "\\n"))
    out.write("end\n")


def f32(*texts):
    return [np.float32(t) for t in texts]


# ---- seed values (the TF tutorial notebooks ported in src/examples, Seed000... Seed004) ----
loss_lines = [
    "2.2937498 1.6268195 0.9598893 0.2929592 0.373971  1.0409012",
    "1.7777526  1.33482    0.8918874  0.44895482 0.00602198 0.43691063",
    "1.3377558  1.00482    0.6718842  0.33894825 0.00601244 0.32692337",
    "0.89775896 0.6748199  0.45188093 0.22894192 0.0060029  0.21693611",
    "0.457762   0.34481972 0.23187757 0.11893535 0.00599289 0.10694933",
    "0.02176547 0.0148201  0.00787473 0.00092936 0.00601578 0.01296139",
    "0.00576544 0.00117993 0.00812519 0.01507044 0.02201557 0.02896118",
]
for i, line in enumerate(loss_lines):
    emit("seed004_loss_%d" % i, "float32", (6,), f32(*line.split()))
x = np.arange(25)
emit("seed004_arange25_int64", "int64", (25,), x)
emit("seed004_square_int64", "int64", (25,), x * x)
emit("seed004_double_int64", "int64", (25,), x + x)
emit("seed004_reshape_5x5_int64", "int64", (5, 5), x)
emit("seed004_cast_float32", "float32", (25,), x)
emit("seed004_ones3x3_float64", "float64", (3, 3), np.ones(9))
emit("seed004_fives3x3_float64", "float64", (3, 3), np.ones(9) * 5)
emit("seed004_variable_int32", "int32", (2,), [1, 2])
emit("seed004_variable_float32", "float32", (2,), [1, 2])
emit("seed004_variable_2x2_float32", "float32", (2, 2), [1, 2, 3, 4])
emit("seed004_constant_int32", "int32", (3,), [1, 2, 3])
emit("seed004_constant_2x2_int32", "int32", (2, 2), [1, 2, 3, 4])
emit("seed004_fill_minus1_int32", "int32", (2, 2), [-1] * 4)
emit("seed004_add1_int32", "int32", (4,), [2, 3, 4, 5])
emit("seed004_pow2_int32", "int32", (3,), [1, 4, 9])
emit("seed004_y_int64", "int64", (6,), [-3, -1, 1, 3, 5, 7])
emit("seed004_kernel_1x1", "float32", (1, 1), f32("0.76252973"))
emit("seed004_bias_zero", "float32", (1,), [0])
emit("seed004_scalar_2", "int32", (), [2])
emit("seed004_scalar_4", "int32", (), [4])
emit("seed004_scalar_25", "int64", (), [25])
emit("seed004_weight", "float32", (), f32("2.0040548"))
for v in ["108.0", "6.0", "27.0", "18.0", "16.0", "8.0", "15.0", "22.0", "5.0", "10.0", "9.0", "12.0"]:
    emit("seed_scalar_%s" % v, "float32", (), f32(v))
emit("seed001_w_4x2", "float32", (4, 2),
     f32("1.6781247", "1.1388843", "0.22586143", "-2.206287", "-0.32982063", "1.4358617",
         "-0.37560588", "1.3389487"))
emit("seed001_ones2", "float32", (2,), [1, 1])
emit("seed001_x_1x4", "float32", (1, 4), [10, 20, 30, 40])
emit("seed001_dydw_4x2", "float32", (4, 2),
     f32("-26.203785", "648.96906", "-52.40757", "1297.9381", "-78.61136", "1946.9071",
         "-104.81514", "2595.8762"))
emit("seed001_dydb", "float32", (2,), f32("-2.6203785", "64.896904"))
emit("seed001_dense_3x2", "float32", (3, 2),
     f32("601.47205", "0", "1202.9441", "0", "1804.4161", "0"))
emit("seed001_dense_bias", "float32", (2,), f32("60.147205", "0"))
emit("seed002_dydw_4x2", "float32", (4, 2),
     f32("-661.6483", "-80.44242", "-1323.2966", "-160.88484", "-1984.945", "-241.32726",
         "-2646.5933", "-321.76968"))
emit("seed002_dydb", "float32", (2,), f32("-66.16483", "-8.044242"))
emit("seed002_grad_4x2", "float32", (4, 2), [10, 10, 20, 20, 30, 30, 40, 40])
emit("seed002_zeros_4x2", "float32", (4, 2), [0] * 8)

# ---- hand-picked rules ----
emit("sci_small", "float64", (2,), [1e-5, 1.0])
emit("sci_large", "float64", (2,), [1.0, 1.5e8])
emit("sci_ratio", "float64", (2,), [1.0, 1000.5])
emit("no_sci_ratio_1000", "float64", (2,), [1.0, 1000.0])
emit("sci_1e8", "float64", (2,), [1e8, 1.0e8])
emit("no_sci_below_1e8", "float64", (1,), [99999999.0])
emit("sci_exp3", "float64", (2,), [1e-100, 1.0])
emit("sci_exp3_big", "float64", (3,), [1e300, -2.5, 0.0])
emit("sci_neg", "float64", (3,), [-1e-5, 2.0, 0.0])
emit("sci_f32_1e-4", "float32", (1,), [1e-4])
emit("f64_1e-4", "float64", (1,), [1e-4])
emit("f32_ratio_edge", "float32", (2,), f32("0.001", "1"))
emit("f32_tenth", "float32", (3,), f32("0.1", "0.2", "0.3"))
emit("f64_tenth", "float64", (3,), [0.1, 0.2, 0.1 + 0.2])
emit("f32_third", "float32", (2,), [1 / 3, 2 / 3])
emit("f64_third", "float64", (2,), [1 / 3, 2 / 3])
emit("f64_round_tie", "float64", (2,), [2.0 ** -9, 0.5])
emit("f64_round_carry", "float64", (2,), [0.999999999, 1.5])
emit("f64_round_many", "float64", (4,), [0.123456785, 0.123456775, 1.000000005, 3.14159265358979])
emit("neg_zero_f32", "float32", (2,), [0.0, -0.0])
emit("neg_zero_f64", "float64", (3,), [-0.0, 1.5, -2.0])
emit("nan_inf", "float64", (4,), [np.nan, np.inf, -np.inf, 1.5])
emit("nan_only", "float64", (2,), [np.nan, np.nan])
emit("nan_neginf", "float64", (2,), [np.nan, -np.inf])
emit("inf_pos", "float32", (2,), [np.inf, 1.0])
emit("nan_sci", "float64", (3,), [np.nan, 1e-7, -np.inf])
emit("int64_extremes", "int64", (3,), [-2 ** 63, 0, 2 ** 63 - 1])
emit("int32_extremes", "int32", (3,), [-2 ** 31, 7, 2 ** 31 - 1])
emit("int_neg_width", "int32", (3,), [-5, 10, 3])
emit("bool_mix", "bool", (2,), [True, False])
emit("bool_true", "bool", (2,), [True, True])
emit("bool_2x2", "bool", (2, 2), [True, False, False, True])
emit("complex_basic", "complex128", (2,), [1 + 2j, 3 - 1j])
emit("complex64_basic", "complex64", (2,), [0.1 + 0.2j, -1.5 - 0.25j])
emit("complex_align", "complex128", (3,), [1.5 + 2j, -3.25 - 10j, 0j])
emit("complex_sci", "complex128", (2,), [1e-5 + 1e10j, 1 + 1j])
emit("complex_nan", "complex128", (3,), [complex(np.nan, 1), complex(1, np.inf), complex(-np.inf, -np.nan)])
emit("complex_2x2", "complex64", (2, 2), [1 + 1j, 2 - 2j, 3.5 + 0j, -4 + 4.25j])
emit("min_double", "float64", (2,), [5e-324, 1.0])
emit("min_float", "float32", (2,), [1.4e-45, 1.0])
emit("max_float", "float32", (2,), [3.4028235e38, -1.0])
emit("max_double", "float64", (1,), [1.7976931348623157e308])
emit("big_positional", "float64", (2,), [12345678.5, 99999.125])
emit("wide_float32", "float32", (30,), [i / 7 for i in range(30)])
emit("wide_neg_float64", "float64", (40,), [(-1) ** i * i / 3 for i in range(40)])
emit("wide_int64", "int64", (60,), [i * 12345 for i in range(60)])
emit("wide_bool", "bool", (40,), [i % 3 == 0 for i in range(40)])
emit("wide_complex", "complex128", (12,), [complex(i / 3, -i) for i in range(12)])
emit("wide_2d", "float64", (3, 20), [i / 9 for i in range(60)])
emit("wide_3d", "float32", (2, 2, 15), [i * 1.25 for i in range(60)])
emit("rank3", "int32", (2, 3, 4), list(range(24)))
emit("rank4", "float64", (2, 2, 2, 2), [i / 2 for i in range(16)])
emit("rank3_len1", "float32", (1, 1, 1), [3.5])
for dt in DTYPES:
    emit("empty_0_" + dt, dt, (0,), [])
    emit("empty_2x0_" + dt, dt, (2, 0), [])
    emit("empty_0x3_" + dt, dt, (0, 3), [])
    emit("empty_2x0x3_" + dt, dt, (2, 0, 3), [])

# ---- scalars (0-d) ----
for v in [16.0, 0.1, 1e-5, 1e-4, 1.5e-5, 1e16, 9999999999999998.0, 1.5e16, 123456789.125, -0.0, 0.0,
          np.nan, np.inf, -np.inf, 5e-324, 1e300, -2.5, 100.0, 1 / 3]:
    emit("scalar_f64_%r" % v, "float64", (), [v])
for v in ["16", "0.1", "1e-5", "1e-4", "1.5e15", "1e10", "-0.0", "3.4028235e38", "1.4e-45",
          "0.33333334", "nan", "-inf", "2.0040548"]:
    emit("scalar_f32_%s" % v, "float32", (), [np.float32(v)])
for v in [1 + 2j, 2j, -0.0 + 2j, 1 - 0j, 0j, 1.5 + 1e-5j, complex(np.nan, 1), complex(1, np.inf),
          complex(1, -np.inf), complex(-1.25, np.nan), 1e20 + 1j]:
    emit("scalar_c128_%r" % v, "complex128", (), [v])
emit("scalar_c64", "complex64", (), [0.1 + 0.2j])
emit("scalar_bool_t", "bool", (), [True])
emit("scalar_bool_f", "bool", (), [False])
emit("scalar_int32_min", "int32", (), [-2 ** 31])
emit("scalar_int64_max", "int64", (), [2 ** 63 - 1])

# ---- summaries (more than 1000 elements) ----
emit("summary_r1_f32", "float32", (1001,), gen="arange")
emit("summary_r1_i64", "int64", (2000,), gen="arange")
emit("summary_r2_f64", "float64", (40, 40), gen="arange")
emit("summary_r2_short_rows", "int32", (3, 400), gen="arange")
emit("summary_r2_short_cols", "int32", (400, 3), gen="arange")
emit("summary_r3_i32", "int32", (11, 11, 11), gen="arange")
emit("summary_r4_f32", "float32", (7, 7, 7, 7), gen="arange")
emit("summary_bool", "bool", (1200,), gen="arange")
emit("summary_c128", "complex128", (10, 200), gen="arange")
rng = np.random.default_rng(7)
emit("summary_r2_random", "float32", (30, 50), (rng.standard_normal(1500) * 3).astype(np.float32))
emit("summary_r3_random_sci", "float64", (10, 10, 11), rng.standard_normal(1100) * 1e-3)

# ---- random cases ----
R = random.Random(20261130)


def rand_float(kind):
    if kind == "normal":
        return R.gauss(0, 1) * 10 ** R.randint(-2, 3)
    if kind == "wide":
        return R.choice([-1, 1]) * 10 ** R.uniform(-12, 12)
    if kind == "ints":
        return float(R.randint(-1000, 1000))
    if kind == "short":
        return R.randint(-99, 99) / R.choice([1, 2, 4, 8, 10, 100])
    if kind == "special":
        return R.choice([0.0, -0.0, np.nan, np.inf, -np.inf, 1.0, 1e-5, 123.456])
    return R.random()


for n in range(220):
    dt = R.choice(list(DTYPES))
    rank = R.choice([1, 1, 1, 2, 2, 3])
    shape = tuple(R.randint(1, 5 if rank > 1 else 30) for _ in range(rank))
    size = int(np.prod(shape))
    kind = R.choice(["normal", "wide", "ints", "short", "special", "unit"])
    if dt.startswith("float"):
        vals = [rand_float(R.choice([kind, kind, "special"]) if kind == "special" else kind) for _ in range(size)]
    elif dt.startswith("complex"):
        vals = [complex(rand_float(kind), rand_float(R.choice([kind, "short"]))) for _ in range(size)]
    elif dt == "bool":
        vals = [R.random() < 0.5 for _ in range(size)]
    elif dt == "int32":
        vals = [R.randint(-2 ** 31, 2 ** 31 - 1) >> R.randint(0, 31) for _ in range(size)]
    else:
        vals = [R.randint(-2 ** 63, 2 ** 63 - 1) >> R.randint(0, 63) for _ in range(size)]
    if dt == "float32":
        with np.errstate(over="ignore"):
            vals = [np.float32(v) for v in vals]
    emit("random_%d_%s_%s" % (n, dt, kind), dt, shape, vals)

out.close()

# ---- scalars: random bit patterns and short decimals ----
S = random.Random(4242)


def rand_bits64():
    return struct.unpack("<d", struct.pack("<Q", S.getrandbits(64)))[0]


def rand_bits32():
    return np.frombuffer(struct.pack("<I", S.getrandbits(32)), dtype=np.float32)[0]


def rand_short():
    return float("%de%d" % (S.randint(-99999, 99999), S.randint(-30, 30)))


with open(os.path.join(HERE, "numpy_scalars.txt"), "w") as sc:
    for i in range(3000):
        d = rand_bits64() if i % 2 else rand_short()
        sc.write("float64 %s %s\n" % (fhex(d), str(np.float64(d))))
        f = rand_bits32() if i % 2 else np.float32(rand_short())
        sc.write("float32 %s %s\n" % (fhex(f), str(np.float32(f))))
    for i in range(500):
        c = complex(rand_short() * S.choice([0, 1, 1]), rand_short())
        sc.write("complex128 %s %s %s\n" % (fhex(c.real), fhex(c.imag), str(np.complex128(c))))
        c64 = np.complex64(c)
        sc.write("complex64 %s %s %s\n" % (fhex(c64.real), fhex(c64.imag), str(c64)))
