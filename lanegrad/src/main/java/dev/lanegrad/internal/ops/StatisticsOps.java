package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.Elementwise.FLOATING;
import static dev.lanegrad.internal.ops.Elementwise.REAL;
import static dev.lanegrad.internal.ops.Elementwise.scalar;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.AxisKernels;
import java.util.Arrays;

/**
 * The reductions beyond sum, mean, max and min: reduceProd (a kernel, with TF's _ProdGrad of
 * exclusive cumprods beside it), reduceAny/reduceAll on BOOL, and reduceLogSumExp, reduceVariance,
 * reduceStd, norm, l2Normalize and moments composed of ops exactly as TF's Python composes them
 * (math_ops.py, linalg_ops.py, nn_impl.py), so their gradients, and TF's edge cases such as the NaN
 * gradient of reduceStd over one element, come from their parts.
 */
public final class StatisticsOps {
  private StatisticsOps() {}

  /**
   * The product over {@code axes} (null: all), 1 over nothing; real dtypes, integers wrap. Gradient
   * (TF's _ProdGrad): {@code g} times the product of the other elements, built from exclusive
   * cumprods from both ends, so that zeros in x give exact gradients.
   */
  public static Tensor reduceProd(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("reduceProd", "x", x);
    Check.dtypeIn("reduceProd", x, REAL);
    boolean[] red = mask("reduceProd", x, axes);
    Tensor y = reduceAlong("reduceProd", x, red, keepDims);
    return Recorder.recordWith("reduceProd", y, PROD_GRAD, bits(red), x);
  }

  static final GradRule PROD_GRAD =
      (e, g) -> {
        Tensor x = e.in(0);
        if (!x.dtype().isFloating()) {
          return new Tensor[1];
        }
        int[] bits = (int[]) e.attrs();
        int[] xd = Internal.dims(x.shape());
        int rank = xd.length;
        int[] perm = new int[rank];
        int[] inv = new int[rank];
        int[] kept = xd.clone();
        int c = 0;
        int reducedNum = 1;
        for (int k = 0; k < rank; k++) {
          if (bits[k] != 0) {
            perm[c++] = k;
            reducedNum *= xd[k];
            kept[k] = 1;
          }
        }
        for (int k = 0; k < rank; k++) {
          if (bits[k] == 0) {
            perm[c++] = k;
          }
        }
        int[] permuted = new int[rank];
        for (int k = 0; k < rank; k++) {
          inv[perm[k]] = k;
          permuted[k] = xd[perm[k]];
        }
        int otherNum = reducedNum == 0 ? 0 : (int) (x.size() / Math.max(1, reducedNum));
        Tensor gb = ShapeOps.broadcastTo(ShapeOps.reshape(g, kept), x.shape());
        Tensor r = ShapeOps.reshape(ShapeOps.transpose(x, perm), new int[] {reducedNum, otherNum});
        Tensor left = ScanOps.cumprod(r, 0, true, false);
        Tensor right = ScanOps.cumprod(r, 0, true, true);
        Tensor y = ShapeOps.reshape(mul(left, right), permuted);
        return new Tensor[] {mul(gb, ShapeOps.transpose(y, inv))};
      };

  /** True where any element over {@code axes} (null: all) is true (false over nothing); BOOL. */
  public static Tensor reduceAny(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("reduceAny", "x", x);
    Check.dtypeIn("reduceAny", x, DType.BOOL);
    return reduceAlong("reduceAny", x, mask("reduceAny", x, axes), keepDims);
  }

  /** True where every element over {@code axes} (null: all) is true (true over nothing); BOOL. */
  public static Tensor reduceAll(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("reduceAll", "x", x);
    Check.dtypeIn("reduceAll", x, DType.BOOL);
    return reduceAlong("reduceAll", x, mask("reduceAll", x, axes), keepDims);
  }

  /** The reduced-axis mask ({@code axes} null: all); TF's errors for a bad or repeated axis. */
  static boolean[] mask(String name, Tensor x, int[] axes) {
    return ReductionOps.reducedAxes(name, x, axes);
  }

