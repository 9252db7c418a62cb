package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/** The pooling and global pooling layers: Keras's docstring values, names, gradients, errors. */
class PoolingTest {
  @Test
  void maxAndAverage2d() {
    Utils.clearSession();
    // Keras's MaxPooling2D docstring: [[1 2 3] [4 5 6] [7 8 9]], pool 2, strides 1 -> [[5 6] [8 9]]
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 3, 3, 1);
    MaxPooling2D m = MaxPooling2D.builder(2).strides(1).build();
    assertEquals("max_pooling2d", m.name());
    assertArrayEquals(new float[] {5, 6, 8, 9}, m.apply(x).toFloatArray());
    // default strides = pool size, VALID: one window
    assertArrayEquals(new float[] {5}, new MaxPooling2D(2).apply(x).toFloatArray());
    // SAME with strides 2: windows [1 2 4 5] [3 6] [7 8] [9]; average counts only inside cells
    AveragePooling2D a = AveragePooling2D.builder(2).padding(Padding.SAME).build();
    assertEquals("average_pooling2d", a.name());
    assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, a.apply(x).toFloatArray());
    Tensor s = Tensor.of(new float[] {1, 5, 2, 8, 3}).reshape(1, 5, 1);
    assertArrayEquals(new float[] {5, 8}, new MaxPooling1D(2).apply(s).toFloatArray());
    assertArrayEquals(new float[] {3, 5}, new AveragePooling1D(2).apply(s).toFloatArray());
    assertEquals("max_pooling1d", new MaxPooling1D(2).name().replaceAll("_\\d+$", ""));
  }

  @Test
  void gradientsAndErrors() {
    for (Layer l :
        new Layer[] {
          MaxPooling2D.builder(2).padding(Padding.SAME).build(),
          new AveragePooling2D(2),
          AveragePooling1D.builder(2).strides(1).build(),
          new MaxPooling1D(3),
          new GlobalAveragePooling2D(),
          new GlobalMaxPooling1D()
        }) {
      Tensor x = l.name().contains("1d") ? random(1, 2, 6, 2) : random(2, 2, 4, 5, 2);
      LayerChecks.gradients(l, l::apply, x, 1e-6);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MaxPooling2D(4).apply(Tensor.zeros(Shape.of(1, 3, 3, 1), DType.FLOAT32)));
    assertTrue(e.getMessage().contains("larger than the input"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new MaxPooling2D(2).apply(Tensor.zeros(Shape.of(3, 3, 1), DType.FLOAT32)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MaxPooling2D(2).apply(Tensor.zeros(Shape.of(1, 3, 3, 1), DType.INT32)));
    assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
  }
}
