package dev.lanegrad.metrics;

/**
 * How often a thresholded prediction equals a binary label, as Keras's {@code BinaryAccuracy}: per
 * sample the mean over the last axis of {@code y_true == (y_pred > threshold ? 1 : 0)}, then the
 * mean over samples. The threshold is 0.5 by default (use 0 for logits).
 *
 * <pre>{@code
 * Metric m = new BinaryAccuracy();
 * m.updateState(Tensor.of(new float[][] {{1}, {1}, {0}, {0}}),
 *     Tensor.of(new float[][] {{0.98f}, {1}, {0}, {0.6f}}));
 * m.result();   // 0.75
 * }</pre>
 */
public class BinaryAccuracy extends MeanMetricWrapper {
  private final double threshold;

  /** Named {@code "binary_accuracy"}, threshold 0.5. */
  public BinaryAccuracy() {
    this("binary_accuracy", 0.5);
  }

  /**
   * A binary accuracy at the given threshold.
   *
   * @throws IllegalArgumentException for a null or empty name or a NaN threshold
   */
  public BinaryAccuracy(String name, double threshold) {
    super(name, (w, t, p) -> Matches.binary(w, t, p, (float) threshold));
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("BinaryAccuracy \"" + name + "\": threshold is NaN");
    }
    this.threshold = threshold;
  }

  /** The threshold above which a prediction counts as 1. */
  public double threshold() {
    return threshold;
  }
}
