package dev.lanegrad.metrics;

/**
 * The Poisson score, as Keras's {@code tf.keras.metrics.Poisson}: per sample the mean over the last
 * axis of {@code y_pred - y_true * log(y_pred + 1e-7)}, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new Poisson();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.49999997
 * }</pre>
 */
public class Poisson extends MeanMetricWrapper {
  /** Named {@code "poisson"}. */
  public Poisson() {
    this("poisson");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public Poisson(String name) {
    super(name, LossValues::poisson);
  }
}
