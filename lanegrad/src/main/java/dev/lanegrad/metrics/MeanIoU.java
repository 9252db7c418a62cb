package dev.lanegrad.metrics;

/**
 * The mean intersection over union of all classes, as Keras's {@code tf.keras.metrics.MeanIoU}: an
 * {@link IoU} whose target classes are {@code 0 .. numClasses - 1} (classes never seen, with a zero
 * denominator, are left out of the mean).
 *
 * <pre>{@code
 * Metric m = new MeanIoU(2);
 * m.updateState(Tensor.of(new int[] {0, 0, 1, 1}), Tensor.of(new int[] {0, 1, 0, 1}),
 *     Tensor.of(new float[] {0.3f, 0.3f, 0.3f, 0.1f}));
 * m.result();   // 0.23809525 = (0.3 / 0.9 + 0.1 / 0.7) / 2
 * }</pre>
 */
public class MeanIoU extends IoU {
  /**
   * Named {@code "mean_io_u"} (numbered {@code mean_io_u_1}, ... in one compile), sparse inputs.
   *
   * @throws IllegalArgumentException for {@code numClasses <= 0}
   */
  public MeanIoU(int numClasses) {
    this("mean_io_u", numClasses, null, true, true, -1);
    autoNamed = true;
  }

  /**
   * As {@link IoU#IoU(String, int, int[], Integer, boolean, boolean, int)} over every class.
   *
   * @throws IllegalArgumentException for a null or empty name or {@code numClasses <= 0}
   */
  public MeanIoU(
      String name,
      int numClasses,
      Integer ignoreClass,
      boolean sparseYTrue,
      boolean sparseYPred,
      int axis) {
    super(name, numClasses, null, true, ignoreClass, sparseYTrue, sparseYPred, axis);
  }
}
