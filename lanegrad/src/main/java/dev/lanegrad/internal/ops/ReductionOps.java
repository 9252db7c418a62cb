package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;
import dev.lanegrad.internal.kernels.ReduceOp;
import dev.lanegrad.internal.kernels.ScalarKernels;
import java.util.Arrays;

/**
 * Reductions over all elements or some axes: forwards and gradient rules side by side.
 *
 * <p>Planned once per call: axes are normalised (negative counts from the end, a repeated axis is
 * an error as in TF), size-1 axes dropped, and adjacent axes of the same kind (reduced or kept)
 * merged. One run of reduced axes, the common case, is one kernel call over {@code x} viewed as
 * {@code [outer, r, inner]}. Several runs separated by kept axes ({@code [2,3,4]} over axes {@code
 * 0, 2}) are reduced one run at a time, last run first, through intermediate arrays: simpler than a
 * transpose and never slower, since each step shrinks the data. The sum order is thus fixed by the
 * shape and the axes alone.
 */
public final class ReductionOps {
  private ReductionOps() {}

  /**
   * {@code y = sum of x over axes} ({@code axes} null: all axes); integers wrap; complex sums real
   * and imaginary parts. Gradient: {@code g} reshaped to the keepDims shape, then broadcast to
   * {@code x}'s shape.
   */
  public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
    return reduce("sum", ReduceOp.SUM, false, x, axes, keepDims, SUM_GRAD);
  }

  /** TF's _SumGrad: g, reshaped to the keepDims shape, broadcast back over the reduced axes. */
  static final GradRule SUM_GRAD = (e, g) -> new Tensor[] {e.needs(0) ? spread(g, e) : null};

  /**
   * Mean over axes: the sum divided by the count; integers truncate toward zero (TF), an empty
   * float mean is NaN, an empty integer mean 0. INT32 sums in INT64, as TF's MeanReducer does (its
   * CASTING_SPECIALIZATION(int32, int64)), so the mean of [MAX, MAX] is MAX, not -1. Gradient: the
   * sum's, divided by the count.
   */
  public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
    if (x != null && x.dtype() == DType.INT32) {
      Tensor wide =
          reduce(
              "mean",
              ReduceOp.SUM,
              true,
              CastOps.convert(x, DType.INT64),
              axes,
              keepDims,
              MEAN_GRAD);
      return Recorder.record("mean", CastOps.convert(wide, DType.INT32), null, x);
    }
    return reduce("mean", ReduceOp.SUM, true, x, axes, keepDims, MEAN_GRAD);
  }

  /** TF's _MeanGrad: the sum's gradient divided by the number of elements averaged. */
  static final GradRule MEAN_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        Tensor s = spread(g, e);
        return new Tensor[] {ArithmeticOps.div(s, Layout.scalar(s.dtype(), count(e)))};
      };

  /**
   * Maximum over axes; of nothing it is -inf for floats, the type's minimum for integers. Gradient
   * (TF's): {@code g} split equally among the elements equal to the maximum.
   */
  public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
    return reduce("max", ReduceOp.MAX, false, x, axes, keepDims, MAX_GRAD);
  }

  /**
   * TF's _MinOrMaxGrad: the elements equal to the result share g equally, {@code indicators /
   * sum(indicators) * g} with {@code indicators = cast(equal(y, x))}.
   */
  static final GradRule MAX_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        Tensor x = e.in(0);
        int[] kept = kept(e);
        Tensor y = ShapeOps.reshape(e.out(), kept);
        Tensor gk = ShapeOps.reshape(g, kept);
        Tensor ind = CastOps.cast(CompareOps.equal(y, x), g.dtype());
        Tensor num = sum(ind, axes(e), true);
        return new Tensor[] {ArithmeticOps.mul(ArithmeticOps.div(ind, num), gk)};
      };

  /** Minimum over axes; of nothing +inf or the type's maximum. Gradient as {@link #max}. */
  public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
    return reduce("min", ReduceOp.MIN, false, x, axes, keepDims, MIN_GRAD);
  }

  /** TF's _MinGrad is _MinOrMaxGrad too. */
  static final GradRule MIN_GRAD = MAX_GRAD;

  // what the rules read of their entry: attrs are the reduced axes in order, null for all of them

  private static int[] axes(GradRule.Entry e) {
    int[] ax = (int[]) e.attrs();
    if (ax != null) {
      return ax;
    }
    ax = new int[e.in(0).rank()];
    for (int k = 0; k < ax.length; k++) {
      ax[k] = k;
    }
    return ax;
  }

  // the input's dimensions with the reduced ones 1: the keepDims shape of the output
  private static int[] kept(GradRule.Entry e) {
    int[] kept = Internal.dims(e.in(0).shape()).clone();
    for (int k : axes(e)) {
      kept[k] = 1;
    }
    return kept;
  }

  // the number of elements each output averages
  private static long count(GradRule.Entry e) {
    int[] xd = Internal.dims(e.in(0).shape());
    long count = 1;
    for (int k : axes(e)) {
      count *= xd[k];
    }
    return count;
  }

  private static Tensor spread(Tensor g, GradRule.Entry e) {
    return ShapeOps.broadcastTo(ShapeOps.reshape(g, kept(e)), e.in(0).shape());
  }

  private static Tensor reduce(
      String name,
      ReduceOp op,
      boolean mean,
      Tensor x,
      int[] axes,
      boolean keepDims,
      GradRule rule) {
    Check.notNull(name, "x", x);
    DType d = x.dtype();
    if (d == DType.BOOL || (d.isComplex() && op != ReduceOp.SUM)) {
      throw new IllegalArgumentException(
          name
              + ": dtype "
              + d
              + " (shape "
              + x.shape()
              + ") is not supported; expected a real number dtype"
              + (op == ReduceOp.SUM ? " or complex" : ""));
    }
    if (axes == null && !keepDims && !d.isComplex()) {
      return reduceAll(name, op, mean, x, rule);
    }
    int[] xd = Internal.dims(x.shape());
    int rank = xd.length;
    boolean[] reduced = reducedAxes(name, x, axes);
    int outRank = 0;
    long count = 1;
    for (int k = 0; k < rank; k++) {
      outRank += reduced[k] && !keepDims ? 0 : 1;
      count *= reduced[k] ? xd[k] : 1;
    }
    int[] kept = new int[rank];
    int[] yd = new int[outRank];
    for (int k = 0, j = 0; k < rank; k++) {
      kept[k] = reduced[k] ? 1 : xd[k];
      if (!reduced[k] || keepDims) {
        yd[j++] = kept[k];
      }
    }
    Shape ys = Shape.of(yd);
    int n = (int) ys.size();
    Object y = compute(name, op, x, xd, reduced, n);
    if (mean && count != 1) {
      divide(y, n * Layout.width(d), d, count);
    }
    return Recorder.recordWith(name, Internal.make(d, ys, y), rule, axesOf(reduced), x);
  }

  // the loss's reduction, often on a few elements: no planning, one kernel call
  private static Tensor reduceAll(String name, ReduceOp op, boolean mean, Tensor x, GradRule rule) {
    DType d = x.dtype();
    int n = (int) x.size();
    Object y = Layout.alloc(name, d, 1);
    kernel(op, d, Internal.data(x), 1, n, 1, y);
    if (mean && n != 1) {
      divide(y, 1, d, n);
    }
    // no attrs: every axis reduced
    return Recorder.record(name, Internal.make(d, Shape.scalar(), y), rule, x);
  }

  /** The reduced-axis mask; null axes: all. */
  static boolean[] reducedAxes(String name, Tensor x, int[] axes) {
    int rank = x.rank();
    boolean[] reduced = new boolean[rank];
    if (axes == null) {
      Arrays.fill(reduced, true);
      return reduced;
    }
    for (int a : axes) {
      if (a < -rank || a >= rank) {
        throw new IllegalArgumentException(
            name
                + ": axis "
                + a
                + " in "
                + Layout.str(axes)
                + " is out of range for shape "
                + x.shape()
                + " (valid: "
                + (-rank)
                + " to "
                + (rank - 1)
                + ")");
      }
      int k = a < 0 ? a + rank : a;
      if (reduced[k]) {
        throw new IllegalArgumentException(
            name
                + ": axes "
                + Layout.str(axes)
                + " name dimension "
                + k
                + " twice (shape "
                + x.shape()
                + ")");
      }
      reduced[k] = true;
    }
    return reduced;
  }

  static int[] axesOf(boolean[] reduced) {
    int c = 0;
    for (boolean b : reduced) {
      c += b ? 1 : 0;
    }
    int[] ax = new int[c];
    for (int k = 0, j = 0; k < reduced.length; k++) {
      if (reduced[k]) {
        ax[j++] = k;
      }
    }
    return ax;
  }

  private static Object compute(
      String name, ReduceOp op, Tensor x, int[] xd, boolean[] reduced, int n) {
    DType d = x.dtype();
    int w = Layout.width(d);
    Object xa = Internal.data(x);
    int rank = xd.length;
    // runs: merged sizes and kinds, size-1 axes dropped; complex gets a kept (re, im) axis
    long[] size = new long[rank + 1];
    boolean[] red = new boolean[rank + 1];
    int runs = 0;
    boolean empty = false;
    for (int k = 0; k <= rank; k++) {
      int dk = k < rank ? xd[k] : w;
      boolean rk = k < rank && reduced[k];
      empty |= dk == 0;
      if (dk == 1) {
        continue;
      }
      if (runs > 0 && red[runs - 1] == rk) {
        size[runs - 1] *= dk;
      } else {
        size[runs] = dk;
        red[runs] = rk;
        runs++;
      }
    }
    Object y = Layout.alloc(name, d, n);
    if (empty) {
      // nothing to read: every output is the identity (none at all when a kept axis is 0)
      kernel(op, d, xa, n * w, 0, 1, y);
      return y;
    }
    Object cur = xa;
    while (true) {
      int last = -1;
      int reducedRuns = 0;
      for (int i = 0; i < runs; i++) {
        if (red[i]) {
          last = i;
          reducedRuns++;
        }
      }
      if (last < 0) {
        // nothing (left) to reduce: the data is the answer
        System.arraycopy(cur, 0, y, 0, n * w);
        return y;
      }
      long outer = 1;
      for (int i = 0; i < last; i++) {
        outer *= size[i];
      }
      long inner = 1;
      for (int i = last + 1; i < runs; i++) {
        inner *= size[i];
      }
      Object dst = reducedRuns == 1 ? y : Layout.alloc(name, d, (int) (outer * inner / w));
      kernel(op, d, cur, (int) outer, (int) size[last], (int) inner, dst);
      if (reducedRuns == 1) {
        return y;
      }
      cur = dst;
      // drop the reduced run and merge its kept neighbours
      if (last + 1 < runs && last > 0) {
        size[last - 1] *= size[last + 1];
        for (int i = last; i + 2 < runs; i++) {
          size[i] = size[i + 2];
          red[i] = red[i + 2];
        }
        runs -= 2;
      } else {
        for (int i = last; i + 1 < runs; i++) {
          size[i] = size[i + 1];
          red[i] = red[i + 1];
        }
        runs -= 1;
      }
    }
  }

  private static void kernel(
      ReduceOp op, DType d, Object x, int outer, int r, int inner, Object y) {
    // short float sums and means round as TF's (Eigen's SumReducer; a mean divides it after)
    if (op == ReduceOp.SUM && inner == 1 && r < EIGEN_MAX) {
      if (d == DType.FLOAT32) {
        eigenSumF32((float[]) x, outer, r, (float[]) y);
        return;
      }
      if (d == DType.FLOAT64) {
        eigenSumF64((double[]) x, outer, r, (double[]) y);
        return;
      }
    }
    Kernels k = KernelProvider.get();
    switch (d) {
      case FLOAT32, COMPLEX64 -> k.reduceF32(op, (float[]) x, 0, outer, r, inner, (float[]) y, 0);
      case FLOAT64, COMPLEX128 ->
          k.reduceF64(op, (double[]) x, 0, outer, r, inner, (double[]) y, 0);
      case INT32 -> k.reduceI32(op, (int[]) x, 0, outer, r, inner, (int[]) y, 0);
      case INT64 -> k.reduceI64(op, (long[]) x, 0, outer, r, inner, (long[]) y, 0);
      case BOOL -> throw new IllegalStateException("reduce: bool has no kernel");
    }
  }

  // rows up to this length are summed as Eigen does, in scalar code; longer ones (the benchmarks'
  // 1000 and up) by the SIMD kernels, whose rounding differs from TF's in the last bits
  private static final int EIGEN_MAX = 512;

  // contiguous float sums as TF rounds them: see ScalarKernels.eigenSumF32
  private static void eigenSumF32(float[] x, int outer, int r, float[] y) {
    for (int o = 0; o < outer; o++) {
      y[o] = ScalarKernels.eigenSumF32(x, o * r, r, 1);
    }
  }

  private static void eigenSumF64(double[] x, int outer, int r, double[] y) {
    for (int o = 0; o < outer; o++) {
      y[o] = ScalarKernels.eigenSumF64(x, o * r, r, 1);
    }
  }

  private static void divide(Object y, int len, DType d, long count) {
    Kernels k = KernelProvider.get();
    switch (d) {
      case FLOAT32, COMPLEX64 -> k.divideF32((float[]) y, 0, len, (float) count);
      case FLOAT64, COMPLEX128 -> k.divideF64((double[]) y, 0, len, (double) count);
      case INT32 -> k.divideI32((int[]) y, 0, len, (int) count);
      case INT64 -> k.divideI64((long[]) y, 0, len, count);
      case BOOL -> throw new IllegalStateException("mean: bool has no kernel");
    }
  }
}
