package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The share of positive labels that are predicted positive, as Keras's {@code
 * tf.keras.metrics.Recall}: {@code tp / (tp + fn)} (0 when there is no positive label), where a
 * prediction is positive when {@code y_pred > threshold} (0.5 by default) and a label when it is
 * non-zero. Every element counts (inputs are flattened); weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new Recall();
 * m.updateState(Tensor.of(new float[] {0, 1, 1, 1}), Tensor.of(new float[] {1, 0, 1, 1}));
 * m.result();   // 0.6666667 (2 true positives, 1 false negative)
 * }</pre>
 */
public class Recall extends Metric {
  private final float threshold;
  private float tp;
  private float fn;

  /** Named {@code "recall"}, threshold 0.5. */
  public Recall() {
    this("recall", 0.5);
  }

  /**
   * A recall at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public Recall(String name, double threshold) {
    super(name);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "Recall \"" + name + "\": threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = (float) threshold;
  }

  /** The threshold above which a prediction is positive. */
  public double threshold() {
    return threshold;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the batch's true positives and false negatives, each weighted by {@code sampleWeight}
   * (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    Confusion c = Confusion.of("Recall \"" + name() + "\".updateState", yTrue, yPred, sampleWeight);
    double t = 0;
    double f = 0;
    for (int i = 0; i < c.pred.length; i++) {
      if (c.positive[i]) {
        if (c.pred[i] > threshold) {
          t += c.weight(i);
        } else {
          f += c.weight(i);
        }
      }
    }
    tp += (float) t;
    fn += (float) f;
  }

  /** {@code tp / (tp + fn)} in float32, 0 when there is no positive label. */
  @Override
  public double result() {
    return Confusion.divNoNan(tp, tp + fn);
  }

  @Override
  public void resetState() {
    tp = 0f;
    fn = 0f;
  }
}
