package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small programs of TensorFlow's guides (tensorflow/docs site/en/guide/tensor.ipynb,
 * variable.ipynb, autodiff.ipynb, advanced_autodiff.ipynb) written with lanegrad, each checked
 * against the output the guide prints.
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
    // x = tf.constant(3.0), persistent tape: y = x * x, z = y * y; dz/dx = 108, dy/dx = 6
    Tensor x = Tensor.of(3.0f);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
      z = y.mul(y);
    }
    assertEquals(108f, tape.gradient(z, x).floatValue());
    assertEquals(6f, tape.gradient(y, x).floatValue());

    // gradient of a list of targets is the sum: y0 = x**2, y1 = 1 / x at x = 2: 4 - 0.25 = 3.75
    Variable v = Variable.of(2.0f);
    GradientTape t2 = new GradientTape();
    Tensor y0;
    Tensor y1;
    try (t2) {
      y0 = v.pow(2);
      y1 = Ops.divide(1f, v);
    }
    assertEquals(3.75f, t2.gradient(List.of(y0, y1), List.of(v)).get(0).floatValue());

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

    // replacing a variable by a tensor: x = x + 1 is no longer watched on the next pass
    Tensor xv = Variable.of(2.0f);
    for (int epoch = 0; epoch < 2; epoch++) {
      GradientTape t4 = new GradientTape();
      Tensor y4;
      try (t4) {
        y4 = xv.add(1);
      }
      Tensor g = t4.gradient(y4, xv);
      if (epoch == 0) {
        assertEquals(1f, g.floatValue());
      } else {
        assertNull(g);
      }
      xv = xv.add(1);
    }

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
    // higher order: y = x^3 at x = 1: dy/dx 3.0, d2y/dx2 6.0
    Variable x = Variable.of(1.0f);
    GradientTape t2 = new GradientTape();
    Tensor dy;
    try (t2) {
      GradientTape t1 = new GradientTape();
      Tensor y;
      try (t1) {
        y = x.mul(x).mul(x);
      }
      dy = t1.gradient(y, x);
    }
    assertEquals(3f, dy.floatValue());
    assertEquals(6f, t2.gradient(dy, x).floatValue());

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

    // stop_recording: what runs inside is not recorded, so its gradient is None
    Variable a = Variable.of(2.0f);
    Variable b = Variable.of(3.0f);
    GradientTape t4 = new GradientTape(true);
    Tensor xSq;
    Tensor ySq;
    try (t4) {
      xSq = a.mul(a);
      try (AutoCloseable pause = t4.stopRecording()) {
        ySq = b.mul(b);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      xSq = xSq.add(ySq);
    }
    assertEquals(4f, t4.gradient(xSq, a).floatValue());
    assertNull(t4.gradient(xSq, b));
  }
}