  private static int[] bits(boolean[] red) {
    int[] b = new int[red.length];
    for (int k = 0; k < red.length; k++) {
      b[k] = red[k] ? 1 : 0;
    }
    return b;
  }

  /** The output dims of a reduction: reduced axes kept as 1 or dropped. */
  static int[] reducedDims(Tensor x, boolean[] red, boolean keepDims) {
    int[] xd = Internal.dims(x.shape());
    int[] out = new int[xd.length];
    int j = 0;
    for (int k = 0; k < xd.length; k++) {
      if (!red[k]) {
        out[j++] = xd[k];
      } else if (keepDims) {
        out[j++] = 1;
      }
    }
    return Arrays.copyOf(out, j);
  }

  // product or any/all, one reduced axis at a time from the last (each step shrinks the data)
  private static Tensor reduceAlong(String name, Tensor x, boolean[] red, boolean keepDims) {
    DType dt = x.dtype();
    int[] d = Internal.dims(x.shape()).clone(); // shrinks as axes are reduced
    Object cur =
        dt == DType.INT32 ? Internal.data(CastOps.convert(x, DType.INT64)) : Internal.data(x);
    for (int a = d.length - 1; a >= 0; a--) {
      if (!red[a]) {
        continue;
      }
      int[] v = ScanOps.around(d, a);
      int outer = v[0];
      int n = v[1];
      int inner = v[2];
      Object next;
      if (cur instanceof float[] f) {
        float[] y = new float[outer * inner];
        AxisKernels.prodF32(f, outer, n, inner, y);
        next = y;
      } else if (cur instanceof double[] f) {
        double[] y = new double[outer * inner];
        AxisKernels.prodF64(f, outer, n, inner, y);
        next = y;
      } else if (cur instanceof long[] f) {
        long[] y = new long[outer * inner];
        AxisKernels.prodI64(f, outer, n, inner, y);
        next = y;
      } else {
        boolean[] y = new boolean[outer * inner];
        AxisKernels.anyAll(name.equals("reduceAny"), (boolean[]) cur, outer, n, inner, y);
        next = y;
      }
      cur = next;
      d[a] = 1;
    }
    if (cur == Internal.data(x)) {
      cur = Layout.sharedData(x);
    }
    Shape s = Shape.of(reducedDims(x, red, keepDims));
    if (dt == DType.INT32) {
      return CastOps.convert(Internal.make(DType.INT64, s, cur), DType.INT32);
    }
    return Internal.make(dt, s, cur);
  }

  // ---------------------------------------------------------------- compositions (TF's Python)

  /**
   * {@code log(sum(exp(x)))} over {@code axes}, stably: TF's reduce_logsumexp subtracts the max (0
   * where it is not finite, so all -inf gives -inf), held constant, and adds it back; floats.
   */
  public static Tensor reduceLogSumExp(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("reduceLogSumExp", "x", x);
    Check.dtypeIn("reduceLogSumExp", x, FLOATING);
    boolean[] red = mask("reduceLogSumExp", x, axes);
    int[] all = axesOf(red);
    Tensor rawMax = ReductionOps.max(x, all, true);
    Tensor zero = scalar(x.dtype(), 0);
    Tensor myMax = constant(CompareOps.where(MathOps.isFinite(rawMax), rawMax, zero));
    Tensor sum = ReductionOps.sum(UnaryOps.exp(ArithmeticOps.sub(x, myMax)), all, keepDims);
    Tensor result = UnaryOps.log(sum);
    if (!keepDims) {
      myMax = ShapeOps.reshape(myMax, Internal.dims(result.shape()));
    }
    return ArithmeticOps.add(result, myMax);
  }

  /**
   * The population variance over {@code axes}: {@code mean(square(x - mean(x, keepDims)))}, as TF's
   * reduce_variance; floats (TF rejects integers).
   */
  public static Tensor reduceVariance(Tensor x, int[] axes, boolean keepDims) {
    return variance("reduceVariance", x, axes, keepDims);
  }

