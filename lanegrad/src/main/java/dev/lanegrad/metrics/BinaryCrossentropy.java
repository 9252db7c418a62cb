package dev.lanegrad.metrics;

/**
 * The binary cross-entropy as a metric, as Keras's {@code tf.keras.metrics.BinaryCrossentropy}: per
 * sample the mean over the last axis of {@code -(y log(p + 1e-7) + (1 - y) log(1 - p + 1e-7))},
 * {@code p} clipped to {@code [1e-7, 1 - 1e-7]} (or the logits' stable form), then the (weighted)
 * mean over samples. Label smoothing {@code s} uses {@code y (1 - s) + s / 2}.
 *
 * <pre>{@code
 * Metric m = new BinaryCrossentropy();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}),
 *     Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}}));
 * m.result();   // 0.81492424 (Keras's docstring value)
 * }</pre>
 */
public class BinaryCrossentropy extends MeanMetricWrapper {
  private final boolean fromLogits;
  private final double labelSmoothing;

  /** Named {@code "binary_crossentropy"}, on probabilities, no label smoothing. */
  public BinaryCrossentropy() {
    this("binary_crossentropy", false, 0);
  }

  /**
   * @param fromLogits whether predictions are logits
   * @param labelSmoothing in {@code [0, 1]}
   * @throws IllegalArgumentException for a null or empty name or a smoothing outside [0, 1]
   */
  public BinaryCrossentropy(String name, boolean fromLogits, double labelSmoothing) {
    super(
        name,
        (w, t, p) ->
            LossValues.binaryCrossentropy(
                w,
                t,
                p,
                fromLogits,
                CategoricalCrossentropy.smoothing("BinaryCrossentropy", name, labelSmoothing)));
    CategoricalCrossentropy.smoothing("BinaryCrossentropy", name, labelSmoothing);
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
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
