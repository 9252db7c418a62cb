package dev.lanegrad.metrics;

/**
 * How often the highest prediction is the integer label, as Keras's {@code
 * SparseCategoricalAccuracy}: per row {@code y_true == argmax(y_pred)}; labels have the
 * predictions' shape without the class axis, or with a last axis of 1.
 *
 * <pre>{@code
 * Metric m = new SparseCategoricalAccuracy();
 * m.updateState(Tensor.of(new float[][] {{2}, {1}}),
 *     Tensor.of(new float[][] {{0.1f, 0.6f, 0.3f}, {0.05f, 0.95f, 0}}));
 * m.result();   // 0.5
 * }</pre>
 */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
  /** Named {@code "sparse_categorical_accuracy"}. */
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  /**
   * @throws IllegalArgumentException for a null or empty name
   */
  public SparseCategoricalAccuracy(String name) {
    super(name, Matches::sparse);
  }
}
