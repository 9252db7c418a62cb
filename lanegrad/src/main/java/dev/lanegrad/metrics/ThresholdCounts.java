package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * The state Precision and Recall share, as Keras's confusion-matrix metrics at one threshold: two
 * float32 counts over the elements a metric looks at ({@code hit / (hit + miss)}, 0 when both are
 * 0). Precision looks at the predicted positives and counts the true ones as hits; Recall looks at
 * the positive labels and counts the predicted ones as hits.
 */
abstract class ThresholdCounts extends Metric {
  private final float threshold;
  private final boolean overPredictions;
  private float hit;
  private float miss;

  ThresholdCounts(String name, double threshold, boolean overPredictions) {
    super(name);
    this.threshold = Confusion.threshold(this, name, threshold);
    this.overPredictions = overPredictions;
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
   * Adds the batch's counts, each element weighted by {@code sampleWeight} (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    Confusion c = Confusion.of(what, yTrue, yPred, sampleWeight);
    double h = 0;
    double m = 0;
    for (int i = 0; i < c.pred.length; i++) {
      boolean predicted = c.pred[i] > threshold;
      boolean looked = overPredictions ? predicted : c.positive[i];
      if (looked) {
        if (overPredictions ? c.positive[i] : predicted) {
          h += c.weight(i);
        } else {
          m += c.weight(i);
        }
      }
    }
    hit += (float) h;
    miss += (float) m;
  }

  /** {@code hit / (hit + miss)} in float32, 0 when nothing was counted. */
  @Override
  public double result() {
    return Confusion.divNoNan(hit, hit + miss);
  }

  @Override
  public void resetState() {
    hit = 0f;
    miss = 0f;
  }
}
