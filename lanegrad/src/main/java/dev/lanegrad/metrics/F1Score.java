package dev.lanegrad.metrics;

/**
 * The F1 score, the harmonic mean {@code 2 * precision * recall / (precision + recall)}, as Keras's
 * {@code tf.keras.metrics.F1Score}: an {@link FBetaScore} with {@code beta = 1}.
 *
 * <pre>{@code
 * F1Score m = new F1Score("f1_score", null, 0.5);
 * m.updateState(Tensor.of(new int[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}}),
 *     Tensor.of(new float[][] {{0.2f, 0.6f, 0.7f}, {0.2f, 0.6f, 0.6f}, {0.6f, 0.8f, 0f}}));
 * m.results();   // [0.5, 0.8, 0.6666667]
 * }</pre>
 */
public class F1Score extends FBetaScore {
  /** Keras's defaults: named {@code "f1_score"}, no averaging, no threshold. */
  public F1Score() {
    this("f1_score", null, null);
  }

  /**
   * @param average null, {@code "micro"}, {@code "macro"} or {@code "weighted"}
   * @param threshold null (each row's largest value is the prediction), or in {@code (0, 1]}
   * @throws IllegalArgumentException for a null or empty name, another average, or a threshold
   *     outside {@code (0, 1]}
   */
  public F1Score(String name, String average, Double threshold) {
    super(name, average, 1.0, threshold);
  }
}
