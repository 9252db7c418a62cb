package dev.lanegrad.metrics;

/**
 * The categorical cross-entropy of integer labels as a metric, as Keras's {@code
 * tf.keras.metrics.SparseCategoricalCrossentropy}: per sample {@code -log(p[label])} (TF's sparse
 * softmax cross-entropy over {@code log(clip(p, 1e-7, 1 - 1e-7))}, or over the logits), then the
 * (weighted) mean over samples. Labels have the predictions' shape without the class axis (or with
 * a last axis of 1).
 *
 * <pre>{@code
 * Metric m = new SparseCategoricalCrossentropy();
 * m.updateState(Tensor.of(new int[] {1, 2}),
 *     Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}}));
 * m.result();   // 1.1769392
 * }</pre>
 */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  private final boolean fromLogits;
  private final Integer ignoreClass;
  private final int axis;

  /** Named {@code "sparse_categorical_crossentropy"}, on probabilities. */
  public SparseCategoricalCrossentropy() {
    this("sparse_categorical_crossentropy", false);
  }

  /**
   * @param fromLogits whether predictions are logits
   * @throws IllegalArgumentException for a null or empty name
   */
  public SparseCategoricalCrossentropy(String name, boolean fromLogits) {
    this(name, fromLogits, null, -1);
  }

  /**
   * As Keras's {@code SparseCategoricalCrossentropy(name, from_logits=..., ignore_class=...,
   * axis=...)}: labels equal to {@code ignoreClass} (a "void" class such as -1 or 255; null for
   * none) are left out of the mean; {@code axis} is the class axis of the predictions.
   *
   * <pre>{@code
   * Metric m = new SparseCategoricalCrossentropy("sce", false, -1, -1);
   * m.updateState(Tensor.of(new int[] {1, -1}),
   *     Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}}));
   * m.result();   // 0.051293 = -log 0.95, the second sample ignored
   * }</pre>
   *
   * @throws IllegalArgumentException for a null or empty name
   */
  public SparseCategoricalCrossentropy(
      String name, boolean fromLogits, Integer ignoreClass, int axis) {
    super(
        name,
        (w, t, p) ->
            LossValues.sparseCategoricalCrossentropy(w, t, p, fromLogits, ignoreClass, axis));
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.axis = axis;
  }

  /** The label left out of the mean, or null. */
  public Integer ignoreClass() {
    return ignoreClass;
  }

  /** The class axis of the predictions (default -1). */
  public int axis() {
    return axis;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }
}
