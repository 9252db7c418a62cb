package dev.lanegrad.metrics;

/**
 * The best recall at a precision of at least {@code precision}, as Keras's {@code
 * tf.keras.metrics.RecallAtPrecision}: confusion counts at {@code numThresholds} thresholds
 * (default 200: {@code 0}, {@code i / (n - 1)}, {@code 1}), then the largest {@code recall} among
 * the thresholds where {@code precision >= precision} (0 when none reaches it). Rates: recall
 * (sensitivity) {@code tp / (tp + fn)}, precision {@code tp / (tp + fp)}, specificity {@code tn /
 * (tn + fp)}. A prediction is positive when above a threshold, a label when non-zero; every element
 * counts unless {@code classId} picks one column of the last axis; weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new RecallAtPrecision(0.8);
 * m.updateState(Tensor.of(new float[] {0, 0, 1, 1}), Tensor.of(new float[] {0, 0.5f, 0.3f, 0.9f}));
 * m.result();   // 0.5
 * }</pre>
 */
public class RecallAtPrecision extends ThresholdSweep {
  /**
   * Named {@code "recall_at_precision"} (numbered {@code recall_at_precision_1}, ... in one
   * compile), 200 thresholds, every element.
   *
   * @throws IllegalArgumentException for {@code precision} outside [0, 1]
   */
  public RecallAtPrecision(double precision) {
    this("recall_at_precision", precision, 200, -1);
    autoNamed = true;
  }

  /**
   * @param precision the target {@code precision}, in [0, 1]
   * @param numThresholds the thresholds to sweep, at least 1 (Keras's default 200)
   * @param classId the column of the last axis that counts, or -1 for every element
   * @throws IllegalArgumentException for a null or empty name, {@code precision} outside [0, 1],
   *     {@code numThresholds <= 0} or {@code classId < -1}
   */
  public RecallAtPrecision(String name, double precision, int numThresholds, int classId) {
    super(name, "precision", precision, numThresholds, classId);
  }

  /** The target {@code precision}. */
  public double precision() {
    return value();
  }

  /** The largest {@code recall} where {@code precision >= precision}, 0 if none. */
  @Override
  public double result() {
    return maxWhere(precisions(), recalls());
  }
}
