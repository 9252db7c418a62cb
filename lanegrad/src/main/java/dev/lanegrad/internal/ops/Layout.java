package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;
import java.util.Arrays;

/**
 * Row-major bookkeeping shared by the data-moving ops (ShapeOps, ReductionOps, LinalgOps, NnOps):
 * strides, output arrays, sharing an immutable array between tensors, and the planner that turns a
 * strided copy into as few kernel runs as possible.
 */
final class Layout {
  private Layout() {}

  /** Row-major strides of {@code dims}, in elements. */
  static int[] strides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int k = dims.length - 1; k >= 0; k--) {
      s[k] = acc;
      acc *= dims[k];
    }
    return s;
  }

  /** Array elements per tensor element: 2 for complex (interleaved re, im), else 1. */
  static int width(DType d) {
    return d.isComplex() ? 2 : 1;
  }

  /** A zeroed array for {@code n} elements of {@code d}. */
  static Object alloc(String op, DType d, int n) {
    long len = (long) n * width(d);
    if (len > Check.MAX_SIZE) {
      throw new IllegalArgumentException(
          op
              + ": "
              + n
              + " elements of "
              + d
              + " need more than "
              + Check.MAX_SIZE
              + " array slots");
    }
    int m = (int) len;
    Object a = Elementwise.arena(d, n, true);
    if (a != null) {
      return a;
    }
    return switch (d) {
      case FLOAT32, COMPLEX64 -> new float[m];
      case FLOAT64, COMPLEX128 -> new double[m];
      case INT32 -> new int[m];
      case INT64 -> new long[m];
      case BOOL -> new boolean[m];
    };
  }

  /**
   * The array of {@code x} to be shared by a new tensor. A variable's current array may later be
   * written in place by an assign, so a variable is snapshotted first (that marks the array shared
   * and the next assign copies).
   */
  static Object sharedData(Tensor x) {
    return Internal.data(x instanceof Variable v ? Internal.snapshot(v) : x);
  }

  /** A tensor of {@code x}'s elements under another shape of the same size, without a copy. */
  static Tensor view(Tensor x, Shape shape) {
    return Internal.make(x.dtype(), shape, sharedData(x));
  }

  /** A 0-d tensor of {@code d} holding {@code v} (real dtypes). */
  static Tensor scalar(DType d, double v) {
    Object a =
        switch (d) {
          case FLOAT32 -> new float[] {(float) v};
          case FLOAT64 -> new double[] {v};
          case INT32 -> new int[] {(int) v};
          case INT64 -> new long[] {(long) v};
          case BOOL -> new boolean[] {v != 0};
          case COMPLEX64 -> new float[] {(float) v, 0f};
          case COMPLEX128 -> new double[] {v, 0d};
        };
    return Internal.make(d, Shape.scalar(), a);
  }

  /**
   * Copies {@code x[xo + sum idx*xs]} to {@code y[yo + sum idx*ys]} over {@code dims}, in tensor
   * elements of {@code d} (offsets and strides are scaled for complex). Size-1 axes are dropped and
   * adjacent axes that are contiguous in both arrays merged, so a contiguous block is one {@code
   * System.arraycopy} and a transpose's inner loop runs over the longest run.
   */
  static void copy(DType d, Object x, int xo, int[] xs, Object y, int yo, int[] ys, int[] dims) {
    int w = width(d);
    int rank = dims.length;
    int[] nd = new int[rank + 1];
    int[] nx = new int[rank + 1];
    int[] ny = new int[rank + 1];
    int r = 0;
    for (int k = 0; k < rank; k++) {
      if (dims[k] == 0) {
        return;
      }
      if (dims[k] == 1) {
        continue;
      }
      int sx = xs[k] * w;
      int sy = ys[k] * w;
      if (r > 0 && nx[r - 1] == sx * dims[k] && ny[r - 1] == sy * dims[k]) {
        nd[r - 1] *= dims[k];
        nx[r - 1] = sx;
        ny[r - 1] = sy;
      } else {
        nd[r] = dims[k];
        nx[r] = sx;
        ny[r] = sy;
        r++;
      }
    }
    if (w == 2) {
      // the (re, im) pair is one more axis, contiguous in both arrays
      if (r > 0 && nx[r - 1] == 2 && ny[r - 1] == 2) {
        nd[r - 1] *= 2;
        nx[r - 1] = 1;
        ny[r - 1] = 1;
      } else {
        nd[r] = 2;
        nx[r] = 1;
        ny[r] = 1;
        r++;
      }
    }
    KernelProvider.get()
        .copyStrided(
            x, xo * w, Arrays.copyOf(nx, r), y, yo * w, Arrays.copyOf(ny, r), Arrays.copyOf(nd, r));
  }

  /** {@code "[2, 3]"}-style text of an int array for messages. */
  static String str(int[] a) {
    return Arrays.toString(a);
  }
}
