package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.ScalarMathKernels;

/**
 * Scans along one axis: {@code cumsum} (public) and {@code cumprod} (the gradient of reduceProd),
 * with TF's {@code exclusive} and {@code reverse}; forwards and gradient rules side by side.
 */
public final class ScanOps {
  private ScanOps() {}

  /**
   * Running sums along {@code axis} (negative from the end), as {@code tf.math.cumsum}: {@code
   * cumsum([a, b, c]) = [a, a + b, a + b + c]}; {@code exclusive} gives {@code [0, a, a + b]},
   * {@code reverse} {@code [a + b + c, b + c, c]}; real dtypes (integers wrap). Gradient (TF's
   * _CumsumGrad): {@code cumsum(g, axis, exclusive, !reverse)}.
   *
   * @throws IllegalArgumentException for a 0-d tensor, an axis out of range, or BOOL/complex
   */
  public static Tensor cumsum(Tensor x, int axis, boolean exclusive, boolean reverse) {
    int a = check("cumsum", x, axis);
    Tensor y = scan("cumsum", false, exclusive, reverse, x, a);
    int[] attrs = {a, exclusive ? 1 : 0, reverse ? 1 : 0};
    return Recorder.recordWith("cumsum", y, CUMSUM_GRAD, attrs, x);
  }

  static final GradRule CUMSUM_GRAD =
      (e, g) -> {
        int[] at = (int[]) e.attrs();
        boolean exclusive = at[1] != 0;
        boolean reverse = at[2] != 0;
        return new Tensor[] {cumsum(g, at[0], exclusive, !reverse)};
      };

  /**
   * Running products along {@code axis}, as {@code tf.math.cumprod}. Gradient (TF's _CumprodGrad):
   * {@code div_no_nan(cumsum(cumprod(x) g, exclusive, !reverse), x)}, exact where x has no zeros.
   */
  static Tensor cumprod(Tensor x, int axis, boolean exclusive, boolean reverse) {
    int a = check("cumprod", x, axis);
    Tensor y = scan("cumprod", true, exclusive, reverse, x, a);
    int[] attrs = {a, exclusive ? 1 : 0, reverse ? 1 : 0};
    return Recorder.recordWith("cumprod", y, CUMPROD_GRAD, attrs, x);
  }

  static final GradRule CUMPROD_GRAD =
      (e, g) -> {
        int[] at = (int[]) e.attrs();
        boolean exclusive = at[1] != 0;
        boolean reverse = at[2] != 0;
        Tensor x = e.in(0);
        Tensor prod = cumprod(x, at[0], exclusive, reverse);
        Tensor out = cumsum(ArithmeticOps.mul(prod, g), at[0], exclusive, !reverse);
        return new Tensor[] {divNoNan(out, x)};
      };

  /** {@code a / b}, 0 where {@code b == 0} (TF's div_no_nan), with no NaN in its gradient. */
  static Tensor divNoNan(Tensor a, Tensor b) {
    Tensor zero = Elementwise.scalar(b.dtype(), 0);
    Tensor isZero = CompareOps.equal(b, zero);
    Tensor safe = CompareOps.where(isZero, Elementwise.scalar(b.dtype(), 1), b);
    return CompareOps.where(isZero, zero, ArithmeticOps.div(a, safe));
  }

  private static int check(String name, Tensor x, int axis) {
    Check.notNull(name, "x", x);
    Check.dtypeIn(name, x, Elementwise.REAL);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(
          name + ": needs a tensor of rank >= 1 to scan along an axis, got shape ()");
    }
    return Check.axis(name, axis, x.rank());
  }

  /** {@code {outer, n, inner}}: x viewed around axis {@code a}. */
  static int[] around(Tensor x, int a) {
    return around(Internal.dims(x.shape()), a);
  }

  /** {@code {outer, n, inner}}: dims {@code d} viewed around axis {@code a}. */
  static int[] around(int[] d, int a) {
    int outer = 1;
    int inner = 1;
    for (int k = 0; k < a; k++) {
      outer *= d[k];
    }
    for (int k = a + 1; k < d.length; k++) {
      inner *= d[k];
    }
    return new int[] {outer, d[a], inner};
  }

  private static Tensor scan(
      String name, boolean prod, boolean exclusive, boolean reverse, Tensor x, int a) {
    int[] v = around(x, a);
    int size = (int) x.size();
    DType dt = x.dtype();
    ScalarMathKernels k = ScalarMathKernels.get();
    switch (dt) {
      case FLOAT32 -> {
        float[] y = new float[size];
        k.scanF32(prod, exclusive, reverse, Internal.f32(x), v[0], v[1], v[2], y);
        return Internal.make(dt, x.shape(), y);
      }
      case FLOAT64 -> {
        double[] y = new double[size];
        k.scanF64(prod, exclusive, reverse, Internal.f64(x), v[0], v[1], v[2], y);
        return Internal.make(dt, x.shape(), y);
      }
      default -> {
        // ints scan in longs: wrapping sums and products agree mod 2^32
        Tensor wide = CastOps.convert(x, DType.INT64);
        long[] y = new long[size];
        k.scanI64(prod, exclusive, reverse, Internal.i64(wide), v[0], v[1], v[2], y);
        return CastOps.convert(Internal.make(DType.INT64, x.shape(), y), dt);
      }
    }
  }
}
