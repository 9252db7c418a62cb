package dev.lanegrad.metrics;

/**
 * The mean squared logarithmic error, as Keras's {@code MeanSquaredLogarithmicError}: per sample
 * the mean over the last axis of {@code (log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) +
 * 1))^2}, then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new MeanSquaredLogarithmicError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.12011322
 * }</pre>
 */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  /** Named {@code "mean_squared_logarithmic_error"}. */
  public MeanSquaredLogarithmicError() {
    this("mean_squared_logarithmic_error");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public MeanSquaredLogarithmicError(String name) {
    super(name, LossValues::squaredLogError);
  }
}
