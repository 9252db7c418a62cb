package dev.lanegrad.metrics;

/**
 * The best specificity at a sensitivity (recall) of at least {@code sensitivity}, as Keras's {@code
 * tf.keras.metrics.SpecificityAtSensitivity}: confusion counts at {@code numThresholds} thresholds
 * (default 200: {@code 0}, {@code i / (n - 1)}, {@code 1}), then the largest {@code specificity}
 * among the thresholds where {@code sensitivity >= sensitivity} (0 when none reaches it). Rates:
 * recall (sensitivity) {@code tp / (tp + fn)}, precision {@code tp / (tp + fp)}, specificity {@code
 * tn / (tn + fp)}. A prediction is positive when above a threshold, a label when non-zero; every
 * element counts unless {@code classId} picks one column of the last axis; weights multiply the
 * counts.
 *
 * <pre>{@code
 * Metric m = new SpecificityAtSensitivity(0.5);
 * m.updateState(Tensor.of(new float[] {0, 0, 0, 1, 1}), Tensor.of(new float[] {0, 0.3f, 0.8f, 0.3f, 0.8f}));
 * m.result();   // 0.6666667
 * }</pre>
 */
public class SpecificityAtSensitivity extends ThresholdSweep {
  /**
   * Named {@code "specificity_at_sensitivity"} (numbered {@code specificity_at_sensitivity_1}, ...
   * in one compile), 200 thresholds, every element.
   *
   * @throws IllegalArgumentException for {@code sensitivity} outside [0, 1]
   */
  public SpecificityAtSensitivity(double sensitivity) {
    this("specificity_at_sensitivity", sensitivity, 200, -1);
    autoNamed = true;
  }

  /**
   * @param sensitivity the target {@code recall}, in [0, 1]
   * @param numThresholds the thresholds to sweep, at least 1 (Keras's default 200)
   * @param classId the column of the last axis that counts, or -1 for every element
   * @throws IllegalArgumentException for a null or empty name, {@code sensitivity} outside [0, 1],
   *     {@code numThresholds <= 0} or {@code classId < -1}
   */
  public SpecificityAtSensitivity(String name, double sensitivity, int numThresholds, int classId) {
    super(name, "sensitivity", sensitivity, numThresholds, classId);
  }

  /** The target {@code recall}. */
  public double sensitivity() {
    return value();
  }

  /** The largest {@code specificity} where {@code sensitivity >= sensitivity}, 0 if none. */
  @Override
  public double result() {
    return maxWhere(recalls(), specificities());
  }
}
