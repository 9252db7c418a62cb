package dev.lanegrad.metrics;

/**
 * How often the highest prediction is the one-hot label's class, as Keras's {@code
 * CategoricalAccuracy}: per row {@code argmax(y_true) == argmax(y_pred)} (the first index on ties,
 * as {@code tf.argmax}).
 *
 * <pre>{@code
 * Metric m = new CategoricalAccuracy();
 * m.updateState(Tensor.of(new float[][] {{0, 0, 1}, {0, 1, 0}}),
 *     Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0}}));
 * m.result();   // 0.5
 * }</pre>
 */
public class CategoricalAccuracy extends MeanMetricWrapper {
  /** Named {@code "categorical_accuracy"}. */
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public CategoricalAccuracy(String name) {
    super(name, Matches::categorical);
  }
}
