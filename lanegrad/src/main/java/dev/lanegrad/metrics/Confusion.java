package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * One batch read as Keras's {@code update_confusion_matrix_variables} reads it: labels cast to bool
 * (non-zero is positive), predictions as float32, both flattened after Keras's squeeze, and the
 * sample weights broadcast to the predictions.
 */
final class Confusion {
  final boolean[] positive;
  final float[] pred;

  /** One weight per prediction, or null for all 1. */
  final float[] weight;

  /** The shape both inputs share (after Keras's squeeze). */
  final int[] dims;

  private Confusion(boolean[] positive, float[] pred, float[] weight, int[] dims) {
    this.positive = positive;
    this.pred = pred;
    this.weight = weight;
    this.dims = dims;
  }

  static Confusion of(String what, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(what + ": yTrue and yPred must not be null");
    }
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    int[] dims = Values.sameShape(what, yTrue, yPred);
    float[] w = sampleWeight == null ? null : Values.broadcast(what, dims, sampleWeight, false);
    boolean[] pos = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      pos[i] = t[i] != 0f;
    }
    return new Confusion(pos, p, w, dims);
  }

  float weight(int i) {
    return weight == null ? 1f : weight[i];
  }

  /**
   * A confusion metric's threshold as float32, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException naming the metric otherwise
   */
  static float threshold(Metric m, String name, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          m.getClass().getSimpleName()
              + " \""
              + name
              + "\": threshold must be in [0, 1], got "
              + threshold);
    }
    return (float) threshold;
  }

  /** TF's {@code divide_no_nan} in float32: 0 where the denominator is 0. */
  static float divNoNan(float a, float b) {
    return b == 0f ? 0f : a / b;
  }
}
