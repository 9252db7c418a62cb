package dev.lanegrad.internal.kernels;

/** Plain loops: the reference every SIMD kernel is tested against, and the fallback. */
public class ScalarKernels implements Kernels {
  @Override
  public String name() {
    return "scalar";
  }

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  @Override
  public void binaryF32(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    // the two common patterns as plain loops, which C2 vectorises on its own
    if (ai == 1 && bi == 1 && op != BinaryOp.POW) {
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i];
        }
        case SUB -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i];
        }
        case MUL -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i];
        }
        case DIV -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i];
        }
        case MAX -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]);
        }
        default -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]);
        }
      }
      return;
    }
    if (ai == 1 && bi == 0 && n > 0 && op != BinaryOp.POW) {
      float s = b[bo];
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + s;
        }
        case SUB -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - s;
        }
        case MUL -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * s;
        }
        case DIV -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / s;
        }
        case MAX -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], s);
        }
        default -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], s);
        }
      }
      return;
    }
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] + b[bo + i * bi];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] - b[bo + i * bi];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] * b[bo + i * bi];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] / b[bo + i * bi];
      }
      case POW -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) cpow(a[ao + i * ai], b[bo + i * bi]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i * ai], b[bo + i * bi]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i * ai], b[bo + i * bi]);
      }
    }
  }

  @Override
  public void binaryF64(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n) {
    // the two common patterns as plain loops, which C2 vectorises on its own
    if (ai == 1 && bi == 1 && op != BinaryOp.POW) {
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i];
        }
        case SUB -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i];
        }
        case MUL -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i];
        }
        case DIV -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i];
        }
        case MAX -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]);
        }
        default -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]);
        }
      }
      return;
    }
    if (ai == 1 && bi == 0 && n > 0 && op != BinaryOp.POW) {
      double s = b[bo];
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + s;
        }
        case SUB -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - s;
        }
        case MUL -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * s;
        }
        case DIV -> {
          for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / s;
        }
        case MAX -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], s);
        }
        default -> {
          for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], s);
        }
      }
      return;
    }
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] + b[bo + i * bi];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] - b[bo + i * bi];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] * b[bo + i * bi];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] / b[bo + i * bi];
      }
      case POW -> {
        for (int i = 0; i < n; i++) y[yo + i] = cpow(a[ao + i * ai], b[bo + i * bi]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i * ai], b[bo + i * bi]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i * ai], b[bo + i * bi]);
      }
    }
  }

  @Override
  public void binaryI32(
      BinaryOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] + b[bo + i * bi];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] - b[bo + i * bi];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] * b[bo + i * bi];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] / b[bo + i * bi];
      }
      case POW -> {
        for (int i = 0; i < n; i++) y[yo + i] = (int) ipow(a[ao + i * ai], b[bo + i * bi]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i * ai], b[bo + i * bi]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i * ai], b[bo + i * bi]);
      }
    }
  }

  @Override
  public void binaryI64(
      BinaryOp op, long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] + b[bo + i * bi];
      }
      case SUB -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] - b[bo + i * bi];
      }
      case MUL -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] * b[bo + i * bi];
      }
      case DIV -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] / b[bo + i * bi];
      }
      case POW -> {
        for (int i = 0; i < n; i++) y[yo + i] = ipow(a[ao + i * ai], b[bo + i * bi]);
      }
      case MAX -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i * ai], b[bo + i * bi]);
      }
      case MIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i * ai], b[bo + i * bi]);
      }
    }
  }

  /**
   * C99's pow: Java's Math.pow differs only for pow(1, NaN) and pow(-1, +-inf), where C gives 1.
   */
  static double cpow(double a, double b) {
    if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
      return 1.0;
    }
    return Math.pow(a, b);
  }

  /** Exact integer power by repeated squaring, wrapping like multiplication. */
  static long ipow(long base, long e) {
    if (e < 0) {
      throw new ArithmeticException(
          "Integers to negative integer powers are not allowed"); // standards: allow error path
    }
    long r = 1;
    while (e != 0) {
      if ((e & 1) != 0) {
        r *= base;
      }
      e >>>= 1;
      base *= base;
    }
    return r;
  }

  @Override
  public void binaryC64(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      int pa = 2 * (ao + i * ai);
      int pb = 2 * (bo + i * bi);
      int py = 2 * (yo + i);
      float ar = a[pa], aim = a[pa + 1], br = b[pb], bim = b[pb + 1];
      switch (op) {
        case ADD -> {
          y[py] = ar + br;
          y[py + 1] = aim + bim;
        }
        case SUB -> {
          y[py] = ar - br;
          y[py + 1] = aim - bim;
        }
        case MUL -> {
          y[py] = ar * br - aim * bim;
          y[py + 1] = ar * bim + aim * br;
        }
        case DIV -> {
          // in double: no overflow of |b|^2 and one rounding per part
          double d = (double) br * br + (double) bim * bim;
          y[py] = (float) (((double) ar * br + (double) aim * bim) / d);
          y[py + 1] = (float) (((double) aim * br - (double) ar * bim) / d);
        }
        default ->
            throw new IllegalArgumentException(
                "binaryC64: "
                    + op
                    + " is not defined on complex values"); // standards: allow error path
      }
    }
  }

  @Override
  public void binaryC128(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n) {
    for (int i = 0; i < n; i++) {
      int pa = 2 * (ao + i * ai);
      int pb = 2 * (bo + i * bi);
      int py = 2 * (yo + i);
      double ar = a[pa], aim = a[pa + 1], br = b[pb], bim = b[pb + 1];
      switch (op) {
        case ADD -> {
          y[py] = ar + br;
          y[py + 1] = aim + bim;
        }
        case SUB -> {
          y[py] = ar - br;
          y[py + 1] = aim - bim;
        }
        case MUL -> {
          y[py] = ar * br - aim * bim;
          y[py + 1] = ar * bim + aim * br;
        }
        case DIV -> {
          // Smith's algorithm: scales by the larger part of b, so |b|^2 never overflows
          if (Math.abs(br) >= Math.abs(bim)) {
            double r = bim / br, d = br + bim * r;
            y[py] = (ar + aim * r) / d;
            y[py + 1] = (aim - ar * r) / d;
          } else {
            double r = br / bim, d = br * r + bim;
            y[py] = (ar * r + aim) / d;
            y[py + 1] = (aim * r - ar) / d;
          }
        }
        default ->
            throw new IllegalArgumentException(
                "binaryC128: "
                    + op
                    + " is not defined on complex values"); // standards: allow error path
      }
    }
  }

  @Override
  public void mulNoNanF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      float bv = b[bo + i * bi];
      y[yo + i] = bv == 0f ? 0f : a[ao + i * ai] * bv;
    }
  }

  @Override
  public void mulNoNanF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      double bv = b[bo + i * bi];
      y[yo + i] = bv == 0 ? 0 : a[ao + i * ai] * bv;
    }
  }

  @Override
  public void compareF32(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    switch (op) {
      case GT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] > b[bo + i * bi];
      }
      case GE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] >= b[bo + i * bi];
      }
      case LT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] < b[bo + i * bi];
      }
      case LE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] <= b[bo + i * bi];
      }
      case EQ -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] == b[bo + i * bi];
      }
      case NE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] != b[bo + i * bi];
      }
    }
  }

  @Override
  public void compareF64(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    switch (op) {
      case GT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] > b[bo + i * bi];
      }
      case GE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] >= b[bo + i * bi];
      }
      case LT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] < b[bo + i * bi];
      }
      case LE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] <= b[bo + i * bi];
      }
      case EQ -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] == b[bo + i * bi];
      }
      case NE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] != b[bo + i * bi];
      }
    }
  }

  @Override
  public void compareI32(
      CompareOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    switch (op) {
      case GT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] > b[bo + i * bi];
      }
      case GE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] >= b[bo + i * bi];
      }
      case LT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] < b[bo + i * bi];
      }
      case LE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] <= b[bo + i * bi];
      }
      case EQ -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] == b[bo + i * bi];
      }
      case NE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] != b[bo + i * bi];
      }
    }
  }

  @Override
  public void compareI64(
      CompareOp op,
      long[] a,
      int ao,
      int ai,
      long[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    switch (op) {
      case GT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] > b[bo + i * bi];
      }
      case GE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] >= b[bo + i * bi];
      }
      case LT -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] < b[bo + i * bi];
      }
      case LE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] <= b[bo + i * bi];
      }
      case EQ -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] == b[bo + i * bi];
      }
      case NE -> {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * ai] != b[bo + i * bi];
      }
    }
  }

  @Override
  public void compareBool(
      CompareOp op,
      boolean[] a,
      int ao,
      int ai,
      boolean[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (op != CompareOp.EQ && op != CompareOp.NE) {
      throw new IllegalArgumentException(
          "compareBool: " + op + " is not defined on booleans"); // standards: allow error path
    }
    boolean ne = op == CompareOp.NE;
    for (int i = 0; i < n; i++) {
      y[yo + i] = (a[ao + i * ai] != b[bo + i * bi]) == ne;
    }
  }

  @Override
  public void compareC64(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (op != CompareOp.EQ && op != CompareOp.NE) {
      throw new IllegalArgumentException(
          "compareC64: " + op + " is not defined on complex values"); // standards: allow error path
    }
    boolean ne = op == CompareOp.NE;
    for (int i = 0; i < n; i++) {
      int pa = 2 * (ao + i * ai);
      int pb = 2 * (bo + i * bi);
      y[yo + i] = (a[pa] == b[pb] && a[pa + 1] == b[pb + 1]) != ne;
    }
  }

  @Override
  public void compareC128(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (op != CompareOp.EQ && op != CompareOp.NE) {
      throw new IllegalArgumentException(
          "compareC128: "
              + op
              + " is not defined on complex values"); // standards: allow error path
    }
    boolean ne = op == CompareOp.NE;
    for (int i = 0; i < n; i++) {
      int pa = 2 * (ao + i * ai);
      int pb = 2 * (bo + i * bi);
      y[yo + i] = (a[pa] == b[pb] && a[pa + 1] == b[pb + 1]) != ne;
    }
  }

  @Override
  public void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    switch (op) {
      case NEG -> {
        for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i];
      }
      case ABS -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]);
      }
      case SQUARE -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * x[xo + i];
      }
      case SQRT -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]);
      }
      case EXP -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.exp(x[xo + i]);
      }
      case LOG -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log(x[xo + i]);
      }
      case LOG1P -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log1p(x[xo + i]);
      }
      case SIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) signOf(x[xo + i]);
      }
      case RELU -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0f);
      }
      // in double: exp(-x) overflows to inf for x < -709 only, and 1/(1+inf) is the right 0
      case SIGMOID -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
      }
      case TANH -> {
        for (int i = 0; i < n; i++) y[yo + i] = tanhF32(x[xo + i]);
      }
    }
  }

  // ---- float32 exp and log as SimdElementwise's lanes compute them, one value at a time ----
  // The Vector API's EXP and LOG leave the last bit to the platform: C2 calls Intel's SVML while
  // the interpreter and C1 run Math.exp per lane, so a program's bits changed with the moment C2
  // compiled a loop (a Fashion-MNIST fit differed run to run). The lanes therefore evaluate
  // Cephes' minimax polynomials, as Eigen's packet math (TF's CPU kernels) does, within 2 ulp;
  // these scalar forms are their reference (ElementwiseKernelsTest, MathKernelsTest: bit for bit).
  // The scalar kernels keep Math's (nearly) correctly rounded values, as TF's scalar tails keep the
  // C library's: a tensor shorter than two vectors gets the same numbers as TF's.

  static final float EXP_LO = -104f; // exp(-104) < 2^-150: rounds to 0
  static final float EXP_HI = 88.8f; // exp(88.8) > Float.MAX_VALUE: rounds to inf
  static final float LOG2E = 1.44269504088896341f;
  // 1.5 * 2^23: (t + R) - R rounds |t| < 2^22 to an integer, half to even, in float arithmetic
  static final float ROUNDER = 12582912f;
  // ln 2 split so that k * LN2_HI is exact for |k| <= 150
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float EXP_P0 = 1.9875691500e-4f;
  static final float EXP_P1 = 1.3981999507e-3f;
  static final float EXP_P2 = 8.3334519073e-3f;
  static final float EXP_P3 = 4.1665795894e-2f;
  static final float EXP_P4 = 1.6666665459e-1f;
  static final float EXP_P5 = 5.0000001201e-1f;
  static final float SQRT_HALF = 0.707106781186547524f;
  static final float TWO_23 = 8388608f;
  static final float LOG_P0 = 7.0376836292e-2f;
  static final float LOG_P1 = -1.1514610310e-1f;
  static final float LOG_P2 = 1.1676998740e-1f;
  static final float LOG_P3 = -1.2420140846e-1f;
  static final float LOG_P4 = 1.4249322787e-1f;
  static final float LOG_P5 = -1.6668057665e-1f;
  static final float LOG_P6 = 2.0000714765e-1f;
  static final float LOG_P7 = -2.4999993993e-1f;
  static final float LOG_P8 = 3.3333331174e-1f;

  /**
   * e^x in float32: x = k ln2 + r with |r| &lt;= ln2/2, e^r = 1 + r + r^2 p(r), times 2^k as two
   * powers of two so that 2^-150 and 2^128 stay representable on the way.
   */
  public static float expF32(float x) {
    float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float k = (c * LOG2E + ROUNDER) - ROUNDER;
    float r = (c - k * LN2_HI) - k * LN2_LO;
    float p = EXP_P0 * r + EXP_P1;
    p = p * r + EXP_P2;
    p = p * r + EXP_P3;
    p = p * r + EXP_P4;
    p = p * r + EXP_P5;
    float e = (p * (r * r) + r) + 1f;
    int ki = (int) k; // NaN gives 0, as the lanes' F2I conversion
    int k1 = ki >> 1;
    return e * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((ki - k1 + 127) << 23);
  }

  /**
   * ln x in float32: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln x = (m - 1) - (m - 1)^2 / 2 + (m
   * - 1)^3 p(m - 1) + e ln2; subnormals scaled by 2^23 first; NaN below 0, -inf at +-0, inf at inf.
   */
  public static float logF32(float x) {
    if (!(x > 0) || x == Float.POSITIVE_INFINITY) {
      return x == 0 ? Float.NEGATIVE_INFINITY : x > 0 ? x : Float.NaN;
    }
    boolean sub = x < Float.MIN_NORMAL;
    int bits = Float.floatToRawIntBits(sub ? x * TWO_23 : x);
    float e = (float) (((bits >>> 23) & 0xff) - (sub ? 126 + 23 : 126));
    float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f000000); // in [0.5, 1)
    boolean low = m < SQRT_HALF;
    e = low ? e - 1f : e;
    m = low ? (m + m) - 1f : m - 1f;
    float z = m * m;
    float y = LOG_P0 * m + LOG_P1;
    y = y * m + LOG_P2;
    y = y * m + LOG_P3;
    y = y * m + LOG_P4;
    y = y * m + LOG_P5;
    y = y * m + LOG_P6;
    y = y * m + LOG_P7;
    y = y * m + LOG_P8;
    y = (y * m) * z;
    y = y + e * LN2_LO;
    y = y - 0.5f * z;
    return (m + y) + e * LN2_HI;
  }

  /** ln(1 + x) as log(u) * (x / (u - 1)), u = 1 + x (Goldberg's correction; Eigen's form). */
  public static float log1pF32(float x) {
    float u = x + 1f;
    if (u == 1f) {
      return x;
    }
    if (u == Float.POSITIVE_INFINITY) {
      return u;
    }
    return logF32(u) * (x / (u - 1f));
  }

  /** e^x - 1 as (u - 1) * (x / log u), u = e^x (Kahan's correction; Eigen's form). */
  public static float expm1F32(float x) {
    float u = expF32(x);
    if (u == 1f) {
      return x;
    }
    float um1 = u - 1f;
    if (um1 == -1f) {
      return -1f;
    }
    float lu = logF32(u);
    if (lu == u) { // u is inf
      return u;
    }
    return um1 * (x / lu);
  }

  /** 1 / (1 + e^-x) as e = e^-|x|: 1 / (1 + e) from 0 up, e / (1 + e) below 0. */
  public static float sigmoidF32(float x) {
    float e = expF32(-Math.abs(x));
    float d = 1f + e;
    return x < 0 ? e / d : 1f / d;
  }

  /**
   * TF's float32 tanh: Eigen's generic_fast_tanh_float, a 13/6-degree rational function of x
   * clamped to +-7.90531110763549805 (the smallest x where it gives exactly 1), x itself below
   * 0.0004 in magnitude, evaluated in float with separate multiplies and adds (TF's x86 builds do
   * not use FMA). It reproduces tf.math.tanh's docstring bit for bit: tanh(-5) = -0.99990916,
   * tanh(1.2) = 0.8336547, tanh(3) = 0.9950547 (the correctly rounded values are -0.9999092,
   * 0.83365464, 0.9950548).
   */
  public static float tanhF32(float ax) {
    float x = Math.max(Math.min(ax, TANH_CLAMP), -TANH_CLAMP);
    if (Math.abs(ax) < TANH_LINEAR) {
      return x;
    }
    float x2 = x * x;
    float p = x2 * TANH_P13 + TANH_P11;
    p = x2 * p + TANH_P9;
    p = x2 * p + TANH_P7;
    p = x2 * p + TANH_P5;
    p = x2 * p + TANH_P3;
    p = x2 * p + TANH_P1;
    p = x * p;
    float q = x2 * TANH_Q6 + TANH_Q4;
    q = x2 * q + TANH_Q2;
    q = x2 * q + TANH_Q0;
    return p / q;
  }

  // Eigen's coefficients, shared with the Vector API lanes (SimdElementwise) so both round alike
  static final float TANH_CLAMP = 7.90531110763549805f;
  static final float TANH_LINEAR = 0.0004f;
  static final float TANH_P13 = -2.76076847742355e-16f;
  static final float TANH_P11 = 2.00018790482477e-13f;
  static final float TANH_P9 = -8.60467152213735e-11f;
  static final float TANH_P7 = 5.12229709037114e-08f;
  static final float TANH_P5 = 1.48572235717979e-05f;
  static final float TANH_P3 = 6.37261928875436e-04f;
  static final float TANH_P1 = 4.89352455891786e-03f;
  static final float TANH_Q6 = 1.19825839466702e-06f;
  static final float TANH_Q4 = 1.18534705686654e-04f;
  static final float TANH_Q2 = 2.26843463243900e-03f;
  static final float TANH_Q0 = 4.89352518554385e-03f;

  @Override
  public void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    switch (op) {
      case NEG -> {
        for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i];
      }
      case ABS -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]);
      }
      case SQUARE -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * x[xo + i];
      }
      case SQRT -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(x[xo + i]);
      }
      case EXP -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.exp(x[xo + i]);
      }
      case LOG -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.log(x[xo + i]);
      }
      case LOG1P -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.log1p(x[xo + i]);
      }
      case SIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = signOf(x[xo + i]);
      }
      case RELU -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0.0);
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) y[yo + i] = sigmoidOf(x[xo + i]);
      }
      case TANH -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.tanh(x[xo + i]);
      }
    }
  }

  /** -1, 0 or 1; +0 for -0.0 (TF's (x > 0) - (x < 0)); NaN stays NaN. */
  static double signOf(double v) {
    return v > 0 ? 1.0 : v < 0 ? -1.0 : v == 0 ? 0.0 : v;
  }

  /** 1 / (1 + e^-x) without overflow: for x < 0 the form e^x / (1 + e^x). */
  static double sigmoidOf(double v) {
    if (v >= 0) {
      return 1.0 / (1.0 + Math.exp(-v));
    }
    double e = Math.exp(v);
    return e / (1.0 + e);
  }

  @Override
  public void unaryI32(UnaryOp op, int[] x, int xo, int[] y, int yo, int n) {
    switch (op) {
      case NEG -> {
        for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i];
      }
      case ABS -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]);
      }
      case SQUARE -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * x[xo + i];
      }
      case SIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Integer.signum(x[xo + i]);
      }
      case RELU -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0);
      }
      default ->
          throw new IllegalArgumentException(
              "unaryI32: " + op + " is not defined on integers"); // standards: allow error path
    }
  }

  @Override
  public void unaryI64(UnaryOp op, long[] x, int xo, long[] y, int yo, int n) {
    switch (op) {
      case NEG -> {
        for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i];
      }
      case ABS -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]);
      }
      case SQUARE -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * x[xo + i];
      }
      case SIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Long.signum(x[xo + i]);
      }
      case RELU -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0L);
      }
      default ->
          throw new IllegalArgumentException(
              "unaryI64: " + op + " is not defined on integers"); // standards: allow error path
    }
  }

  @Override
  public void unaryC64(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    if (op != UnaryOp.NEG && op != UnaryOp.SQUARE) {
      throw new IllegalArgumentException(
          "unaryC64: " + op + " is not defined on complex values"); // standards: allow error path
    }
    for (int i = 0; i < n; i++) {
      int px = 2 * (xo + i);
      int py = 2 * (yo + i);
      float re = x[px], im = x[px + 1];
      if (op == UnaryOp.NEG) {
        y[py] = -re;
        y[py + 1] = -im;
      } else {
        y[py] = re * re - im * im;
        y[py + 1] = 2 * re * im;
      }
    }
  }

  @Override
  public void unaryC128(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    if (op != UnaryOp.NEG && op != UnaryOp.SQUARE) {
      throw new IllegalArgumentException(
          "unaryC128: " + op + " is not defined on complex values"); // standards: allow error path
    }
    for (int i = 0; i < n; i++) {
      int px = 2 * (xo + i);
      int py = 2 * (yo + i);
      double re = x[px], im = x[px + 1];
      if (op == UnaryOp.NEG) {
        y[py] = -re;
        y[py + 1] = -im;
      } else {
        y[py] = re * re - im * im;
        y[py + 1] = 2 * re * im;
      }
    }
  }

  @Override
  public void reluGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = x[xo + i] > 0f ? dy[dyo + i] : 0f;
    }
  }

  @Override
  public void reluGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = x[xo + i] > 0 ? dy[dyo + i] : 0;
    }
  }

  @Override
  public void absGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xo + i];
      y[yo + i] = v > 0f ? dy[dyo + i] : v < 0f ? -dy[dyo + i] : 0f;
    }
  }

  @Override
  public void absGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[xo + i];
      y[yo + i] = v > 0 ? dy[dyo + i] : v < 0 ? -dy[dyo + i] : 0;
    }
  }

  @Override
  public void castToF32(Object x, int xo, int xs, float[] y, int yo, int ys, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (float) s[xo + i * xs];
    } else if (x instanceof int[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (float) s[xo + i * xs];
    } else if (x instanceof long[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (float) s[xo + i * xs];
    } else if (x instanceof boolean[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] ? 1f : 0f;
    } else {
      throw new IllegalArgumentException(
          "castToF32: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void castToF64(Object x, int xo, int xs, double[] y, int yo, int ys, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof int[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof long[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (double) s[xo + i * xs];
    } else if (x instanceof boolean[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] ? 1.0 : 0.0;
    } else {
      throw new IllegalArgumentException(
          "castToF64: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void castToI32(Object x, int xo, int xs, int[] y, int yo, int ys, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (int) s[xo + i * xs];
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (int) s[xo + i * xs];
    } else if (x instanceof int[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof long[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (int) s[xo + i * xs];
    } else if (x instanceof boolean[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] ? 1 : 0;
    } else {
      throw new IllegalArgumentException(
          "castToI32: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void castToI64(Object x, int xo, int xs, long[] y, int yo, int ys, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (long) s[xo + i * xs];
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = (long) s[xo + i * xs];
    } else if (x instanceof int[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof long[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else if (x instanceof boolean[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] ? 1L : 0L;
    } else {
      throw new IllegalArgumentException(
          "castToI64: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void castToBool(Object x, int xo, int xs, boolean[] y, int yo, int ys, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] != 0f;
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] != 0.0;
    } else if (x instanceof int[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] != 0;
    } else if (x instanceof long[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs] != 0L;
    } else if (x instanceof boolean[] s) {
      for (int i = 0; i < n; i++) y[yo + i * ys] = s[xo + i * xs];
    } else {
      throw new IllegalArgumentException(
          "castToBool: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void keepScaledF32(float[] x, boolean[] keep, float s, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] = keep[i] ? x[i] * s : 0f;
    }
  }

  @Override
  public void keepScaledF64(double[] x, boolean[] keep, double s, double[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] = keep[i] ? x[i] * s : 0.0;
    }
  }

  @Override
  public void complexToBool(Object x, int xo, boolean[] y, int yo, int n) {
    if (x instanceof float[] s) {
      for (int i = 0; i < n; i++) y[yo + i] = s[2 * (xo + i)] != 0f || s[2 * (xo + i) + 1] != 0f;
    } else if (x instanceof double[] s) {
      for (int i = 0; i < n; i++) y[yo + i] = s[2 * (xo + i)] != 0.0 || s[2 * (xo + i) + 1] != 0.0;
    } else {
      throw new IllegalArgumentException(
          "complexToBool: unsupported source "
              + x.getClass().getSimpleName()); // standards: allow error path
    }
  }

  @Override
  public void select(
      int w,
      boolean[] c,
      int co,
      int ci,
      Object a,
      int ao,
      int ai,
      Object b,
      int bo,
      int bi,
      Object y,
      int yo,
      int n) {
    if (w == 1) {
      if (y instanceof float[] t) {
        float[] p = (float[]) a, q = (float[]) b;
        for (int i = 0; i < n; i++) t[yo + i] = c[co + i * ci] ? p[ao + i * ai] : q[bo + i * bi];
      } else if (y instanceof double[] t) {
        double[] p = (double[]) a, q = (double[]) b;
        for (int i = 0; i < n; i++) t[yo + i] = c[co + i * ci] ? p[ao + i * ai] : q[bo + i * bi];
      } else if (y instanceof int[] t) {
        int[] p = (int[]) a, q = (int[]) b;
        for (int i = 0; i < n; i++) t[yo + i] = c[co + i * ci] ? p[ao + i * ai] : q[bo + i * bi];
      } else if (y instanceof long[] t) {
        long[] p = (long[]) a, q = (long[]) b;
        for (int i = 0; i < n; i++) t[yo + i] = c[co + i * ci] ? p[ao + i * ai] : q[bo + i * bi];
      } else if (y instanceof boolean[] t) {
        boolean[] p = (boolean[]) a, q = (boolean[]) b;
        for (int i = 0; i < n; i++) t[yo + i] = c[co + i * ci] ? p[ao + i * ai] : q[bo + i * bi];
      } else {
        throw new IllegalArgumentException(
            "select: unsupported array "
                + y.getClass().getSimpleName()); // standards: allow error path
      }
      return;
    }
    // w values per element (complex): copy whole values; System.arraycopy handles any primitive
    // array
    for (int i = 0; i < n; i++) {
      if (c[co + i * ci]) {
        System.arraycopy(a, w * (ao + i * ai), y, w * (yo + i), w);
      } else {
        System.arraycopy(b, w * (bo + i * bi), y, w * (yo + i), w);
      }
    }
  }

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  @Override
  public void reduceF32(
      ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] y, int yo) {
    float init =
        op == ReduceOp.SUM
            ? 0
            : op == ReduceOp.MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    if (inner == 1) {
      // contiguous runs: one accumulator per run, j = 0, 1, 2... in order
      for (int o = 0; o < outer; o++) {
        int xb = xo + o * r;
        float acc = init;
        switch (op) {
          case SUM -> {
            // in double: one float chain over 10^6 values drifts by 2e-4 relative
            double s = 0;
            for (int j = 0; j < r; j++) {
              s += x[xb + j];
            }
            acc = (float) s;
          }
          case MAX -> {
            for (int j = 0; j < r; j++) {
              acc = Math.max(acc, x[xb + j]);
            }
          }
          case MIN -> {
            for (int j = 0; j < r; j++) {
              acc = Math.min(acc, x[xb + j]);
            }
          }
        }
        y[yo + o] = acc;
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int yb = yo + o * inner;
      int xb = xo + o * r * inner;
      for (int i = 0; i < inner; i++) {
        y[yb + i] = init;
      }
      // j outer, i inner: rows stream through memory; each y[i] still combines j = 0, 1, 2... in
      // order
      for (int j = 0; j < r; j++) {
        int xr = xb + j * inner;
        switch (op) {
          case SUM -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] += x[xr + i];
            }
          }
          case MAX -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.max(y[yb + i], x[xr + i]);
            }
          }
          case MIN -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.min(y[yb + i], x[xr + i]);
            }
          }
        }
      }
    }
  }

  @Override
  public void reduceF64(
      ReduceOp op, double[] x, int xo, int outer, int r, int inner, double[] y, int yo) {
    double init =
        op == ReduceOp.SUM
            ? 0
            : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (inner == 1) {
      // contiguous runs: one accumulator per run, j = 0, 1, 2... in order
      for (int o = 0; o < outer; o++) {
        int xb = xo + o * r;
        double acc = init;
        switch (op) {
          case SUM -> {
            for (int j = 0; j < r; j++) {
              acc += x[xb + j];
            }
          }
          case MAX -> {
            for (int j = 0; j < r; j++) {
              acc = Math.max(acc, x[xb + j]);
            }
          }
          case MIN -> {
            for (int j = 0; j < r; j++) {
              acc = Math.min(acc, x[xb + j]);
            }
          }
        }
        y[yo + o] = acc;
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int yb = yo + o * inner;
      int xb = xo + o * r * inner;
      for (int i = 0; i < inner; i++) {
        y[yb + i] = init;
      }
      // j outer, i inner: rows stream through memory; each y[i] still combines j = 0, 1, 2... in
      // order
      for (int j = 0; j < r; j++) {
        int xr = xb + j * inner;
        switch (op) {
          case SUM -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] += x[xr + i];
            }
          }
          case MAX -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.max(y[yb + i], x[xr + i]);
            }
          }
          case MIN -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.min(y[yb + i], x[xr + i]);
            }
          }
        }
      }
    }
  }

  @Override
  public void reduceI32(
      ReduceOp op, int[] x, int xo, int outer, int r, int inner, int[] y, int yo) {
    int init = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    if (inner == 1) {
      // contiguous runs: one accumulator per run, j = 0, 1, 2... in order
      for (int o = 0; o < outer; o++) {
        int xb = xo + o * r;
        int acc = init;
        switch (op) {
          case SUM -> {
            for (int j = 0; j < r; j++) {
              acc += x[xb + j];
            }
          }
          case MAX -> {
            for (int j = 0; j < r; j++) {
              acc = Math.max(acc, x[xb + j]);
            }
          }
          case MIN -> {
            for (int j = 0; j < r; j++) {
              acc = Math.min(acc, x[xb + j]);
            }
          }
        }
        y[yo + o] = acc;
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int yb = yo + o * inner;
      int xb = xo + o * r * inner;
      for (int i = 0; i < inner; i++) {
        y[yb + i] = init;
      }
      // j outer, i inner: rows stream through memory; each y[i] still combines j = 0, 1, 2... in
      // order
      for (int j = 0; j < r; j++) {
        int xr = xb + j * inner;
        switch (op) {
          case SUM -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] += x[xr + i];
            }
          }
          case MAX -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.max(y[yb + i], x[xr + i]);
            }
          }
          case MIN -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.min(y[yb + i], x[xr + i]);
            }
          }
        }
      }
    }
  }

  @Override
  public void reduceI64(
      ReduceOp op, long[] x, int xo, int outer, int r, int inner, long[] y, int yo) {
    long init = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Long.MIN_VALUE : Long.MAX_VALUE;
    if (inner == 1) {
      // contiguous runs: one accumulator per run, j = 0, 1, 2... in order
      for (int o = 0; o < outer; o++) {
        int xb = xo + o * r;
        long acc = init;
        switch (op) {
          case SUM -> {
            for (int j = 0; j < r; j++) {
              acc += x[xb + j];
            }
          }
          case MAX -> {
            for (int j = 0; j < r; j++) {
              acc = Math.max(acc, x[xb + j]);
            }
          }
          case MIN -> {
            for (int j = 0; j < r; j++) {
              acc = Math.min(acc, x[xb + j]);
            }
          }
        }
        y[yo + o] = acc;
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int yb = yo + o * inner;
      int xb = xo + o * r * inner;
      for (int i = 0; i < inner; i++) {
        y[yb + i] = init;
      }
      // j outer, i inner: rows stream through memory; each y[i] still combines j = 0, 1, 2... in
      // order
      for (int j = 0; j < r; j++) {
        int xr = xb + j * inner;
        switch (op) {
          case SUM -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] += x[xr + i];
            }
          }
          case MAX -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.max(y[yb + i], x[xr + i]);
            }
          }
          case MIN -> {
            for (int i = 0; i < inner; i++) {
              y[yb + i] = Math.min(y[yb + i], x[xr + i]);
            }
          }
        }
      }
    }
  }

  @Override
  public void divideF32(float[] y, int yo, int n, float d) {
    for (int i = 0; i < n; i++) {
      y[yo + i] /= d;
    }
  }

  @Override
  public void divideF64(double[] y, int yo, int n, double d) {
    for (int i = 0; i < n; i++) {
      y[yo + i] /= d;
    }
  }

  @Override
  public void divideI32(int[] y, int yo, int n, int d) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = d == 0 ? 0 : y[yo + i] / d;
    }
  }

  @Override
  public void divideI64(long[] y, int yo, int n, long d) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = d == 0 ? 0 : y[yo + i] / d;
    }
  }

  @Override
  public void copyStrided(Object x, int xo, int[] xs, Object y, int yo, int[] ys, int[] dims) {
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] == 0) {
        return;
      }
    }
    copyAxis(x, xo, xs, y, yo, ys, dims, 0);
  }

  // recursion over the axes instead of an index array: no allocation, depth = rank
  private static void copyAxis(
      Object x, int xo, int[] xs, Object y, int yo, int[] ys, int[] dims, int axis) {
    int rank = dims.length;
    if (rank == 0) {
      System.arraycopy(x, xo, y, yo, 1);
      return;
    }
    if (axis == rank - 2
        && xs[rank - 1] != 1
        && ys[rank - 1] == 1
        && dims[axis] >= 32
        && dims[rank - 1] >= 32) {
      copyTiled(x, xo, xs[axis], xs[rank - 1], y, yo, ys[axis], 1, dims[axis], dims[rank - 1]);
      return;
    }
    if (axis < rank - 1) {
      int d = dims[axis];
      int sx = xs[axis];
      int sy = ys[axis];
      for (int i = 0; i < d; i++) {
        copyAxis(x, xo + i * sx, xs, y, yo + i * sy, ys, dims, axis + 1);
      }
      return;
    }
    copyRun(x, xo, xs[axis], y, yo, ys[axis], dims[axis]);
  }

  // a transpose reads one array across its rows: in 32 x 32 tiles the lines a tile touches stay
  // in L1 while it is copied, instead of one cache miss per element
  private static void copyTiled(
      Object x, int xo, int sx0, int sx1, Object y, int yo, int sy0, int sy1, int d0, int d1) {
    for (int i0 = 0; i0 < d0; i0 += 32) {
      int i1 = Math.min(d0, i0 + 32);
      for (int j0 = 0; j0 < d1; j0 += 32) {
        int n = Math.min(d1, j0 + 32) - j0;
        for (int i = i0; i < i1; i++) {
          copyRun(x, xo + i * sx0 + j0 * sx1, sx1, y, yo + i * sy0 + j0 * sy1, sy1, n);
        }
      }
    }
  }

  private static void copyRun(Object x, int xo, int sx, Object y, int yo, int sy, int n) {
    if (sx == 1 && sy == 1) {
      System.arraycopy(x, xo, y, yo, n);
    } else if (x instanceof float[] a) {
      float[] b = (float[]) y;
      for (int i = 0; i < n; i++) {
        b[yo + i * sy] = a[xo + i * sx];
      }
    } else if (x instanceof double[] a) {
      double[] b = (double[]) y;
      for (int i = 0; i < n; i++) {
        b[yo + i * sy] = a[xo + i * sx];
      }
    } else if (x instanceof int[] a) {
      int[] b = (int[]) y;
      for (int i = 0; i < n; i++) {
        b[yo + i * sy] = a[xo + i * sx];
      }
    } else if (x instanceof long[] a) {
      long[] b = (long[]) y;
      for (int i = 0; i < n; i++) {
        b[yo + i * sy] = a[xo + i * sx];
      }
    } else {
      boolean[] a = (boolean[]) x;
      boolean[] b = (boolean[]) y;
      for (int i = 0; i < n; i++) {
        b[yo + i * sy] = a[xo + i * sx];
      }
    }
  }

  // TF's SoftmaxEigenImpl, row by row along the axis: softmax = e * (1 / sum e) with
  // e = exp(x - max), a multiplication by the reciprocal that differs from a division in the last
  // bit ([2, 1, 0.1] gives 0.24243298, not 0.242433); logSoftmax = (x - max) - log(sum e); the
  // sums round as Eigen's (eigenSumF32)
  @Override
  public void softmaxF32(
      float[] x, int xo, int outer, int r, int inner, float[] y, int yo, boolean log) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int b = o * r * inner + i;
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < r; j++) {
          m = Math.max(m, x[xo + b + j * inner]);
        }
        for (int j = 0; j < r; j++) {
          y[yo + b + j * inner] = (float) Math.exp(x[xo + b + j * inner] - m);
        }
        float s = eigenSumF32(y, yo + b, r, inner);
        if (log) {
          float ls = (float) Math.log(s);
          for (int j = 0; j < r; j++) {
            y[yo + b + j * inner] = (x[xo + b + j * inner] - m) - ls;
          }
        } else {
          float inv = 1f / s;
          for (int j = 0; j < r; j++) {
            y[yo + b + j * inner] *= inv;
          }
        }
      }
    }
  }

  @Override
  public void softmaxF64(
      double[] x, int xo, int outer, int r, int inner, double[] y, int yo, boolean log) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int b = o * r * inner + i;
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < r; j++) {
          m = Math.max(m, x[xo + b + j * inner]);
        }
        for (int j = 0; j < r; j++) {
          y[yo + b + j * inner] = Math.exp(x[xo + b + j * inner] - m);
        }
        double s = eigenSumF64(y, yo + b, r, inner);
        if (log) {
          double ls = Math.log(s);
          for (int j = 0; j < r; j++) {
            y[yo + b + j * inner] = (x[xo + b + j * inner] - m) - ls;
          }
        } else {
          double inv = 1d / s;
          for (int j = 0; j < r; j++) {
            y[yo + b + j * inner] *= inv;
          }
        }
      }
    }
  }

  // TF's CPU kernels are Eigen built for AVX: 8 float or 4 double lanes
  private static final int F32_LANES = 8;
  private static final int F64_LANES = 4;

  /**
   * The sum of {@code v[b + j * stride]}, {@code j < r}, rounded as TF's Eigen InnerMostDimReducer
   * (built for AVX) rounds it: whole packets of 8 accumulate lane by lane, the tail after them in
   * order from 0, and the result is tail + predux(lanes), predux adding the lanes pairwise as AVX
   * does: ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)). Below 8 values that is the plain float
   * sum in order: TF's reduce_sum([3.8, 2.8, 5.6, 6.1, 0.8]) is 19.099998, not 19.1. TF's mean is
   * this sum divided by the count (functor::MeanReducer). Eigen keeps one accumulator up to 1024
   * packets; callers use it on shorter rows.
   */
  public static float eigenSumF32(float[] v, int b, int r, int stride) {
    int p = r / F32_LANES * F32_LANES;
    float acc = 0f;
    for (int j = p; j < r; j++) {
      acc += v[b + j * stride];
    }
    if (p == 0) {
      return acc;
    }
    float l0 = 0f;
    float l1 = 0f;
    float l2 = 0f;
    float l3 = 0f;
    float l4 = 0f;
    float l5 = 0f;
    float l6 = 0f;
    float l7 = 0f;
    for (int k = 0; k < p; k += F32_LANES) {
      int i = b + k * stride;
      l0 += v[i];
      l1 += v[i + stride];
      l2 += v[i + 2 * stride];
      l3 += v[i + 3 * stride];
      l4 += v[i + 4 * stride];
      l5 += v[i + 5 * stride];
      l6 += v[i + 6 * stride];
      l7 += v[i + 7 * stride];
    }
    return acc + (((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)));
  }

  /** {@link #eigenSumF32} for doubles: packets of 4, predux (l0 + l2) + (l1 + l3). */
  public static double eigenSumF64(double[] v, int b, int r, int stride) {
    int p = r / F64_LANES * F64_LANES;
    double acc = 0d;
    for (int j = p; j < r; j++) {
      acc += v[b + j * stride];
    }
    if (p == 0) {
      return acc;
    }
    double l0 = 0d;
    double l1 = 0d;
    double l2 = 0d;
    double l3 = 0d;
    for (int k = 0; k < p; k += F64_LANES) {
      int i = b + k * stride;
      l0 += v[i];
      l1 += v[i + stride];
      l2 += v[i + 2 * stride];
      l3 += v[i + 3 * stride];
    }
    return acc + ((l0 + l2) + (l1 + l3));
  }

  // ---- matrix products (LinalgOps' kernels) ----

  @Override
  public void matmulI32(
      int[] a,
      int ao,
      int[] b,
      int bo,
      int[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int s = 0;
        for (int p = 0; p < k; p++) {
          int av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          int bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += av * bv;
        }
        c[co + i * n + j] = s;
      }
    }
  }

  @Override
  public void matmulI64(
      long[] a,
      int ao,
      long[] b,
      int bo,
      long[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        long s = 0;
        for (int p = 0; p < k; p++) {
          long av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          long bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += av * bv;
        }
        c[co + i * n + j] = s;
      }
    }
  }

  // Every element of C is one FMA chain over p = 0..k-1, in order: the SIMD GEMM computes the very
  // same chains, so the twins agree to the bit whatever the blocking or the thread count.

  @Override
  public void matmulF32(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    fmaMatmulF32(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }

  @Override
  public void matmulF64(
      double[] a,
      int ao,
      double[] b,
      int bo,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    fmaMatmulF64(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }

  /**
   * Depth of a float32 FMA chain in a matmul: each block of this many products starts from zero and
   * is then added to C. One chain over the whole depth drifts (k = 4096: 2e-5 relative); blocks
   * keep it near OpenBLAS's 1e-6. The SIMD GEMM blocks the same way, so both agree to the bit.
   */
  static final int MATMUL_DEPTH_BLOCK = 256;

  /** {@link #matmulF32} as i-p-j loops: C2 vectorises the inner j loop when B is not transposed. */
  static void fmaMatmulF32(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    int brs = transB ? 1 : n;
    int bcs = transB ? k : 1;
    float[] t = k > MATMUL_DEPTH_BLOCK ? new float[n] : null; // standards: allow one row per call
    for (int i = 0; i < m; i++) {
      int ci = co + i * n;
      for (int pc = 0; pc < k; pc += MATMUL_DEPTH_BLOCK) {
        // the first block accumulates in C itself, later ones in t, then add to C
        float[] acc = pc == 0 ? c : t;
        int ao0 = pc == 0 ? ci : 0;
        for (int j = 0; j < n; j++) {
          acc[ao0 + j] = 0f;
        }
        int pEnd = Math.min(k, pc + MATMUL_DEPTH_BLOCK);
        for (int p = pc; p < pEnd; p++) {
          float av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          int bp = bo + p * brs;
          for (int j = 0; j < n; j++) {
            acc[ao0 + j] = Math.fma(av, b[bp + j * bcs], acc[ao0 + j]);
          }
        }
        if (pc > 0) {
          for (int j = 0; j < n; j++) {
            c[ci + j] = t[j] + c[ci + j];
          }
        }
      }
    }
  }

  /** {@link #matmulF64} as i-p-j loops. */
  static void fmaMatmulF64(
      double[] a,
      int ao,
      double[] b,
      int bo,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    int brs = transB ? 1 : n;
    int bcs = transB ? k : 1;
    for (int i = 0; i < m; i++) {
      int ci = co + i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = 0;
      }
      for (int p = 0; p < k; p++) {
        double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
        int bp = bo + p * brs;
        for (int j = 0; j < n; j++) {
          c[ci + j] = Math.fma(av, b[bp + j * bcs], c[ci + j]);
        }
      }
    }
  }
}
