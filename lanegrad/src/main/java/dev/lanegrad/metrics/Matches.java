package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import dev.lanegrad.metrics.MeanMetricWrapper.Batch;
import java.util.Arrays;

/**
 * The per-sample functions of Keras's accuracy and error metrics ({@code keras/metrics/
 * accuracy_metrics.py}, {@code regression_metrics.py} and {@code utils/metrics_utils.py}), on
 * float32 copies of the inputs as Keras casts both to the metric's dtype first.
 */
final class Matches {
  private Matches() {}

  /** Both inputs as float32 after Keras's squeeze, which must leave equal shapes. */
  static float[][] same(String what, Tensor yTrue, Tensor yPred, int[][] dims) {
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    dims[0] = Values.sameShape(what, yTrue, yPred);
    return new float[][] {t, p};
  }

  /**
   * Both inputs as float32 after Keras's squeeze, broadcast against each other as the elementwise
   * ops of Keras's error functions do ({@code tf.math.squared_difference(y_pred, y_true)} in {@code
   * mean_squared_error}, {@code y_pred - y_true} in {@code mean_absolute_error}): {@code y_true} of
   * shape (n, 1) against {@code y_pred} of (n, k) compares every column with the one label. The
   * squeeze drops only a last axis of 1 of the input one axis longer, so {@code y_true} of (n,)
   * against (n, k) aligns with the last axis as NumPy does (valid when n == k or either is 1).
   *
   * @throws IllegalArgumentException naming both shapes when they do not broadcast
   */
  static float[][] broadcast(String what, Tensor yTrue, Tensor yPred, int[][] dims) {
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    int[][] d = Values.squeeze(yTrue.shape(), yPred.shape());
    if (Arrays.equals(d[0], d[1])) {
      dims[0] = d[1];
      return new float[][] {t, p};
    }
    int rank = Math.max(d[0].length, d[1].length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int a = axis(d[0], i, rank);
      int b = axis(d[1], i, rank);
      if (a != b && a != 1 && b != 1) {
        throw new IllegalArgumentException(
            what + ": shapes do not match and do not broadcast: " + Values.shapes(yTrue, yPred));
      }
      out[i] = a == 1 ? b : a;
    }
    dims[0] = out;
    return new float[][] {expand(t, d[0], out), expand(p, d[1], out)};
  }

  /** Axis {@code i} of {@code dims} right-aligned to {@code rank} axes (1 where it has none). */
  private static int axis(int[] dims, int i, int rank) {
    int j = i - (rank - dims.length);
    return j < 0 ? 1 : dims[j];
  }

  /** {@code v} of shape {@code dims} repeated along its axes of 1 to the shape {@code out}. */
  private static float[] expand(float[] v, int[] dims, int[] out) {
    int n = Values.size(out);
    if (v.length == n) {
      return v;
    }
    int rank = out.length;
    // the stride in v of each output axis, 0 where v is repeated
    int[] stride = new int[rank];
    int s = 1;
    for (int i = rank - 1; i >= 0; i--) {
      int a = axis(dims, i, rank);
      stride[i] = a == 1 ? 0 : s;
      s *= a;
    }
    float[] r = new float[n];
    int[] idx = new int[rank];
    int src = 0;
    for (int k = 0; k < n; k++) {
      r[k] = v[src];
      for (int i = rank - 1; i >= 0; i--) {
        idx[i]++;
        src += stride[i];
        if (idx[i] < out[i]) {
          break;
        }
        src -= stride[i] * idx[i];
        idx[i] = 0;
      }
    }
    return r;
  }

  /** {@code accuracy}: 1 where {@code y_true == y_pred}, elementwise. */
  static Batch equal(String what, Tensor yTrue, Tensor yPred) {
    int[][] dims = new int[1][];
    float[][] tp = same(what, yTrue, yPred, dims);
    float[] v = new float[tp[0].length];
    for (int i = 0; i < v.length; i++) {
      v[i] = tp[0][i] == tp[1][i] ? 1f : 0f;
    }
    return new Batch(v, dims[0]);
  }

  /** {@code binary_accuracy}: the mean over the last axis of {@code y_true == (y_pred > t)}. */
  static Batch binary(String what, Tensor yTrue, Tensor yPred, float threshold) {
    int[][] dims = new int[1][];
    float[][] tp = same(what, yTrue, yPred, dims);
    float[] t = tp[0];
    float[] p = tp[1];
    float[] m = new float[t.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = t[i] == (p[i] > threshold ? 1f : 0f) ? 1f : 0f;
    }
    return lastAxisMean(m, dims[0]);
  }

  /**
   * {@code mean_squared_error} ({@code square}) or {@code mean_absolute_error} over the last axis
   * of the {@link #broadcast} inputs.
   */
  static Batch error(String what, Tensor yTrue, Tensor yPred, boolean square) {
    int[][] dims = new int[1][];
    float[][] tp = broadcast(what, yTrue, yPred, dims);
    float[] e = new float[tp[0].length];
    for (int i = 0; i < e.length; i++) {
      float d = tp[1][i] - tp[0][i];
      e[i] = square ? d * d : Math.abs(d);
    }
    return lastAxisMean(e, dims[0]);
  }

