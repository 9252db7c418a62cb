package dev.lanegrad.metrics;

/**
 * The squared hinge loss as a metric, as Keras's {@code tf.keras.metrics.SquaredHinge}: per sample
 * the mean over the last axis of {@code max(1 - y_true * y_pred, 0)^2}, labels of 0 and 1 read as
 * -1 and 1, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new SquaredHinge();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}),
 *     Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}}));
 * m.result();   // 1.86
 * }</pre>
 */
public class SquaredHinge extends MeanMetricWrapper {
  /** Named {@code "squared_hinge"}. */
  public SquaredHinge() {
    this("squared_hinge");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public SquaredHinge(String name) {
    super(name, (w, t, p) -> LossValues.hinge(w, t, p, true));
  }
}
