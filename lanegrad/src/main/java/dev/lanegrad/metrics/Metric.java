package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * A stateful measure of a model's quality, as Keras's {@code tf.keras.metrics.Metric}: {@link
 * #updateState} accumulates batches, {@link #result} reads the value so far, {@link #resetState}
 * starts over ({@code Model.fit} resets its metrics at the start of every epoch and of every
 * evaluation).
 *
 * <pre>{@code
 * Metric m = new BinaryAccuracy();
 * m.updateState(Tensor.of(new float[][] {{1}, {1}, {0}, {0}}),
 *     Tensor.of(new float[][] {{0.98f}, {1}, {0}, {0.6f}}));
 * m.result();      // 0.75 = 3 of 4 predictions on the right side of 0.5
 * m.resetState();
 * }</pre>
 *
 * <p>A subclass implements {@link #updateState(Tensor, Tensor)}, {@link #result} and {@link
 * #resetState}; it takes sample weights if it also overrides {@link #updateState(Tensor, Tensor,
 * Tensor)}. The built-ins keep their state in float32, as Keras's metric variables, so their
 * results are Keras's float32 values widened to double ({@code 2/3} reads {@code
 * 0.6666666865348816}).
 *
 * <p>{@code Model.fit} updates its metrics inside its train step, a {@code StepFunction} whose op
 * results live in buffers the next step reuses: a subclass that keeps a computed tensor between
 * batches (a running total of 64 or more values) keeps it with {@code StepFunction.keep(t)}, or
 * reads its values into Java arrays as the built-ins do.
 */
public abstract class Metric {
  private String name;

  /**
   * Whether the name is the default of a class Keras names uniquely ({@code auc}, {@code auc_1}):
   * set by the no-name constructors of {@link AUC}, {@link Precision} and {@link Recall}.
   */
  boolean autoNamed;

  /**
   * A metric reported under {@code name} (the key in {@code fit}'s logs and {@code History}).
   *
   * @throws IllegalArgumentException for a null or empty name
   */
  protected Metric(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": the metric name must not be null or empty");
    }
    this.name = name;
  }

  /** The name under which the metric is logged: {@code "accuracy"}, {@code "auc"}. */
  public String name() {
    return name;
  }

  void rename(String name) {
    this.name = name;
  }

  /**
   * Adds one batch of targets and predictions to the state.
   *
   * @throws IllegalArgumentException for shapes that do not fit together (naming the metric and
   *     both shapes); the state is then unchanged
   */
  public abstract void updateState(Tensor yTrue, Tensor yPred);

  /**
   * Adds one batch with a weight per sample (or per element), as Keras's {@code
   * update_state(y_true, y_pred, sample_weight)}; a null weight is {@link #updateState(Tensor,
   * Tensor)}. The built-ins weight as Keras: a weighted mean {@code sum(w * v) / sum(w)}, or
   * weighted confusion counts.
   *
   * @throws IllegalArgumentException for a metric that takes no weights (this default), or weights
   *     that do not broadcast to the samples
   */
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (sampleWeight != null) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + " \""
              + name
              + "\".updateState: this metric takes no sample weights (got shape "
              + sampleWeight.shape()
              + ")");
    }
    updateState(yTrue, yPred);
  }

  /** The value over everything since the last {@link #resetState}. */
  public abstract double result();

  /** Forgets every batch: {@link #result} is then the value of no data (0 for the built-ins). */
  public abstract void resetState();

  /** {@code BinaryAccuracy{name=binary_accuracy, result=0.75}}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "{name=" + name + ", result=" + result() + "}";
  }
}
