package dev.lanegrad.metrics;

/**
 * {@link MeanIoU} for one-hot labels, as Keras's {@code tf.keras.metrics.OneHotMeanIoU}: the label
 * ids are the argmax over {@code axis} of the labels, the prediction ids that of the predictions
 * (or the predictions themselves with {@code sparseYPred}).
 *
 * <pre>{@code
 * Metric m = new OneHotMeanIoU(3);
 * m.updateState(Tensor.of(new int[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}}),
 *     Tensor.of(new float[][] {{0.2f, 0.3f, 0.5f}, {0.1f, 0.2f, 0.7f}, {0.5f, 0.3f, 0.1f},
 *         {0.1f, 0.4f, 0.5f}}),
 *     Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}));
 * m.result();   // 0.0476 = (0 + 0 + 0.1 / 0.7) / 3
 * }</pre>
 */
public class OneHotMeanIoU extends MeanIoU {
  /**
   * Named {@code "one_hot_mean_io_u"} (numbered {@code one_hot_mean_io_u_1}, ... in one compile).
   *
   * @throws IllegalArgumentException for {@code numClasses <= 0}
   */
  public OneHotMeanIoU(int numClasses) {
    this("one_hot_mean_io_u", numClasses, null, false, -1);
    autoNamed = true;
  }

  /**
   * As {@link MeanIoU#MeanIoU(String, int, Integer, boolean, boolean, int)} with one-hot labels.
   *
   * @throws IllegalArgumentException for a null or empty name or {@code numClasses <= 0}
   */
  public OneHotMeanIoU(
      String name, int numClasses, Integer ignoreClass, boolean sparseYPred, int axis) {
    super(name, numClasses, ignoreClass, false, sparseYPred, axis);
  }
}
