package dev.lanegrad.internal.kernels;

/**
 * The reference loops of the math ops added after the first kernel set (see {@link MathOp}), plain
 * Java: the fallback without the Vector API and the twin that {@code SimdMathKernels} is tested
 * against. Arguments as in {@link Kernels}: {@code (array, offset)} pairs and a count; binary
 * kernels take increments {@code ai, bi} of 1 (a run) or 0 (one value repeated).
 */
public class ScalarMathKernels {
  /** The kernels of this JVM: SIMD exactly when {@link KernelProvider} chose SIMD. */
  public static ScalarMathKernels get() {
    return Holder.K;
  }

  // a holder: chosen lazily on first use, with no class-initialisation cycles
  private static final class Holder {
    static final ScalarMathKernels K = choose();

    static ScalarMathKernels choose() {
      return KernelProvider.family(
          ScalarMathKernels.class,
          "SimdMathKernels",
          new ScalarMathKernels()); // standards: allow once per JVM
    }
  }

  /** "scalar" or "simd". */
  public String name() {
    return "scalar";
  }

  // ---------------------------------------------------------------- unary float functions

  /** {@code y = op(x)} on floats, as TF's float32 kernels compute it. */
  public void unaryF32(MathOp op, float[] x, int xo, float[] y, int yo, int n) {
    switch (op) {
      case EXPM1 -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.expm1(x[xo + i]);
      }
      case RECIPROCAL -> {
        for (int i = 0; i < n; i++) y[yo + i] = 1f / x[xo + i];
      }
      case RSQRT -> {
        for (int i = 0; i < n; i++) y[yo + i] = 1f / (float) Math.sqrt(x[xo + i]);
      }
      case FLOOR -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.floor(x[xo + i]);
      }
      case CEIL -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.ceil(x[xo + i]);
      }
      case ROUND -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.rint(x[xo + i]);
      }
      case SIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sin(x[xo + i]);
      }
      case COS -> {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.cos(x[xo + i]);
      }
      case ERF -> {
        for (int i = 0; i < n; i++) y[yo + i] = erfF32(x[xo + i]);
      }
      case SOFTPLUS -> {
        for (int i = 0; i < n; i++) y[yo + i] = softplusF32(x[xo + i]);
      }
      case SOFTSIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] / (Math.abs(x[xo + i]) + 1f);
      }
      case ELU -> {
        for (int i = 0; i < n; i++) {
          float v = x[xo + i];
          y[yo + i] = v < 0 ? (float) Math.exp(v) - 1f : v;
        }
      }
      case SELU -> {
        for (int i = 0; i < n; i++) {
          float v = x[xo + i];
          y[yo + i] = v < 0 ? SELU_SCALE_ALPHA_F * ((float) Math.exp(v) - 1f) : SELU_SCALE_F * v;
        }
      }
      case RELU6 -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(Math.max(x[xo + i], 0f), 6f);
      }
    }
  }

  /** {@link #unaryF32} on doubles. */
  public void unaryF64(MathOp op, double[] x, int xo, double[] y, int yo, int n) {
    switch (op) {
      case EXPM1 -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.expm1(x[xo + i]);
      }
      case RECIPROCAL -> {
        for (int i = 0; i < n; i++) y[yo + i] = 1.0 / x[xo + i];
      }
      case RSQRT -> {
        for (int i = 0; i < n; i++) y[yo + i] = 1.0 / Math.sqrt(x[xo + i]);
      }
      case FLOOR -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.floor(x[xo + i]);
      }
      case CEIL -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.ceil(x[xo + i]);
      }
      case ROUND -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.rint(x[xo + i]);
      }
      case SIN -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.sin(x[xo + i]);
      }
      case COS -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.cos(x[xo + i]);
      }
      case ERF -> {
        for (int i = 0; i < n; i++) y[yo + i] = erfF64(x[xo + i]);
      }
      case SOFTPLUS -> {
        for (int i = 0; i < n; i++) y[yo + i] = softplusF64(x[xo + i]);
      }
      case SOFTSIGN -> {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] / (Math.abs(x[xo + i]) + 1.0);
      }
      case ELU -> {
        for (int i = 0; i < n; i++) {
          double v = x[xo + i];
          y[yo + i] = v < 0 ? Math.exp(v) - 1.0 : v;
        }
      }
      case SELU -> {
        for (int i = 0; i < n; i++) {
          double v = x[xo + i];
          y[yo + i] = v < 0 ? SELU_SCALE_ALPHA * (Math.exp(v) - 1.0) : SELU_SCALE * v;
        }
      }
      case RELU6 -> {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(Math.max(x[xo + i], 0.0), 6.0);
      }
    }
  }

  // TF's selu_op functor constants (scale, and scale * alpha)
  public static final double SELU_SCALE = 1.0507009873554804934193349852946;
  public static final double SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;
  static final float SELU_SCALE_F = (float) SELU_SCALE;
  static final float SELU_SCALE_ALPHA_F = (float) SELU_SCALE_ALPHA;

  // TF's softplus_op.h: threshold = log(epsilon) + 2; above -threshold softplus(x) is x and below
  // threshold it is e^x, both to within epsilon, and neither exp overflows nor log1p loses bits
  static final float SOFTPLUS_T_F = (float) Math.log(Math.ulp(1f)) + 2f;
  static final double SOFTPLUS_T = Math.log(Math.ulp(1.0)) + 2.0;

  static float softplusF32(float x) {
    float e = (float) Math.exp(x);
    return x > -SOFTPLUS_T_F ? x : x < SOFTPLUS_T_F ? e : (float) Math.log1p(e);
  }

  static double softplusF64(double x) {
    double e = Math.exp(x);
    return x > -SOFTPLUS_T ? x : x < SOFTPLUS_T ? e : Math.log1p(e);
  }

  /**
   * TF's float32 erf: Eigen's generic_fast_erf_float, {@code x p(x^2) / q(x^2)} with x clamped to
   * [-4, 4] (beyond which erf is 1 in float), evaluated with separate multiplies and adds as the
   * float tanh of {@link ScalarKernels#tanhF32}.
   */
  public static float erfF32(float ax) {
    float x = Math.max(Math.min(ax, 4f), -4f);
    float x2 = x * x;
    float p = x2 * ERF_A13 + ERF_A11;
    p = x2 * p + ERF_A9;
    p = x2 * p + ERF_A7;
    p = x2 * p + ERF_A5;
    p = x2 * p + ERF_A3;
    p = x2 * p + ERF_A1;
    p = x * p;
    float q = x2 * ERF_B8 + ERF_B6;
    q = x2 * q + ERF_B4;
    q = x2 * q + ERF_B2;
    q = x2 * q + ERF_B0;
    return p / q;
  }

  // Eigen's coefficients, shared with the Vector API lanes so both round alike
  static final float ERF_A1 = -1.60960333262415e-02f;
  static final float ERF_A3 = -2.95459980854025e-03f;
  static final float ERF_A5 = -7.34990630326855e-04f;
  static final float ERF_A7 = -5.69250639462346e-05f;
  static final float ERF_A9 = -2.10102402082508e-06f;
  static final float ERF_A11 = 2.77068142495902e-08f;
  static final float ERF_A13 = -2.72614225801306e-10f;
  static final float ERF_B0 = -1.42647390514189e-02f;
  static final float ERF_B2 = -7.37332916720468e-03f;
  static final float ERF_B4 = -1.68282697438203e-03f;
  static final float ERF_B6 = -2.13374055278905e-04f;
  static final float ERF_B8 = -1.45660718464996e-05f;

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

  /**
   * erf in double, to a few ulps: below 2.5 in magnitude the series {@code erf x = 2/sqrt(pi)
   * e^(-x^2) sum_n (2x^2)^n x / (1 3 5 ... (2n+1))}, whose terms are all positive (no
   * cancellation); from 2.5 to 6, {@code 1 - erfc x} with erfc's continued fraction {@code
   * e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}; beyond 6 it is 1 in double.
   * {@code e^(-x^2)} takes x^2 split in two (Dekker), so its rounding costs no extra ulps.
   */
  public static double erfF64(double x) {
    double a = Math.abs(x);
    if (!(a < 6)) {
      return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    }
    double hi = a * a;
    double lo = Math.fma(a, a, -hi);
    double g = Math.exp(-hi) * (1 - lo); // e^(-x^2), lo < ulp(hi)
    double r;
    if (a < 2.5) {
      double t = a;
      double s = a;
      double two = 2 * hi;
      for (int k = 1; k < 200; k++) {
        t *= two / (2 * k + 1);
        s += t;
        if (t <= s * 1e-17) {
          break;
        }
      }
      r = TWO_OVER_SQRT_PI * g * s;
    } else {
      // modified Lentz on b0 = a, a_k = k/2, b_k = a
      double f = a;
      double c = a;
      double d = 0;
      for (int k = 1; k < 300; k++) {
        double ak = 0.5 * k;
        d = 1 / (a + ak * d);
        c = a + ak / c;
        double delta = c * d;
        f *= delta;
        if (Math.abs(delta - 1) < 1e-16) {
          break;
        }
      }
      r = 1 - ONE_OVER_SQRT_PI * g / f;
    }
    return Math.copySign(Math.min(r, 1.0), x);
  }

  // ---------------------------------------------------------------- floorDiv, floorMod

  /** {@code y = floor(a / b)} (FLOOR_DIV) or {@code a - floor(a / b) b} with b's sign (MOD). */
  public void floorF32(
      boolean mod, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      float p = a[ao + i * ai];
      float q = b[bo + i * bi];
      if (mod) {
        float r = p % q; // C's fmod
        y[yo + i] = r != 0 && (q < 0) != (r < 0) ? r + q : r;
      } else {
        y[yo + i] = (float) Math.floor(p / q);
      }
    }
  }

  /** {@link #floorF32} on doubles. */
  public void floorF64(
      boolean mod,
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
      double p = a[ao + i * ai];
      double q = b[bo + i * bi];
      if (mod) {
        double r = p % q;
        y[yo + i] = r != 0 && (q < 0) != (r < 0) ? r + q : r;
      } else {
        y[yo + i] = Math.floor(p / q);
      }
    }
  }

  /** {@link #floorF32} on ints; a zero divisor throws {@link ArithmeticException}. */
  public void floorI32(
      boolean mod, int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      int p = a[ao + i * ai];
      int q = b[bo + i * bi];
      y[yo + i] = mod ? Math.floorMod(p, q) : Math.floorDiv(p, q);
    }
  }

  /** {@link #floorI32} on longs. */
  public void floorI64(
      boolean mod, long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      long p = a[ao + i * ai];
      long q = b[bo + i * bi];
      y[yo + i] = mod ? Math.floorMod(p, q) : Math.floorDiv(p, q);
    }
  }

  // ---------------------------------------------------------------- booleans

  /** {@code y = a && b} (or {@code a || b}). */
  public void logical(
      boolean or,
      boolean[] a,
      int ao,
      int ai,
      boolean[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    for (int i = 0; i < n; i++) {
      boolean p = a[ao + i * ai];
      boolean q = b[bo + i * bi];
      y[yo + i] = or ? p || q : p && q;
    }
  }

  /** {@code y = !x}. */
  public void not(boolean[] x, int xo, boolean[] y, int yo, int n) {
    for (int i = 0; i < n; i++) y[yo + i] = !x[xo + i];
  }

  /** {@code y = isNaN(x)}, or {@code isFinite(x)} when {@code finite}. */
  public void classifyF32(boolean finite, float[] x, int xo, boolean[] y, int yo, int n) {
    for (int i = 0; i < n; i++)
      y[yo + i] = finite ? Float.isFinite(x[xo + i]) : x[xo + i] != x[xo + i];
  }

  /** {@link #classifyF32} on doubles. */
  public void classifyF64(boolean finite, double[] x, int xo, boolean[] y, int yo, int n) {
    for (int i = 0; i < n; i++)
      y[yo + i] = finite ? Double.isFinite(x[xo + i]) : x[xo + i] != x[xo + i];
  }

  // ---------------------------------------------------------------- scans (cumsum, cumprod)

  /**
   * Running sums (products with {@code prod}) along k of x viewed as {@code [outer, n, inner]}:
   * {@code y[o, k, i] = x[o, 0, i] + ... + x[o, k, i]}; {@code exclusive} leaves {@code x[o, k, i]}
   * out (the first is 0, or 1), {@code reverse} runs from {@code k = n - 1} down. Accumulated in
   * order, as TF's scan: each row is the previous output row plus one input row.
   */
  public void scanF32(
      boolean prod,
      boolean exclusive,
      boolean reverse,
      float[] x,
      int outer,
      int n,
      int inner,
      float[] y) {
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      for (int j = 0; j < n; j++) {
        int row = base + (reverse ? n - 1 - j : j) * inner;
        int prev = row + (reverse ? inner : -inner);
        if (j > 0) {
          scanRowF32(prod, y, prev, x, exclusive ? prev : row, y, row, inner);
        } else if (exclusive) {
          java.util.Arrays.fill(y, row, row + inner, prod ? 1f : 0f);
        } else {
          System.arraycopy(x, row, y, row, inner);
        }
      }
    }
  }

  /** {@code y = a + b} (or {@code a * b}) on one row of a scan. */
  protected void scanRowF32(
      boolean prod, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) y[yo + i] = prod ? a[ao + i] * b[bo + i] : a[ao + i] + b[bo + i];
  }

  /** {@link #scanF32} on doubles. */
  public void scanF64(
      boolean prod,
      boolean exclusive,
      boolean reverse,
      double[] x,
      int outer,
      int n,
      int inner,
      double[] y) {
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      for (int j = 0; j < n; j++) {
        int row = base + (reverse ? n - 1 - j : j) * inner;
        int prev = row + (reverse ? inner : -inner);
        if (j > 0) {
          scanRowF64(prod, y, prev, x, exclusive ? prev : row, y, row, inner);
        } else if (exclusive) {
          java.util.Arrays.fill(y, row, row + inner, prod ? 1.0 : 0.0);
        } else {
          System.arraycopy(x, row, y, row, inner);
        }
      }
    }
  }

  /** {@link #scanRowF32} on doubles. */
  protected void scanRowF64(
      boolean prod, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) y[yo + i] = prod ? a[ao + i] * b[bo + i] : a[ao + i] + b[bo + i];
  }

  /** {@link #scanF32} on longs, wrapping (ints scan here and narrow: the same bits mod 2^32). */
  public void scanI64(
      boolean prod,
      boolean exclusive,
      boolean reverse,
      long[] x,
      int outer,
      int n,
      int inner,
      long[] y) {
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      for (int j = 0; j < n; j++) {
        int row = base + (reverse ? n - 1 - j : j) * inner;
        int prev = row + (reverse ? inner : -inner);
        for (int i = 0; i < inner; i++) {
          long v = j == 0 ? (prod ? 1L : 0L) : y[prev + i];
          long w = exclusive ? (j == 0 ? (prod ? 1L : 0L) : x[prev + i]) : x[row + i];
          y[row + i] = prod ? v * w : v + w;
        }
      }
    }
  }
}
