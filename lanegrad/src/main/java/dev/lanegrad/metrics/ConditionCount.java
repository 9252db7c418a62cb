package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The state TruePositives, TrueNegatives, FalsePositives and FalseNegatives share, as Keras's
 * {@code _ConfusionMatrixConditionCount} at one threshold: one float32 count of the elements in a
 * cell of the confusion matrix, a prediction being positive when {@code y_pred > threshold} and a
 * label when it is non-zero; weights multiply the counts.
 */
abstract class ConditionCount extends Metric {
  private final float threshold;
  private final boolean positiveLabel;
  private final boolean positivePrediction;
  private float count;

  ConditionCount(String name, double threshold, boolean positiveLabel, boolean positivePrediction) {
    super(name);
    this.threshold = Confusion.threshold(this, name, threshold);
    this.positiveLabel = positiveLabel;
    this.positivePrediction = positivePrediction;
  }

  /** The threshold above which a prediction is positive (default 0.5). */
  public double threshold() {
    return threshold;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the batch's count, each element weighted by {@code sampleWeight} (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    Confusion c = Confusion.of(what, yTrue, yPred, sampleWeight);
    double s = 0;
    for (int i = 0; i < c.pred.length; i++) {
      if (c.positive[i] == positiveLabel && (c.pred[i] > threshold) == positivePrediction) {
        s += c.weight(i);
      }
    }
    count += (float) s;
  }

  /** The (weighted) count so far, float32 as Keras's accumulator. */
  @Override
  public double result() {
    return count;
  }

  @Override
  public void resetState() {
    count = 0f;
  }
}
