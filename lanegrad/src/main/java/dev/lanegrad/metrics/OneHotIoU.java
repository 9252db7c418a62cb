package dev.lanegrad.metrics;

/**
 * {@link IoU} for one-hot labels, as Keras's {@code tf.keras.metrics.OneHotIoU}: the label ids are
 * the argmax over {@code axis} of the labels, the prediction ids that of the predictions (or the
 * predictions themselves with {@code sparseYPred}).
 *
 * <pre>{@code
 * Metric m = new OneHotIoU(3, new int[] {0, 2});
 * m.updateState(Tensor.of(new int[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}}),
 *     Tensor.of(new float[][] {{0.2f, 0.3f, 0.5f}, {0.1f, 0.2f, 0.7f}, {0.5f, 0.3f, 0.1f},
 *         {0.1f, 0.4f, 0.5f}}),
 *     Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}));
 * m.result();   // 0.0714 = (0 / 0.9 + 0.1 / 0.7) / 2
 * }</pre>
 */
public class OneHotIoU extends IoU {
  /**
   * Named {@code "one_hot_io_u"} (numbered {@code one_hot_io_u_1}, ... in one compile).
   *
   * @throws IllegalArgumentException for {@code numClasses <= 0}, or null, empty or out-of-range
   *     target ids
   */
  public OneHotIoU(int numClasses, int[] targetClassIds) {
    this("one_hot_io_u", numClasses, targetClassIds, null, false, -1);
    autoNamed = true;
  }

  /**
   * As {@link IoU#IoU(String, int, int[], Integer, boolean, boolean, int)} with one-hot labels.
   *
   * @throws IllegalArgumentException for a null or empty name, {@code numClasses <= 0}, or null,
   *     empty or out-of-range target ids
   */
  public OneHotIoU(
      String name,
      int numClasses,
      int[] targetClassIds,
      Integer ignoreClass,
      boolean sparseYPred,
      int axis) {
    super(name, numClasses, targetClassIds, ignoreClass, false, sparseYPred, axis);
  }
}
