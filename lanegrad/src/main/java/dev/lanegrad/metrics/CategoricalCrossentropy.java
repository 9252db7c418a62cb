package dev.lanegrad.metrics;

/**
 * The categorical cross-entropy of one-hot labels as a metric, as Keras's {@code
 * tf.keras.metrics.CategoricalCrossentropy}: per sample {@code -sum(y log(p))} over the last axis,
 * {@code p} scaled to sum 1 and clipped to {@code [1e-7, 1 - 1e-7]} (or the logits' stable form),
 * then the (weighted) mean over samples. Label smoothing {@code s} uses {@code y (1 - s) + s /
 * classes}.
 *
 * <pre>{@code
 * Metric m = new CategoricalCrossentropy();
 * m.updateState(Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}}),
 *     Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}}));
 * m.result();   // 1.1769392 = (-log 0.95 - log 0.1) / 2
 * }</pre>
 */
public class CategoricalCrossentropy extends MeanMetricWrapper {
  private final boolean fromLogits;
  private final double labelSmoothing;
  private final int axis;

  /** Named {@code "categorical_crossentropy"}, on probabilities, no label smoothing. */
  public CategoricalCrossentropy() {
    this("categorical_crossentropy", false, 0);
  }

  /**
   * @param fromLogits whether predictions are logits
   * @param labelSmoothing in {@code [0, 1]}
   * @throws IllegalArgumentException for a null or empty name or a smoothing outside [0, 1]
   */
  public CategoricalCrossentropy(String name, boolean fromLogits, double labelSmoothing) {
    this(name, fromLogits, labelSmoothing, -1);
  }

  /**
   * As Keras's {@code CategoricalCrossentropy(name, from_logits=..., label_smoothing=...,
   * axis=...)}: {@code axis} is the class axis of the labels and the predictions (moved last
   * first).
   *
   * @throws IllegalArgumentException for a null or empty name or a smoothing outside [0, 1]
   */
  public CategoricalCrossentropy(String name, boolean fromLogits, double labelSmoothing, int axis) {
    super(
        name,
        (w, t, p) ->
            LossValues.categoricalCrossentropy(
                w,
                LossValues.classAxisLast(w, t, axis),
                LossValues.classAxisLast(w, p, axis),
                fromLogits,
                smoothing("CategoricalCrossentropy", name, labelSmoothing)));
    smoothing("CategoricalCrossentropy", name, labelSmoothing);
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }

  /** The class axis (default -1). */
  public int axis() {
    return axis;
  }

  static float smoothing(String cls, String name, double s) {
    if (!(s >= 0 && s <= 1)) {
      throw new IllegalArgumentException(
          cls + " \"" + name + "\": labelSmoothing must be in [0, 1], got " + s);
    }
    return (float) s;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** The label smoothing in {@code [0, 1]}. */
  public double labelSmoothing() {
    return labelSmoothing;
  }
}
