package dev.lanegrad.metrics;

/**
 * How often the one-hot label's class is among the {@code k} highest predictions, as Keras's {@code
 * TopKCategoricalAccuracy} ({@code tf.math.in_top_k}): a row counts when fewer than {@code k}
 * classes score strictly higher than the label's class, so classes tied at the boundary are all in;
 * a non-finite score in the row counts as a miss.
 *
 * <pre>{@code
 * Metric m = new TopKCategoricalAccuracy(1);
 * m.updateState(Tensor.of(new float[][] {{0, 0, 1}, {0, 1, 0}}),
 *     Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0}}));
 * m.result();   // 0.5
 * }</pre>
 */
public class TopKCategoricalAccuracy extends MeanMetricWrapper {
  private final int k;

  /** Keras's default, {@code k = 5}, named {@code "top_k_categorical_accuracy"}. */
  public TopKCategoricalAccuracy() {
    this(5);
  }

  /**
   * @throws IllegalArgumentException for {@code k < 1}
   */
  public TopKCategoricalAccuracy(int k) {
    this("top_k_categorical_accuracy", k);
  }

  /**
   * @throws IllegalArgumentException for a null or empty name or {@code k < 1}
   */
  public TopKCategoricalAccuracy(String name, int k) {
    super(name, (w, t, p) -> Matches.topK(w, t, p, k));
    if (k < 1) {
      throw new IllegalArgumentException(
          "TopKCategoricalAccuracy \"" + name + "\": k must be >= 1, got " + k);
    }
    this.k = k;
  }

  /** The number of top predictions a label may be among. */
  public int k() {
    return k;
  }
}