  /** Elementwise squared errors of the {@link #broadcast} inputs (root mean squared error's). */
  static Batch squaredErrors(String what, Tensor yTrue, Tensor yPred) {
    int[][] dims = new int[1][];
    float[][] tp = broadcast(what, yTrue, yPred, dims);
    float[] e = new float[tp[0].length];
    for (int i = 0; i < e.length; i++) {
      float d = tp[1][i] - tp[0][i];
      e[i] = d * d;
    }
    return new Batch(e, dims[0]);
  }

  static Batch lastAxisMean(float[] v, int[] dims) {
    if (dims.length == 0) {
      return new Batch(v, dims);
    }
    int n = dims[dims.length - 1];
    int rows = n == 0 ? 0 : v.length / n;
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      float s = 0f;
      for (int i = 0; i < n; i++) {
        s += v[r * n + i];
      }
      out[r] = s / (float) n;
    }
    return new Batch(out, Values.init(dims));
  }

  /** {@code categorical_accuracy}: {@code argmax(y_true) == argmax(y_pred)} per row. */
  static Batch categorical(String what, Tensor yTrue, Tensor yPred) {
    int[][] dims = new int[1][];
    float[][] tp = same(what, yTrue, yPred, dims);
    int[] d = dims[0];
    int c = classes(what, d, yTrue, yPred);
    int rows = tp[0].length / c;
    float[] v = new float[rows];
    for (int r = 0; r < rows; r++) {
      v[r] = Values.argmax(tp[0], r * c, c) == Values.argmax(tp[1], r * c, c) ? 1f : 0f;
    }
    return new Batch(v, Values.init(d));
  }

  /** The length of the class axis, the last of {@code dims}, which must not be empty. */
  private static int classes(String what, int[] dims, Tensor yTrue, Tensor yPred) {
    if (dims.length == 0 || dims[dims.length - 1] == 0) {
      throw new IllegalArgumentException(
          what + ": needs a non-empty class axis: " + Values.shapes(yTrue, yPred));
    }
    return dims[dims.length - 1];
  }

  /**
   * The labels of a sparse metric: {@code y_true} of the predictions' leading shape, or with a last
   * axis of 1 when of the predictions' rank (Keras squeezes it).
   */
  static int[] sparseLabelDims(String what, Tensor yTrue, Tensor yPred) {
    int[] t = yTrue.shape().dims();
    int[] p = yPred.shape().dims();
    classes(what, p, yTrue, yPred);
    int[] lead = Values.init(p);
    int[] squeezed = t;
    if (t.length == p.length && t.length > 0 && t[t.length - 1] == 1) {
      squeezed = Values.init(t);
    }
    if (!Arrays.equals(squeezed, lead)) {
      throw new IllegalArgumentException(
          what
              + ": sparse labels must have y_pred's shape without its class axis (or with a last"
              + " axis of 1): "
              + Values.shapes(yTrue, yPred));
    }
    return t;
  }

  /** {@code sparse_categorical_accuracy}: {@code y_true == argmax(y_pred)} per row. */
  static Batch sparse(String what, Tensor yTrue, Tensor yPred) {
    int[] td = sparseLabelDims(what, yTrue, yPred);
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    int c = yPred.shape().dim(-1);
    float[] v = new float[t.length];
    for (int r = 0; r < v.length; r++) {
      v[r] = t[r] == (float) Values.argmax(p, r * c, c) ? 1f : 0f;
    }
    return new Batch(v, td);
  }

  /** {@code sparse_top_k_categorical_accuracy}: {@code in_top_k(y_pred, int(y_true), k)}. */
  static Batch sparseTopK(String what, Tensor yTrue, Tensor yPred, int k) {
    int[] td = sparseLabelDims(what, yTrue, yPred);
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    int c = yPred.shape().dim(-1);
    float[] v = new float[t.length];
    for (int r = 0; r < v.length; r++) {
      v[r] = inTopK(p, r * c, c, (int) t[r], k) ? 1f : 0f;
    }
    return new Batch(v, td);
  }

  /** {@code top_k_categorical_accuracy}: {@code in_top_k(y_pred, argmax(y_true), k)} per row. */
  static Batch topK(String what, Tensor yTrue, Tensor yPred, int k) {
    int[][] dims = new int[1][];
    float[][] tp = same(what, yTrue, yPred, dims);
    int[] d = dims[0];
    int c = classes(what, d, yTrue, yPred);
    float[] v = new float[tp[0].length / c];
    for (int r = 0; r < v.length; r++) {
      v[r] = inTopK(tp[1], r * c, c, Values.argmax(tp[0], r * c, c), k) ? 1f : 0f;
    }
    return new Batch(v, Values.init(d));
  }

  /**
   * TF's {@code in_top_k} kernel: the target is in the top k when fewer than k classes score
   * strictly higher, so classes tied at the boundary all count as in; a target out of range or any
   * non-finite score gives false.
   */
  static boolean inTopK(float[] p, int o, int c, int target, int k) {
    if (target < 0 || target >= c || !Float.isFinite(p[o + target])) {
      return false;
    }
    float tv = p[o + target];
    int more = 0;
    for (int i = 0; i < c; i++) {
      float x = p[o + i];
      if (!Float.isFinite(x)) {
        return false;
      }
      if (x > tv) {
        more++;
      }
    }
    return more < k;
  }
}
