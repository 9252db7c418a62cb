package dev.lanegrad.metrics;

/**
 * The mean squared error, as Keras's {@code tf.keras.metrics.MeanSquaredError}: per sample {@code
 * mean((y_pred - y_true)^2)} over the last axis, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new MeanSquaredError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.25
 * }</pre>
 */
public class MeanSquaredError extends MeanMetricWrapper {
  /** Named {@code "mean_squared_error"}. */
  public MeanSquaredError() {
    this("mean_squared_error");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public MeanSquaredError(String name) {
    super(name, (w, t, p) -> Matches.error(w, t, p, true));
  }
}
