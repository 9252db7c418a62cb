package dev.lanegrad.metrics;

/**
 * The Kullback-Leibler divergence, as Keras's {@code tf.keras.metrics.KLDivergence}: per sample
 * {@code sum(y_true * log(y_true / y_pred))} over the last axis (both clipped to {@code [1e-7,
 * 1]}), then the (weighted) mean over samples.
 *
 * <pre>{@code
 * Metric m = new KLDivergence();
 * m.updateState(Tensor.of(new float[][] {{0, 1}, {0, 0}}),
 *     Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}}));
 * m.result();   // 0.45814306 (Keras's docstring value)
 * }</pre>
 */
public class KLDivergence extends MeanMetricWrapper {
  /** Named {@code "kullback_leibler_divergence"}. */
  public KLDivergence() {
    this("kullback_leibler_divergence");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public KLDivergence(String name) {
    super(name, LossValues::klDivergence);
  }
}
