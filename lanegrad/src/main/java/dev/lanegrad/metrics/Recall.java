package dev.lanegrad.metrics;

/**
 * The share of positive labels that are predicted positive, as Keras's {@code
 * tf.keras.metrics.Recall}: {@code tp / (tp + fn)} (0 when there is no positive label), where a
 * prediction is positive when {@code y_pred > threshold} (0.5 by default) and a label when it is
 * non-zero. Every element counts (inputs are flattened); weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new Recall();
 * m.updateState(Tensor.of(new float[] {0, 1, 1, 1}), Tensor.of(new float[] {1, 0, 1, 1}));
 * m.result();   // 0.6666667 (2 true positives, 1 false negative)
 * }</pre>
 */
public class Recall extends ThresholdCounts {
  /** Named {@code "recall"}, threshold 0.5. */
  public Recall() {
    this("recall", 0.5);
    autoNamed = true;
  }

  /**
   * A recall at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public Recall(String name, double threshold) {
    super(name, threshold, false);
  }
}
