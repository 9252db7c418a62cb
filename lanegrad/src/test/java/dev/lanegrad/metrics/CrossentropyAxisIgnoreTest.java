package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The crossentropy metrics' {@code axis} and {@code ignore_class}, as Keras 2.15's
 * tf_keras/metrics/probabilistic_metrics.py passes them to {@code categorical_crossentropy} and
 * {@code sparse_categorical_crossentropy} (tf_keras/losses.py, tf_keras/backend.py): the docstring
 * batch {@code [1, 2]} / {@code [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]} (1.1769392, weighted [0.3,
 * 0.7]: 1.6271976) with its class axis first, and with extra samples of an ignored label.
 */
class CrossentropyAxisIgnoreTest {
  static final Tensor PRED = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
  // the same predictions with the class axis first: (3, 2)
  static final Tensor PRED_T = PRED.transpose(1, 0);

  @Test
  void sparseIgnoreClassLeavesTheSamplesOutOfTheMean() {
    Metric m = new SparseCategoricalCrossentropy("sce", false, -1, -1);
    m.updateState(Tensor.of(new int[] {1, -1}), PRED);
    assertEquals(-Math.log(0.95), m.result(), 1e-6);
    // three samples, the third of label 255 ignored: the docstring's weighted value
    Metric w = new SparseCategoricalCrossentropy("sce", false, 255, -1);
    Tensor p3 = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}, {1, 0, 0}});
    w.updateState(Tensor.of(new int[] {1, 2, 255}), p3, Tensor.of(new float[] {0.3f, 0.7f, 5f}));
    assertEquals(1.6271976f, w.result(), 1e-6);
    // without ignoreClass the label 255 is out of range, as before
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SparseCategoricalCrossentropy().updateState(Tensor.of(new int[] {1, 2, 255}), p3));
  }

  @Test
  void classAxisFirst() {
    Metric s = new SparseCategoricalCrossentropy("s", false, null, 0);
    s.updateState(Tensor.of(new int[] {1, 2}), PRED_T);
    assertEquals(1.1769392f, s.result(), 1e-6);
    Metric c = new CategoricalCrossentropy("c", false, 0, 0);
    c.updateState(Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}}).transpose(1, 0), PRED_T);
    assertEquals(1.1769392f, c.result(), 1e-6);
    Metric negative = new CategoricalCrossentropy("c", false, 0, -2);
    negative.updateState(Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}}).transpose(1, 0), PRED_T);
    assertEquals(1.1769392f, negative.result(), 1e-6);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SparseCategoricalCrossentropy("s", false, null, 2)
                    .updateState(Tensor.of(new int[] {1, 2}), PRED_T));
    assertEquals(
        "SparseCategoricalCrossentropy \"s\".updateState: axis 2 is outside yPred of shape (3, 2)",
        e.getMessage());
  }
}
