package dev.lanegrad.metrics;

/**
 * The mean absolute percentage error, as Keras's {@code MeanAbsolutePercentageError}: per sample
 * {@code 100 * mean(|y_true - y_pred| / max(|y_true|, 1e-7))} over the last axis, then the
 * (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new MeanAbsolutePercentageError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 2.5e8 (a zero label counts as 1e-7)
 * }</pre>
 */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
  /** Named {@code "mean_absolute_percentage_error"}. */
  public MeanAbsolutePercentageError() {
    this("mean_absolute_percentage_error");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public MeanAbsolutePercentageError(String name) {
    super(name, LossValues::percentageError);
  }
}
