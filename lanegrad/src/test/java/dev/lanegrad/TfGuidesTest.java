package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Small programs of TensorFlow's guides (tensorflow/docs site/en/guide/tensor.ipynb,
 * variable.ipynb, autodiff.ipynb, advanced_autodiff.ipynb) written with lanegrad, each checked
 * against the output the guide prints: the ones the semantics tests (TapeSemanticsTest,
 * SeedGradientsTest, GradientTapeTest) do not already run.
 */
class TfGuidesTest {
  @Test
  void tensorGuideBroadcasting() {
    // x = tf.reshape(tf.constant([1, 2, 3]), [3, 1]); y = tf.range(1, 5); tf.multiply(x, y)
    Tensor x = Tensor.of(new int[] {1, 2, 3}).reshape(3, 1);
    Tensor y = Tensor.range(4).add(1);
    assertEquals(
        "Tensor(\n[[ 1  2  3  4]\n [ 2  4  6  8]\n [ 3  6  9 12]], shape=(3, 4), dtype=int32)",
        Ops.multiply(x, y).toString());
    // tf.broadcast_to(tf.constant([1, 2, 3]), [3, 3])
    assertArrayEquals(
        new int[] {1, 2, 3, 1, 2, 3, 1, 2, 3},
        Ops.broadcastTo(Tensor.of(new int[] {1, 2, 3}), 3, 3).toIntArray());
    // c = [[4.0, 5.0], [10.0, 1.0]]: tf.reduce_max(c) 10.0, tf.math.argmax(c) [1 0]
    Tensor c = Tensor.of(new float[][] {{4, 5}, {10, 1}});
    assertEquals(10f, c.max().floatValue());
    assertArrayEquals(new long[] {1, 0}, Ops.argmax(c, 0).toLongArray());
    // tf.cast of float to int truncates toward zero: [2.2, 3.3, 4.4] -> [2, 3, 4]
    assertArrayEquals(
        new int[] {2, 3, 4, -2},
        Tensor.of(new double[] {2.2, 3.3, 4.4, -2.7}).cast(DType.INT32).toIntArray());
  }

  @Test
  void emptyOuterArraysNeedTheirShape() {
    // Java keeps no inner length below an empty level; the Shape overload says it (tf.constant's
    // shape= argument)
    assertEquals(Shape.of(0, 0), Tensor.of(new int[0][2]).shape());
    Tensor t = Tensor.of(new int[0][2], Shape.of(0, 2));
    assertEquals(Shape.of(0, 2), t.shape());
    assertEquals(DType.INT32, t.dtype());
    assertEquals(Shape.of(0, 2), Tensor.of(new float[0][], DType.FLOAT64, Shape.of(0, 2)).shape());
  }

  @Test
  void variableGuide() {
    // a = tf.Variable([2.0, 3.0]); b = tf.Variable(a): b is a copy
    Variable a = Variable.of(new float[] {2, 3});
    Variable b = Variable.of(a);
    a.assign(new float[] {5, 6});
    assertArrayEquals(new float[] {2, 3}, b.toFloatArray());
    assertArrayEquals(new float[] {7, 9}, a.assignAdd(new float[] {2, 3}).toFloatArray());
    assertArrayEquals(new float[] {0, 0}, a.assignSub(new float[] {7, 9}).toFloatArray());
    // a.assign([1.0, 2.0, 3.0]): ValueError, the variable keeps its value
    assertThrows(IllegalArgumentException.class, () -> a.assign(new float[] {1, 2, 3}));
    assertArrayEquals(new float[] {0, 0}, a.toFloatArray());
  }

  @Test
  void autodiffGuide() {
    // "Cases where gradient returns None": a stateful assign breaks the chain
    Variable x0 = Variable.of(3.0f);
    Variable x1 = Variable.of(0.0f);
    GradientTape t3 = new GradientTape();
    Tensor y3;
    try (t3) {
      x1.assign(x1.add(x0));
      y3 = x1.pow(2);
    }
    assertNull(t3.gradient(y3, x0));

    // an integer variable gets no gradient: tf.Variable(2) -> None
    Variable iv = Variable.of(2);
    GradientTape t5 = new GradientTape();
    Tensor y5;
    try (t5) {
      y5 = iv.mul(iv);
    }
    assertNull(t5.gradient(y5, iv));
  }

  @Test
  void advancedAutodiffGuide() {
    // jacobian of sigmoid(x + delta) over 201 points with respect to a scalar delta: shape (201,),
    // the sigmoid's derivative, largest (0.25) at x = 0
    float[] xs = new float[201];
    for (int i = 0; i < 201; i++) {
      xs[i] = -10f + 0.1f * i;
    }
    Variable delta = Variable.of(0.0f);
    GradientTape t3 = new GradientTape();
    Tensor s;
    try (t3) {
      s = Tensor.of(xs).add(delta).sigmoid();
    }
    Tensor j = t3.jacobian(s, delta);
    assertEquals(Shape.of(201), j.shape());
    assertEquals(0.25f, j.toFloatArray()[100], 1e-6f);
  }
}
