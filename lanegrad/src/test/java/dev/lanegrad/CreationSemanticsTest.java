package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Making tensors from Java values as tf.constant makes them from Python values: the dtype a value
 * takes, a shape argument, and values a dtype cannot hold. The expected values are TF's and Keras's
 * (docstrings, guides, kernels, gradient functions); each test names its source.
 */
class CreationSemanticsTest {
  @Test
  void constantWithShape() {
    // tf.constant docstring: tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3]) ->
    // [[1, 2, 3], [4, 5, 6]]; tf.constant(0, shape=(2, 3)) -> zeros; a value of the wrong
    // size for the shape is an error
    Tensor t = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
    assertEquals(Shape.of(2, 3), t.shape());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, t.toIntArray());
    Tensor z = Tensor.of(0, Shape.of(2, 3));
    assertEquals(DType.INT32, z.dtype());
    assertArrayEquals(new int[6], z.toIntArray());
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.of(new int[] {1, 2, 3}, Shape.of(2, 2)));
  }

  @Test
  void constantDtypes() {
    // tf.constant docstring: [1, 2, 3] is int32; a float64 NumPy array stays float64;
    // tf.constant([1, 2], dtype=tf.float64) converts; 1.5 into int32 is a TypeError
    assertEquals(DType.INT32, Tensor.of(new int[] {1, 2, 3}).dtype());
    assertEquals(DType.FLOAT64, Tensor.of(new double[] {1, 2}).dtype());
    Tensor c = Tensor.of(new int[] {1, 2}, DType.FLOAT64);
    assertEquals(DType.FLOAT64, c.dtype());
    close(d(1, 2), c, 0);
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1.5, DType.INT32));
  }

  @Test
  void pythonFloatOperandTakesFloat32() {
    // TF: tf.constant([0.1]) + 0.1 converts 0.1 to float32 first: 0.1f + 0.1f
    Tensor y = Tensor.of(new float[] {0.1f}).add(0.1);
    assertEquals(DType.FLOAT32, y.dtype());
    assertEquals(0.1f + 0.1f, y.toFloatArray()[0]);
  }

  @Test
  void scalarThatTheDtypeCannotHoldIsAnError() {
    // TF: tf.constant([1, 2]) + 1.5 -> TypeError / InvalidArgumentError (1.5 is not an int32)
    assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.of(new int[] {1, 2}), 1.5));
  }
}
