package dev.lanegrad.metrics;

/**
 * The categorical hinge loss as a metric, as Keras's {@code tf.keras.metrics.CategoricalHinge}: per
 * sample {@code max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)} over the last axis,
 * then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new CategoricalHinge();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}),
 *     Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}}));
 * m.result();   // 1.4
 * }</pre>
 */
public class CategoricalHinge extends MeanMetricWrapper {
  /** Named {@code "categorical_hinge"}. */
  public CategoricalHinge() {
    this("categorical_hinge");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public CategoricalHinge(String name) {
    super(name, LossValues::categoricalHinge);
  }
}
