package dev.lanegrad.metrics;

/**
 * The best sensitivity (recall) at a specificity of at least {@code specificity}, as Keras's {@code
 * tf.keras.metrics.SensitivityAtSpecificity}: confusion counts at {@code numThresholds} thresholds
 * (default 200: {@code 0}, {@code i / (n - 1)}, {@code 1}), then the largest {@code recall} among
 * the thresholds where {@code specificity >= specificity} (0 when none reaches it). Rates: recall
 * (sensitivity) {@code tp / (tp + fn)}, precision {@code tp / (tp + fp)}, specificity {@code tn /
 * (tn + fp)}. A prediction is positive when above a threshold, a label when non-zero; every element
 * counts unless {@code classId} picks one column of the last axis; weights multiply the counts.
 *
 * <pre>{@code
 * Metric m = new SensitivityAtSpecificity(0.5);
 * m.updateState(Tensor.of(new float[] {0, 0, 0, 1, 1}), Tensor.of(new float[] {0, 0.3f, 0.8f, 0.3f, 0.8f}));
 * m.result();   // 0.5
 * }</pre>
 */
public class SensitivityAtSpecificity extends ThresholdSweep {
  /**
   * Named {@code "sensitivity_at_specificity"} (numbered {@code sensitivity_at_specificity_1}, ...
   * in one compile), 200 thresholds, every element.
   *
   * @throws IllegalArgumentException for {@code specificity} outside [0, 1]
   */
  public SensitivityAtSpecificity(double specificity) {
    this("sensitivity_at_specificity", specificity, 200, -1);
    autoNamed = true;
  }

  /**
   * @param specificity the target {@code specificity}, in [0, 1]
   * @param numThresholds the thresholds to sweep, at least 1 (Keras's default 200)
   * @param classId the column of the last axis that counts, or -1 for every element
   * @throws IllegalArgumentException for a null or empty name, {@code specificity} outside [0, 1],
   *     {@code numThresholds <= 0} or {@code classId < -1}
   */
  public SensitivityAtSpecificity(String name, double specificity, int numThresholds, int classId) {
    super(name, "specificity", specificity, numThresholds, classId);
  }

  /** The target {@code specificity}. */
  public double specificity() {
    return value();
  }

  /** The largest {@code recall} where {@code specificity >= specificity}, 0 if none. */
  @Override
  public double result() {
    return maxWhere(specificities(), recalls());
  }
}