  private static Tensor variance(String name, Tensor x, int[] axes, boolean keepDims) {
    Check.notNull(name, "x", x);
    Check.dtypeIn(name, x, FLOATING);
    int[] all = axesOf(mask(name, x, axes));
    Tensor means = ReductionOps.mean(x, all, true);
    Tensor sq = UnaryOps.square(ArithmeticOps.sub(x, means));
    return ReductionOps.mean(sq, all, keepDims);
  }

  /**
   * {@code sqrt(reduceVariance(x, axes))}, as TF's reduce_std. Over one element it is 0 and its
   * gradient NaN (sqrt's infinite slope at 0 times the variance's zero), exactly as TF's.
   */
  public static Tensor reduceStd(Tensor x, int[] axes, boolean keepDims) {
    return UnaryOps.sqrt(variance("reduceStd", x, axes, keepDims));
  }

  /**
   * The Euclidean norm {@code sqrt(sum(x * x))} over {@code axes} (null: all; one axis, or two for
   * the Frobenius norm, as tf.norm allows); floats. Its gradient at the zero vector is NaN, as
   * TF's.
   */
  public static Tensor norm(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("norm", "x", x);
    Check.dtypeIn("norm", x, FLOATING);
    if (axes != null && (axes.length < 1 || axes.length > 2)) {
      throw new IllegalArgumentException(
          "norm: 'axes' must be null, one axis or two (a matrix norm), got "
              + Arrays.toString(axes)
              + " for shape "
              + x.shape());
    }
    boolean[] red = mask("norm", x, axes);
    Tensor r = UnaryOps.sqrt(ReductionOps.sum(mul(x, x), axesOf(red), true));
    return keepDims ? r : ShapeOps.reshape(r, reducedDims(x, red, false));
  }

  /**
   * {@code x / sqrt(max(sum(x^2, axis), 1e-12))}, as tf.math.l2_normalize (x times the rsqrt);
   * floats.
   */
  public static Tensor l2Normalize(Tensor x, int axis) {
    Check.notNull("l2Normalize", "x", x);
    Check.dtypeIn("l2Normalize", x, FLOATING);
    if (x.rank() == 0) {
      throw new IllegalArgumentException("l2Normalize: needs rank >= 1, got shape ()");
    }
    int a = Check.axis("l2Normalize", axis, x.rank());
    Tensor squareSum = ReductionOps.sum(UnaryOps.square(x), new int[] {a}, true);
    Tensor invNorm = MathOps.rsqrt(ArithmeticOps.maximum(squareSum, scalar(x.dtype(), 1e-12)));
    return mul(x, invNorm);
  }

  /**
   * {@code [mean, variance]} over {@code axes}, as tf.nn.moments: the variance is {@code
   * mean(squaredDifference(x, mean))} with the mean held constant inside it (TF's stop_gradient,
   * which changes no gradient: that term's is zero).
   */
  public static Tensor[] moments(Tensor x, int[] axes, boolean keepDims) {
    Check.notNull("moments", "x", x);
    Check.dtypeIn("moments", x, FLOATING);
    boolean[] red = mask("moments", x, axes);
    int[] all = axesOf(red);
    Tensor mean = ReductionOps.mean(x, all, true);
    Tensor variance = ReductionOps.mean(MathOps.squaredDifference(x, constant(mean)), all, true);
    if (!keepDims) {
      int[] out = reducedDims(x, red, false);
      mean = ShapeOps.reshape(mean, out);
      variance = ShapeOps.reshape(variance, out);
    }
    return new Tensor[] {mean, variance};
  }

  /** The same values in a tensor no tape has seen: TF's stop_gradient inside a composition. */
  static Tensor constant(Tensor t) {
    return Internal.make(t.dtype(), t.shape(), Layout.sharedData(t));
  }

  static int[] axesOf(boolean[] red) {
    return ReductionOps.axesOf(red);
  }
}
