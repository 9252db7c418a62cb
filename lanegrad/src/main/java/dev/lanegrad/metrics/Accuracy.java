package dev.lanegrad.metrics;

/**
 * How often predictions equal labels exactly, as Keras's {@code tf.keras.metrics.Accuracy}: the
 * mean of {@code y_true == y_pred} over every element.
 *
 * <pre>{@code
 * Metric m = new Accuracy();
 * m.updateState(Tensor.of(new float[][] {{1}, {2}, {3}, {4}}),
 *     Tensor.of(new float[][] {{0}, {2}, {3}, {4}}));
 * m.result();   // 0.75
 * }</pre>
 */
public class Accuracy extends MeanMetricWrapper {
  /** Named {@code "accuracy"}. */
  public Accuracy() {
    this("accuracy");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public Accuracy(String name) {
    super(name, Matches::equal);
  }
}
