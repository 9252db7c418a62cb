package dev.lanegrad.metrics;

/**
 * The number of the labels that are negative and predicted negative, as Keras's {@code
 * tf.keras.metrics.TrueNegatives}: a prediction is positive when {@code y_pred > threshold} (0.5 by
 * default; 0 for logits) and a label when it is non-zero. Every element counts (inputs are
 * flattened); weights make it the sum of the weights of such elements.
 *
 * <pre>{@code
 * Metric m = new TrueNegatives();
 * m.updateState(Tensor.of(new float[] {0, 1, 0, 0}), Tensor.of(new float[] {1, 1, 0, 0}));
 * m.result();   // 2 (elements 2 and 3)
 * }</pre>
 */
public class TrueNegatives extends ConditionCount {
  /**
   * Named {@code "true_negatives"} (numbered {@code true_negatives_1}, ... in one compile),
   * threshold 0.5.
   */
  public TrueNegatives() {
    this("true_negatives", 0.5);
    autoNamed = true;
  }

  /**
   * A count at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public TrueNegatives(String name, double threshold) {
    super(name, threshold, false, false);
  }
}
