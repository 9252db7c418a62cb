package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The weighted mean of every value given, as Keras's {@code tf.keras.metrics.Mean}: {@code sum(w_i
 * * v_i) / sum(w_i)} over all updates (weights 1 by default), kept in float32.
 *
 * <pre>{@code
 * Mean m = new Mean();
 * m.updateState(Tensor.of(new float[] {1, 3, 5, 7}));
 * m.result();                                  // 4.0
 * m.resetState();
 * m.updateState(Tensor.of(new float[] {1, 3, 5, 7}), Tensor.of(new float[] {1, 1, 0, 0}));
 * m.result();                                  // 2.0
 * }</pre>
 *
 * <p>As in Keras, the two-tensor {@code updateState} of a {@code Mean} is {@code (values,
 * sampleWeight)}, not {@code (yTrue, yPred)}; so {@code Model.compile} rejects a plain {@code Mean}
 * (use {@link MeanMetricWrapper} to average a function of the targets and predictions).
 */
public class Mean extends Metric {
  private final Accumulator acc = new Accumulator();

  /** A mean named {@code "mean"}, as Keras. */
  public Mean() {
    this("mean");
  }

  /**
   * A mean with the given name.
   *
   * @throws IllegalArgumentException for a null or empty name
   */
  public Mean(String name) {
    super(name);
  }

  /**
   * Adds every element of {@code values} with weight 1.
   *
   * @throws IllegalArgumentException for null or complex values
   */
  public void updateState(Tensor values) {
    updateState(values, (Tensor) null);
  }

  /**
   * Adds every element of {@code values} weighted by {@code sampleWeight} (null: 1), which is a
   * scalar, of the values' shape (axes of 1 broadcast), or of their leading axes (the values are
   * then averaged over the other axes first, as Keras).
   *
   * @throws IllegalArgumentException for null or complex values, or weights that do not fit them
   *     (naming both shapes)
   */
  @Override
  public void updateState(Tensor values, Tensor sampleWeight) {
    String what = "Mean \"" + name() + "\".updateState";
    float[] v = Values.floats(what, "values", values);
    acc.add(what, v, values.shape().dims(), sampleWeight);
  }

  /**
   * Keras's {@code update_state(values, sample_weight)} has no third tensor.
   *
   * @throws IllegalArgumentException always: use {@link #updateState(Tensor, Tensor)}
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    throw new IllegalArgumentException(
        "Mean \""
            + name()
            + "\".updateState: a Mean takes (values) or (values, sampleWeight), not three tensors");
  }

  /** {@code total / count} in float32, 0 before any value. */
  @Override
  public double result() {
    return acc.result();
  }

  @Override
  public void resetState() {
    acc.reset();
  }
}
