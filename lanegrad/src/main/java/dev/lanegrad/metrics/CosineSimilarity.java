package dev.lanegrad.metrics;

/**
 * The cosine of the angle between labels and predictions along the last axis, as Keras's {@code
 * tf.keras.metrics.CosineSimilarity}: {@code sum(l2_normalize(y_true) * l2_normalize(y_pred))} per
 * sample, then the (weighted) mean over samples (1 when they point the same way).
 *
 * <pre>{@code
 * Metric m = new CosineSimilarity();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {1, 1}}), Tensor.of(new float[][] {{1, 0}, {1, 1}}));
 * m.result();   // 0.49999997
 * }</pre>
 */
public class CosineSimilarity extends MeanMetricWrapper {
  /** Named {@code "cosine_similarity"}. */
  public CosineSimilarity() {
    this("cosine_similarity");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public CosineSimilarity(String name) {
    super(name, LossValues::cosineSimilarity);
  }
}
