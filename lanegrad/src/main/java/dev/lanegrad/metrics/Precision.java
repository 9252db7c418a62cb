package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The share of positive predictions that are right, as Keras's {@code tf.keras.metrics.Precision}:
 * {@code tp / (tp + fp)} (0 when nothing was predicted positive), where a prediction is positive
 * when {@code y_pred > threshold} (0.5 by default) and a label when it is non-zero. Every element
 * counts (inputs are flattened); weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new Precision();
 * m.updateState(Tensor.of(new float[] {0, 1, 1, 1}), Tensor.of(new float[] {1, 0, 1, 1}));
 * m.result();   // 0.6666667 (2 true positives, 1 false positive)
 * }</pre>
 */
public class Precision extends Metric {
  private final float threshold;
  private float tp;
  private float fp;

  /** Named {@code "precision"}, threshold 0.5. */
  public Precision() {
    this("precision", 0.5);
  }

  /**
   * A precision at the given threshold, which must lie in {@code [0, 1]} as Keras requires.
   *
   * @throws IllegalArgumentException for a null or empty name or a threshold outside [0, 1]
   */
  public Precision(String name, double threshold) {
    super(name);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "Precision \"" + name + "\": threshold must be in [0, 1], got " + threshold);
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
   * Adds the batch's true and false positives, each weighted by {@code sampleWeight} (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    Confusion c =
        Confusion.of("Precision \"" + name() + "\".updateState", yTrue, yPred, sampleWeight);
    double t = 0;
    double f = 0;
    for (int i = 0; i < c.pred.length; i++) {
      if (c.pred[i] > threshold) {
        if (c.positive[i]) {
          t += c.weight(i);
        } else {
          f += c.weight(i);
        }
      }
    }
    tp += (float) t;
    fp += (float) f;
  }

  /** {@code tp / (tp + fp)} in float32, 0 when there is no positive prediction. */
  @Override
  public double result() {
    return Confusion.divNoNan(tp, tp + fp);
  }

  @Override
  public void resetState() {
    tp = 0f;
    fp = 0f;
  }
}
