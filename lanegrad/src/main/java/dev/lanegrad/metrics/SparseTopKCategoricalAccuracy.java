package dev.lanegrad.metrics;

/**
 * How often the integer label is among the {@code k} highest predictions, as Keras's {@code
 * SparseTopKCategoricalAccuracy} ({@code tf.math.in_top_k}): a row counts when fewer than {@code k}
 * classes score strictly higher than the label's class (ties at the boundary are in); a label out
 * of range or a non-finite score in the row counts as a miss.
 *
 * <pre>{@code
 * Metric m = new SparseTopKCategoricalAccuracy(1);
 * m.updateState(Tensor.of(new int[] {2, 1}),
 *     Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0}}));
 * m.result();   // 0.5
 * }</pre>
 */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  private final int k;

  /** Keras's default, {@code k = 5}, named {@code "sparse_top_k_categorical_accuracy"}. */
  public SparseTopKCategoricalAccuracy() {
    this(5);
  }

  /**
   * @throws IllegalArgumentException for {@code k < 1}
   */
  public SparseTopKCategoricalAccuracy(int k) {
    this("sparse_top_k_categorical_accuracy", k);
  }

  /**
   * @throws IllegalArgumentException for a null or empty name or {@code k < 1}
   */
  public SparseTopKCategoricalAccuracy(String name, int k) {
    super(name, (w, t, p) -> Matches.sparseTopK(w, t, p, k));
    if (k < 1) {
      throw new IllegalArgumentException(
          "SparseTopKCategoricalAccuracy \"" + name + "\": k must be >= 1, got " + k);
    }
    this.k = k;
  }

  /** The number of top predictions a label may be among. */
  public int k() {
    return k;
  }
}
