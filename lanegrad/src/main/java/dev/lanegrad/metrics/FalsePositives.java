package dev.lanegrad.metrics;

/**
 * The number of the labels that are negative but predicted positive, as Keras's {@code
 * tf.keras.metrics.FalsePositives}: a prediction is positive when {@code y_pred > threshold} (0.5
 * by default; 0 for logits) and a label when it is non-zero. Every element counts (inputs are
 * flattened); weights make it the sum of the weights of such elements.
 *
 * <pre>{@code
 * Metric m = new FalsePositives();
 * m.updateState(Tensor.of(new float[] {0, 1, 0, 0}), Tensor.of(new float[] {0, 0, 1, 1}));
 * m.result();   // 2 (elements 2 and 3)
 * }</pre>
 */
public class FalsePositives extends ConditionCount {
  /**
   * Named {@code "false_positives"} (numbered {@code false_positives_1}, ... in one compile),
   * threshold 0.5.
   */
  public FalsePositives() {
    this("false_positives", 0.5);
    autoNamed = true;
  }

  /**
   * A count at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public FalsePositives(String name, double threshold) {
    super(name, threshold, false, true);
  }
}
