package dev.lanegrad.metrics;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * The shape handling Keras's metrics share: reading a batch as float32 (the metrics' dtype), {@code
 * losses_utils.squeeze_or_expand_dimensions} and {@code broadcast_weights}.
 */
final class Values {
  private Values() {}

  /** A flat float32 copy of a tensor, which must be real. */
  static float[] floats(String what, String role, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(what + ": " + role + " is null");
    }
    if (t.dtype().isComplex()) {
      throw new IllegalArgumentException(
          what + ": " + role + " must be real, got " + t.dtype() + " of shape " + t.shape());
    }
    return t.toFloatArray();
  }

  /**
   * Keras's {@code squeeze_or_expand_dimensions(y_pred, y_true)}: a trailing axis of 1 is dropped
   * from the one of the two that has one axis more. Returns {@code {trueDims, predDims}}.
   */
  static int[][] squeeze(Shape yTrue, Shape yPred) {
    int[] t = yTrue.dims();
    int[] p = yPred.dims();
    if (p.length - t.length == 1 && p[p.length - 1] == 1) {
      p = Arrays.copyOf(p, p.length - 1);
    } else if (t.length - p.length == 1 && t[t.length - 1] == 1) {
      t = Arrays.copyOf(t, t.length - 1);
    }
    return new int[][] {t, p};
  }

  /**
   * The shape both inputs share after {@link #squeeze}.
   *
   * @throws IllegalArgumentException naming {@code what} and both shapes when they differ
   */
  static int[] sameShape(String what, Tensor yTrue, Tensor yPred) {
    int[][] d = squeeze(yTrue.shape(), yPred.shape());
    if (!Arrays.equals(d[0], d[1])) {
      throw new IllegalArgumentException(what + ": shapes do not match: " + shapes(yTrue, yPred));
    }
    return d[1];
  }

  /**
   * Checks that both inputs have one shape {@code (batch, outputs)}, as Keras's F-score and R2
   * metrics require when they build.
   */
  static void batchByOutputs(String what, Tensor yTrue, Tensor yPred) {
    if (yTrue.rank() != 2 || !yTrue.shape().equals(yPred.shape())) {
      throw new IllegalArgumentException(
          what + ": expects inputs of one shape (batch_size, output_dim): " + shapes(yTrue, yPred));
    }
  }

  static String shapes(Tensor yTrue, Tensor yPred) {
    return "y_true shape " + yTrue.shape() + " and y_pred shape " + yPred.shape();
  }

  /** The dims without the last axis. */
  static int[] init(int[] dims) {
    return Arrays.copyOf(dims, Math.max(0, dims.length - 1));
  }

  static int size(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return (int) n;
  }

  /**
   * The weights for values of shape {@code dims}, broadcast as Keras's {@code Reduce.update_state}:
   * a scalar, or the same rank (after dropping a trailing 1 of a weight one axis longer, or adding
   * one to a weight one axis shorter) with each axis 1 or equal. Returns one weight per value, or
   * null when the weights only fit a prefix of the axes and {@code allowPrefix}: then the caller
   * averages the values over the trailing axes first ({@link #prefixWeights}).
   */
  static float[] broadcast(String what, int[] dims, Tensor w, boolean allowPrefix) {
    float[] wv = floats(what, "sampleWeight", w);
    int n = size(dims);
    if (w.rank() == 0) {
      float[] out = new float[n];
      Arrays.fill(out, wv[0]);
      return out;
    }
    int[] wd = w.shape().dims();
    if (wd.length - dims.length == 1 && wd[wd.length - 1] == 1) {
      wd = Arrays.copyOf(wd, wd.length - 1);
    } else if (wd.length - dims.length == -1) {
      wd = Arrays.copyOf(wd, wd.length + 1);
      wd[wd.length - 1] = 1;
    }
    if (wd.length == dims.length && fits(wd, dims)) {
      return expand(wv, wd, dims);
    }
    if (allowPrefix && prefix(wd, dims)) {
      return null;
    }
    throw new IllegalArgumentException(
        what
            + ": sampleWeight of shape "
            + w.shape()
            + " does not broadcast to the values of shape "
            + Shape.of(dims));
  }

  /** Whether {@code wd} names the leading axes of {@code dims} exactly (Keras's fallback). */
  static boolean prefix(int[] wd, int[] dims) {
    if (wd.length >= dims.length) {
      return false;
    }
    for (int a = 0; a < wd.length; a++) {
      if (wd[a] != dims[a]) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(int[] wd, int[] dims) {
    for (int a = 0; a < dims.length; a++) {
      if (wd[a] != 1 && wd[a] != dims[a]) {
        return false;
      }
    }
    return true;
  }

  private static float[] expand(float[] wv, int[] wd, int[] dims) {
    int n = size(dims);
    float[] out = new float[n];
    int r = dims.length;
    int[] wStride = new int[r];
    int s = 1;
    for (int a = r - 1; a >= 0; a--) {
      wStride[a] = wd[a] == 1 ? 0 : s;
      s *= wd[a];
    }
    int[] coord = new int[r];
    for (int i = 0; i < n; i++) {
      int wi = 0;
      for (int a = 0; a < r; a++) {
        wi += coord[a] * wStride[a];
      }
      out[i] = wv[wi];
      for (int a = r - 1; a >= 0; a--) {
        if (++coord[a] < dims[a]) {
          break;
        }
        coord[a] = 0;
      }
    }
    return out;
  }

  /** Values of shape {@code dims} averaged over the axes after the first {@code keep}. */
  static float[] meanTrailing(float[] v, int[] dims, int keep) {
    int outer = size(Arrays.copyOf(dims, keep));
    int inner = outer == 0 ? 0 : v.length / outer;
    float[] out = new float[outer];
    for (int o = 0; o < outer; o++) {
      double s = 0;
      for (int i = 0; i < inner; i++) {
        s += v[o * inner + i];
      }
      out[o] = (float) (s / inner);
    }
    return out;
  }

  /** The first index of the largest value in {@code a[o..o+n)}, as {@code tf.argmax}. */
  static int argmax(float[] a, int o, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      // NaN never wins over a number here; TF's CPU argmax behaves the same for finite data
      if (a[o + i] > a[o + best]) {
        best = i;
      }
    }
    return best;
  }
}
