package dev.lanegrad.metrics;

/**
 * The mean absolute error, as Keras's {@code tf.keras.metrics.MeanAbsoluteError}: per sample {@code
 * mean(|y_pred - y_true|)} over the last axis, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new MeanAbsoluteError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.25
 * }</pre>
 */
public class MeanAbsoluteError extends MeanMetricWrapper {
  /** Named {@code "mean_absolute_error"}. */
  public MeanAbsoluteError() {
    this("mean_absolute_error");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public MeanAbsoluteError(String name) {
    super(name, (w, t, p) -> Matches.error(w, t, p, false));
  }
}
