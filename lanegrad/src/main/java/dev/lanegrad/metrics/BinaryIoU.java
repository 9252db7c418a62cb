package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;

/**
 * {@link IoU} of a binary task, as Keras's {@code tf.keras.metrics.BinaryIoU}: a prediction is
 * class 1 when {@code y_pred >= threshold} (0.5 by default), else class 0; labels are class ids 0
 * and 1; the result is the mean IoU of {@code targetClassIds} ({@code [0, 1]} by default).
 *
 * <pre>{@code
 * Metric m = new BinaryIoU("binary_io_u", new int[] {0, 1}, 0.3);
 * m.updateState(Tensor.of(new int[] {0, 1, 0, 1}), Tensor.of(new float[] {0.1f, 0.2f, 0.4f, 0.7f}));
 * m.result();   // 0.33333334
 * }</pre>
 */
public class BinaryIoU extends IoU {
  private final float threshold;

  /**
   * Named {@code "binary_io_u"} (numbered in one compile), classes {@code [0, 1]}, threshold 0.5.
   */
  public BinaryIoU() {
    this("binary_io_u", new int[] {0, 1}, 0.5);
    autoNamed = true;
  }

  /**
   * @param targetClassIds {@code [0]}, {@code [1]} or {@code [0, 1]}
   * @param threshold the value from which a prediction is class 1 (finite)
   * @throws IllegalArgumentException for a null or empty name, null, empty or out-of-range ids, or
   *     a NaN or infinite threshold
   */
  public BinaryIoU(String name, int[] targetClassIds, double threshold) {
    super(name, 2, targetClassIds, null, true, true, -1);
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(
          "BinaryIoU \"" + name + "\": threshold must be finite, got " + threshold);
    }
    this.threshold = (float) threshold;
  }

  /** The value from which a prediction is class 1. */
  public double threshold() {
    return threshold;
  }

  @Override
  float[] predictions(String what, Tensor yPred) {
    float[] p = super.predictions(what, yPred);
    float[] ids = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      ids[i] = p[i] >= threshold ? 1f : 0f;
    }
    return ids;
  }
}
