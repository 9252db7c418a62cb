package dev.lanegrad.metrics;

/**
 * The share of positive predictions that are right, as Keras's {@code tf.keras.metrics.Precision}:
 * {@code tp / (tp + fp)} (0 when nothing was predicted positive), where a prediction is positive
 * when {@code y_pred > threshold} (0.5 by default) and a label when it is non-zero. Every element
 * counts (inputs are flattened); weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new Precision();
 * m.updateState(Tensor.of(new float[] {0, 1, 1, 1}), Tensor.of(new float[] {1, 0, 1, 1}));
 * m.result();   // 0.6666667 (2 true positives, 1 false positive)
 * }</pre>
 */
public class Precision extends ThresholdCounts {
  /** Named {@code "precision"}, threshold 0.5. */
  public Precision() {
    this("precision", 0.5);
    autoNamed = true;
  }

  /**
   * A precision at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public Precision(String name, double threshold) {
    super(name, threshold, true);
  }
}
