package dev.lanegrad.metrics;

/**
 * The best precision at a recall of at least {@code recall}, as Keras's {@code
 * tf.keras.metrics.PrecisionAtRecall}: confusion counts at {@code numThresholds} thresholds
 * (default 200: {@code 0}, {@code i / (n - 1)}, {@code 1}), then the largest {@code precision}
 * among the thresholds where {@code recall >= recall} (0 when none reaches it). Rates: recall
 * (sensitivity) {@code tp / (tp + fn)}, precision {@code tp / (tp + fp)}, specificity {@code tn /
 * (tn + fp)}. A prediction is positive when above a threshold, a label when non-zero; every element
 * counts unless {@code classId} picks one column of the last axis; weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new PrecisionAtRecall(0.5);
 * m.updateState(Tensor.of(new float[] {0, 0, 0, 1, 1}), Tensor.of(new float[] {0, 0.3f, 0.8f, 0.3f, 0.8f}));
 * m.result();   // 0.5
 * }</pre>
 */
public class PrecisionAtRecall extends ThresholdSweep {
  /**
   * Named {@code "precision_at_recall"} (numbered {@code precision_at_recall_1}, ... in one
   * compile), 200 thresholds, every element.
   *
   * @throws IllegalArgumentException for {@code recall} outside [0, 1]
   */
  public PrecisionAtRecall(double recall) {
    this("precision_at_recall", recall, 200, -1);
    autoNamed = true;
  }

  /**
   * @param recall the target {@code recall}, in [0, 1]
   * @param numThresholds the thresholds to sweep, at least 1 (Keras's default 200)
   * @param classId the column of the last axis that counts, or -1 for every element
   * @throws IllegalArgumentException for a null or empty name, {@code recall} outside [0, 1],
   *     {@code numThresholds <= 0} or {@code classId < -1}
   */
  public PrecisionAtRecall(String name, double recall, int numThresholds, int classId) {
    super(name, "recall", recall, numThresholds, classId);
  }

  /** The target {@code recall}. */
  public double recall() {
    return value();
  }

  /** The largest {@code precision} where {@code recall >= recall}, 0 if none. */
  @Override
  public double result() {
    return maxWhere(recalls(), precisions());
  }
}
