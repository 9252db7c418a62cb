package dev.lanegrad.metrics;

/**
 * The logarithm of the hyperbolic cosine of the error, as Keras's {@code
 * tf.keras.metrics.LogCoshError}: per sample the mean over the last axis of {@code log(cosh(y_pred
 * - y_true))}, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new LogCoshError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.10844523
 * }</pre>
 */
public class LogCoshError extends MeanMetricWrapper {
  /** Named {@code "logcosh"}. */
  public LogCoshError() {
    this("logcosh");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public LogCoshError(String name) {
    super(name, LossValues::logCosh);
  }
}
