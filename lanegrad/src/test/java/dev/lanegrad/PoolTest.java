package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.ops.PoolOps;
import org.junit.jupiter.api.Test;

/**
 * Max and average pooling on hand-computed values and Keras' documented examples, TF's SAME rule
 * (average pooling counts only the cells inside the input), the routing of max pooling's gradient
 * to the first max of a window, and the errors.
 */
class PoolTest {
  static final int[] TWO = {2, 2};
  static final int[] ONE = {1, 1};

  static Tensor image(float[] v, int h, int w) {
    return Tensor.of(v).reshape(1, h, w, 1);
  }

  /**
   * Keras 2's docstrings (keras/layers/pooling/max_pooling2d.py): {@code [[1, 2, 3, 4], [5, 6, 7,
   * 8], [9, 10, 11, 12]]}, pool 2x2, strides 1: VALID gives {@code [[6, 7, 8], [10, 11, 12]]} and
   * SAME {@code [[6, 7, 8, 8], [10, 11, 12, 12], [10, 11, 12, 12]]}.
   */
  @Test
  void kerasMaxPoolingExamples() {
    Tensor x = image(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4);
    Tensor valid = Ops.maxPool2d(x, TWO, ONE, Padding.VALID);
    assertEquals(Shape.of(1, 2, 3, 1), valid.shape());
    assertArrayEquals(new float[] {6, 7, 8, 10, 11, 12}, valid.toFloatArray());
    Tensor same = Ops.maxPool2d(x, TWO, ONE, Padding.SAME);
    assertArrayEquals(
        new float[] {6, 7, 8, 8, 10, 11, 12, 12, 10, 11, 12, 12}, same.toFloatArray());
  }

