package dev.lanegrad.metrics;

/**
 * The hinge loss as a metric, as Keras's {@code tf.keras.metrics.Hinge}: per sample the mean over
 * the last axis of {@code max(1 - y_true * y_pred, 0)}, labels of 0 and 1 read as -1 and 1, then
 * the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new Hinge();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}),
 *     Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}}));
 * m.result();   // 1.3
 * }</pre>
 */
public class Hinge extends MeanMetricWrapper {
  /** Named {@code "hinge"}. */
  public Hinge() {
    this("hinge");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public Hinge(String name) {
    super(name, (w, t, p) -> LossValues.hinge(w, t, p, false));
  }
}
