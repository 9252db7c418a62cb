package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.AxisKernels;
import java.util.Arrays;

/**
 * Ordering ops: argmax/argmin (INT64, first index on ties), argsort and sort (stable), topK (along
 * the last axis, lower index first on ties), and oneHot. Indices are not differentiable; the values
 * of sort and topK are a {@code take} of the input, so their gradient scatters g back to the
 * positions taken (TF's _TopKGrad).
 */
public final class SortOps {
  private SortOps() {}

  /** The index of the largest value along {@code axis}, INT64; the first one on ties. */
  public static Tensor argmax(Tensor x, int axis) {
    return arg("argmax", true, x, axis);
  }

  /** The index of the smallest value along {@code axis}, INT64; the first one on ties. */
  public static Tensor argmin(Tensor x, int axis) {
    return arg("argmin", false, x, axis);
  }

  private static Tensor arg(String name, boolean max, Tensor x, int axis) {
    int a = axisOf(name, x, axis);
    int[] v = ScanOps.around(x, a);
    if (v[1] == 0) {
      throw new IllegalArgumentException(
          name + ": reduction axis " + a + " of shape " + x.shape() + " is empty");
    }
    int[] d = Internal.dims(x.shape());
    int[] out = new int[d.length - 1];
    for (int k = 0, j = 0; k < d.length; k++) {
      if (k != a) {
        out[j++] = d[k];
      }
    }
    long[] y = new long[v[0] * v[2]];
    if (x.dtype().isFloating()) {
      AxisKernels.argF64(max, f64(x), v[0], v[1], v[2], y);
    } else {
      AxisKernels.argI64(max, Internal.i64(CastOps.convert(x, DType.INT64)), v[0], v[1], v[2], y);
    }
    return Internal.make(DType.INT64, Shape.of(out), y);
  }

  private static int axisOf(String name, Tensor x, int axis) {
    Check.notNull(name, "x", x);
    Check.dtypeIn(name, x, Elementwise.REAL);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(name + ": needs a tensor of rank >= 1, got shape ()");
    }
    return Check.axis(name, axis, x.rank());
  }

  private static double[] f64(Tensor x) {
    return x.dtype() == DType.FLOAT64
        ? Internal.f64(x)
        : Internal.f64(CastOps.convert(x, DType.FLOAT64));
  }

  /**
   * The stable order along {@code axis}, INT32: {@code argsort([3, 1, 2]) = [1, 2, 0]}; equal
   * values keep their order in either direction (as TF's argsort, stable=True). NaN sorts above
   * every number.
   */
  public static Tensor argsort(Tensor x, int axis, boolean descending) {
    int a = axisOf("argsort", x, axis);
    return order(x, a, descending);
  }

  private static Tensor order(Tensor x, int a, boolean descending) {
    int[] v = ScanOps.around(x, a);
    int[] y = new int[(int) x.size()];
    int[] idx = new int[v[1]];
    int[] tmp = new int[v[1]];
    if (x.dtype().isFloating()) {
      AxisKernels.argsortF64(descending, f64(x), v[0], v[1], v[2], y, idx, tmp);
    } else {
      long[] l = Internal.i64(CastOps.convert(x, DType.INT64));
      AxisKernels.argsortI64(descending, l, v[0], v[1], v[2], y, idx, tmp);
    }
    return Internal.make(DType.INT32, x.shape(), y);
  }

  /**
   * The values sorted along {@code axis}, stably. Gradient: g put back where each value came from.
   */
  public static Tensor sort(Tensor x, int axis, boolean descending) {
    int a = axisOf("sort", x, axis);
    Tensor order = order(x, a, descending);
    return IndexMapOps.take(x, flat(order, a, x.shape()), x.shape());
  }

  // the flat source index of every output element, given the order along axis a
  private static int[] flat(Tensor order, int a, Shape xs) {
    int[] d = Internal.dims(xs);
    int n = d[a];
    int[] v = ScanOps.around(order, a);
    int[] od = Internal.i32(order);
    int[] src = new int[od.length];
    for (int o = 0; o < v[0]; o++) {
      for (int k = 0; k < v[1]; k++) {
        for (int i = 0; i < v[2]; i++) {
          int at = (o * v[1] + k) * v[2] + i;
          src[at] = (o * n + od[at]) * v[2] + i;
        }
      }
    }
    return src;
  }

  /**
   * The {@code k} largest values along the last axis, descending, and their INT32 indices (lower
   * index first on ties), as tf.math.top_k. Gradient of the values: g scattered to the indices.
   *
   * @throws IllegalArgumentException for a 0-d input, or k negative or above the last dimension
   */
  public static Tensor[] topK(Tensor x, int k) {
    int a = axisOf("topK", x, -1);
    int n = Internal.dims(x.shape())[a];
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(
          "topK: k = " + k + " must be in [0, " + n + "] for input of shape " + x.shape());
    }
    Tensor order = order(x, a, true);
    int[] d = Internal.dims(x.shape());
    int[] od = Internal.i32(order);
    int rows = n == 0 ? 0 : od.length / n;
    int[] idx = new int[rows * k];
    int[] src = new int[rows * k];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < k; j++) {
        idx[r * k + j] = od[r * n + j];
        src[r * k + j] = r * n + od[r * n + j];
      }
    }
    int[] outDims = d.clone();
    outDims[a] = k;
    Shape s = Shape.of(outDims);
    Tensor values = IndexMapOps.take(x, src, s);
    return new Tensor[] {values, Internal.make(DType.INT32, s, idx)};
  }

  /**
   * {@code y[..., j] = (indices[...] == j) ? 1 : 0}, a new last axis of {@code depth}; an index
   * outside {@code [0, depth)} gives a row of zeros, as tf.one_hot. INT32/INT64 indices.
   */
  public static Tensor oneHot(Tensor indices, int depth, DType dtype) {
    Check.notNull("oneHot", "indices", indices);
    Check.notNull("oneHot", "dtype", dtype);
    Check.dtypeIn("oneHot", indices, DType.INT32, DType.INT64);
    if (depth < 0) {
      throw new IllegalArgumentException(
          "oneHot: depth must be non-negative, got "
              + depth
              + " (indices shape "
              + indices.shape()
              + ")");
    }
    if (dtype.isComplex()) {
      throw new IllegalArgumentException("oneHot: dtype " + dtype + " is not supported");
    }
    int[] d = Internal.dims(indices.shape());
    int[] out = Arrays.copyOf(d, d.length + 1);
    out[d.length] = depth;
    Shape s = Shape.of(out);
    int size = Check.size("oneHot", s);
    long[] ix = Internal.i64(CastOps.convert(indices, DType.INT64));
    boolean[] hot = new boolean[size];
    for (int i = 0; i < ix.length; i++) {
      if (ix[i] >= 0 && ix[i] < depth) {
        hot[i * depth + (int) ix[i]] = true;
      }
    }
    Tensor b = Internal.make(DType.BOOL, s, hot);
    return dtype == DType.BOOL ? b : CastOps.convert(b, dtype);
  }
}