  /**
   * Keras 2's docstring (keras/layers/pooling/average_pooling2d.py): {@code [[1, 2, 3], [4, 5, 6],
   * [7, 8, 9]]}, pool 2x2, strides 1, VALID: {@code [[3, 4], [6, 7]]}.
   */
  @Test
  void kerasAveragePoolingExample() {
    Tensor x = image(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
    assertArrayEquals(
        new float[] {3, 4, 6, 7}, Ops.avgPool2d(x, TWO, ONE, Padding.VALID).toFloatArray());
  }

  /**
   * 3x3, pool 2, stride 2, SAME: out 2x2 and one padding cell after each axis (TF's rule). Max:
   * {1,5,4,3} -> 5, {2,0} -> 2, {6,7} -> 7, {8} -> 8. Average counts only the cells inside: 13/4,
   * 2/2, 13/2, 8/1 (not 13/4, 2/4, 13/4, 8/4 as a zero-padded mean would give).
   */
  @Test
  void sameCountsOnlyRealCells() {
    Tensor x = image(new float[] {1, 5, 2, 4, 3, 0, 6, 7, 8}, 3, 3);
    assertArrayEquals(
        new float[] {5, 2, 7, 8}, Ops.maxPool2d(x, TWO, TWO, Padding.SAME).toFloatArray());
    assertArrayEquals(
        new float[] {3.25f, 1, 6.5f, 8}, Ops.avgPool2d(x, TWO, TWO, Padding.SAME).toFloatArray());
    // all-negative input: the padding cells (-inf for max) never win
    Tensor neg = x.neg();
    assertArrayEquals(
        new float[] {-1, -0f, -6, -8}, Ops.maxPool2d(neg, TWO, TWO, Padding.SAME).toFloatArray());
  }

  @Test
  void gradients() {
    // ties: TF's MaxPoolGrad sends the gradient to the first max of the window (row-major)
    Tensor x = Tensor.of(new double[] {1, 1, 1, 1, 1, 0, 3, 3, 3}).reshape(1, 3, 3, 1);
    GradientTape tape = new GradientTape(true);
    Tensor m;
    Tensor a;
    try (tape) {
      tape.watch(x);
      m = Ops.maxPool2d(x, TWO, TWO, Padding.SAME).sum();
      a = Ops.avgPool2d(x, TWO, TWO, Padding.SAME).sum();
    }
    // windows {1,1,1,1} -> first, {1,0} -> (0,2), {3,3} -> (2,0), {3} -> (2,2)
    assertArrayEquals(
        new double[] {1, 0, 1, 0, 0, 0, 1, 0, 1}, tape.gradient(m, x).toDoubleArray());
    // each cell gets 1 / (the count of the window that holds it)
    assertArrayEquals(
        new double[] {0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1},
        tape.gradient(a, x).toDoubleArray());
  }

  @Test
  void maxPoolGradGivenTheForwardsOutputRoutesAsWithout() {
    // TF's MaxPoolGrad(orig_input, orig_output, grad): the max read from orig_output; ties (the
    // values are drawn from five integers) still go to the first max in the window
    Tensor x = Tensor.randomUniform(Shape.of(2, 7, 6, 19), 0, 5, 3).floor();
    int[] k = {3, 2};
    int[] s = {2, 2};
    for (boolean same : new boolean[] {true, false}) {
      Tensor y = Ops.maxPool2d(x, k, s, same ? Padding.SAME : Padding.VALID);
      Tensor dy = Tensor.randomNormal(y.shape(), 4);
      assertArrayEquals(
          PoolOps.maxPool2dGrad(x, dy, k, s, same).toFloatArray(),
          PoolOps.maxPool2dGrad(x, y, dy, k, s, same).toFloatArray());
    }
    Tensor y = Ops.maxPool2d(x, k, s, Padding.VALID);
    ConvTest.rejects(
        "maxPoolGrad: y has shape (2, 3, 3, 19) but the pool's output is (2, 4, 3, 19)",
        () -> PoolOps.maxPool2dGrad(x, y, Ops.maxPool2d(x, k, s, Padding.SAME), k, s, true));
  }

  @Test
  void onePoolsAreTwoPoolsOfHeightOne() {
    Tensor x = Tensor.randomNormal(Shape.of(2, 9, 3), 5);
    Tensor x4 = x.reshape(2, 1, 9, 3);
    int[] k = {1, 3};
    int[] s = {1, 2};
    assertArrayEquals(
        Ops.maxPool2d(x4, k, s, Padding.SAME).toFloatArray(),
        Ops.maxPool1d(x, 3, 2, Padding.SAME).toFloatArray());
    assertArrayEquals(
        Ops.avgPool2d(x4, k, s, Padding.VALID).toFloatArray(),
        Ops.avgPool1d(x, 3, 2, Padding.VALID).toFloatArray());
    assertEquals(Shape.of(2, 5, 3), Ops.maxPool1d(x, 3, 2, Padding.SAME).shape());
    assertEquals(Shape.of(2, 4, 3), Ops.avgPool1d(x, 3, 2, Padding.VALID).shape());
  }

  @Test
  void badArgumentsNameTheOpAndTheShapes() {
    Tensor x = Tensor.ones(Shape.of(1, 4, 4, 2), DType.FLOAT32);
    ConvTest.rejects(
        "maxPool2d: needs input [batch, height, width, channels] (rank 4), got (4, 4, 2)",
        () -> Ops.maxPool2d(x.reshape(4, 4, 2), TWO, TWO, Padding.SAME));
    ConvTest.rejects(
        "avgPool2d: poolSize [0, 2] must be positive",
        () -> Ops.avgPool2d(x, new int[] {0, 2}, TWO, Padding.SAME));
    ConvTest.rejects(
        "maxPool2d: with VALID padding the height 4 is smaller than the window 5",
        () -> Ops.maxPool2d(x, new int[] {5, 5}, TWO, Padding.VALID));
    ConvTest.rejects(
        "maxPool2d: dtype int32", () -> Ops.maxPool2d(x.cast(DType.INT32), TWO, TWO, Padding.SAME));
    ConvTest.rejects(
        "avgPool2d: argument 'padding' is null", () -> Ops.avgPool2d(x, TWO, TWO, null));
    ConvTest.rejects(
        "maxPool1d: needs input [batch, width, channels] (rank 3), got (1, 4, 4, 2)",
        () -> Ops.maxPool1d(x, 2, 2, Padding.SAME));
    ConvTest.rejects(
        "avgPool1d: poolSize 2 and stride 0 must be positive",
        () -> Ops.avgPool1d(x.reshape(1, 16, 2), 2, 0, Padding.SAME));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ops.maxPool2d(x, TWO, new int[] {1, 2, 3}, Padding.SAME));
    assertTrue(e.getMessage().startsWith("maxPool2d: strides [1, 2, 3]"), e.getMessage());
  }
}
