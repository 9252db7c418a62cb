package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The root of the mean squared error over every element, as Keras's {@code RootMeanSquaredError}:
 * {@code sqrt(sum(w * (y_pred - y_true)^2) / sum(w))}, accumulated in float32.
 *
 * <pre>{@code
 * Metric m = new RootMeanSquaredError();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}), Tensor.of(new float[][] {{1, 1}, {0, 0}}));
 * m.result();   // 0.5
 * }</pre>
 */
public class RootMeanSquaredError extends Metric {
  private final Accumulator acc = new Accumulator();

  /** Named {@code "root_mean_squared_error"}. */
  public RootMeanSquaredError() {
    this("root_mean_squared_error");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public RootMeanSquaredError(String name) {
    super(name);
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the squared errors weighted by {@code sampleWeight} (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = "RootMeanSquaredError \"" + name() + "\".updateState";
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(what + ": yTrue and yPred must not be null");
    }
    MeanMetricWrapper.Batch b = Matches.squaredErrors(what, yTrue, yPred);
    acc.add(what, b.values(), b.dims(), sampleWeight);
  }

  /** {@code sqrt(total / count)} in float32, 0 before any value. */
  @Override
  public double result() {
    return (double) (float) Math.sqrt((float) acc.result());
  }

  @Override
  public void resetState() {
    acc.reset();
  }
}
