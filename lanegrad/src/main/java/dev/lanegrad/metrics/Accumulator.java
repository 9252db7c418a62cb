package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * Keras's {@code Reduce} metric state with {@code WEIGHTED_MEAN}: float32 variables {@code total +=
 * sum(w * v)}, {@code count += sum(w)} (or the number of values without weights); the result is
 * {@code total / count}, 0 when nothing was counted ({@code divide_no_nan}).
 */
final class Accumulator {
  private float total;
  private float count;

  /** Adds values of shape {@code dims}, weighted as Keras's {@code Reduce.update_state}. */
  void add(String what, float[] v, int[] dims, Tensor sampleWeight) {
    if (sampleWeight == null) {
      total += sum(v, null);
      count += (float) v.length;
      return;
    }
    float[] w = Values.broadcast(what, dims, sampleWeight, true);
    if (w == null) {
      // weights for the leading axes only: Keras averages the values over the others first
      int keep = sampleWeight.rank();
      v = Values.meanTrailing(v, dims, keep);
      w = sampleWeight.toFloatArray();
    }
    float s = sum(v, w);
    float c = sum(w, null);
    total += s;
    count += c;
  }

  private static float sum(float[] v, float[] w) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += w == null ? v[i] : v[i] * w[i];
    }
    return (float) s;
  }

  double result() {
    return count == 0f ? 0.0 : (double) (total / count);
  }

  float total() {
    return total;
  }

  float count() {
    return count;
  }

  void reset() {
    total = 0f;
    count = 0f;
  }
}
