package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Dtypes as TF keeps them: no promotion between tensors, cast (and its gradient), which ops take
 * integers, int64 to int32. The expected values are TF's and Keras's (docstrings, guides, kernels,
 * gradient functions); each test names its source.
 */
class DTypeSemanticsTest {
  @Test
  void cast() {
    // tf.cast docstring: [1.8, 2.2] float32 to int32 -> [1, 2] (truncation toward zero);
    // negative values truncate toward zero too: -1.8 -> -1; bool -> float is 0/1;
    // the tensor guide: cast([2.2, 3.3, 4.4]) to an integer type -> [2, 3, 4]
    assertArrayEquals(
        new int[] {1, 2}, Tensor.of(new float[] {1.8f, 2.2f}).cast(DType.INT32).toIntArray());
    assertArrayEquals(
        new int[] {-1, -2}, Tensor.of(new float[] {-1.8f, -2.2f}).cast(DType.INT32).toIntArray());
    assertArrayEquals(
        new long[] {2, 3, 4},
        Tensor.of(new double[] {2.2, 3.3, 4.4}).cast(DType.INT64).toLongArray());
    close(d(1, 0), Tensor.of(new boolean[] {true, false}).cast(DType.FLOAT32), 0);
    assertArrayEquals(
        new boolean[] {true, false, true},
        Tensor.of(new float[] {2, 0, -0.5f}).cast(DType.BOOL).toBooleanArray());
  }

  @Test
  void castKeepsTheGradientBetweenFloats() {
    // math_grad.py _CastGrad: float -> float casts pass the gradient through (cast back)
    Tensor x = Tensor.of(new float[] {1, 2});
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = x.cast(DType.FLOAT64).mul(3);
    }
    Tensor g = t.gradient(y, x);
    assertEquals(DType.FLOAT32, g.dtype());
    close(d(3, 3), g, 0);
  }

  @Test
  void mixedDtypesAreAnError() {
    // TF never promotes: tf.constant(1) + tf.constant(1.0) -> InvalidArgumentError
    // ("cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is
    // a float tensor")
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.of(1), Tensor.of(1.0f)));
    assertTrue(
        e.getMessage().contains("int32") && e.getMessage().contains("float32"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.of(new float[] {1}).mul(Tensor.of(new double[] {1})));
  }

  @Test
  void castToIntCutsTheGradient() {
    // math_grad.py _CastGrad: no gradient through a cast to an integer type; the float path
    // still counts: z = cast(cast(x, int32), float64) + x -> dz/dx = 1 (None through the int)
    Tensor x = Tensor.of(2.5);
    GradientTape t = new GradientTape();
    Tensor z;
    try (t) {
      t.watch(x);
      z = x.cast(DType.INT32).cast(DType.FLOAT64).add(x);
    }
    close(1.0, t.gradient(z, x), 0);
  }

  @Test
  void castInt64ToInt32KeepsTheLowBits() {
    // TF's Cast is a C++ static_cast: int64 2^32 + 5 -> int32 5; -1 stays -1
    assertArrayEquals(
        new int[] {5, -1},
        Tensor.of(new long[] {(1L << 32) + 5, -1}).cast(DType.INT32).toIntArray());
  }

  @Test
  void floatOnlyOpsRejectIntegers() {
    // TF registers Sqrt/Exp/Log/Sigmoid/Tanh/Softmax kernels for floating types only:
    // tf.sqrt(tf.constant(4)) -> NotFoundError "Could not find device for node ... Sqrt
    // [T=DT_INT32]"; tf.nn.softmax on int32 -> TypeError
    Tensor i = Tensor.of(new int[] {4});
    assertThrows(IllegalArgumentException.class, () -> Ops.sqrt(i));
    assertThrows(IllegalArgumentException.class, () -> Ops.exp(i));
    assertThrows(IllegalArgumentException.class, () -> Ops.log(i));
    assertThrows(IllegalArgumentException.class, () -> Ops.sigmoid(i));
    assertThrows(IllegalArgumentException.class, () -> Ops.tanh(i));
    assertThrows(IllegalArgumentException.class, () -> Ops.softmax(i, 0));
  }

  @Test
  void integerOpsThatTfHas() {
    // TF has int32 kernels for Neg, Abs, Sign, Square, Relu, Maximum, Minimum
    Tensor i = Tensor.of(new int[] {-3, 0, 2});
    assertArrayEquals(new int[] {3, 0, -2}, Ops.negative(i).toIntArray());
    assertArrayEquals(new int[] {-1, 0, 1}, Ops.sign(i).toIntArray());
    assertArrayEquals(new int[] {9, 0, 4}, Ops.square(i).toIntArray());
    assertArrayEquals(new int[] {0, 0, 2}, Ops.relu(i).toIntArray());
    assertArrayEquals(new int[] {-1, 0, 2}, Ops.maximum(i, -1).toIntArray());
    assertArrayEquals(new int[] {-3, 0, 1}, Ops.minimum(i, 1).toIntArray());
  }

  /** math_ops.cast returns a tensor (or variable) of the same dtype unchanged, as TF's does. */
  @Test
  void castToTheSameDtypeIsTheIdentity() {
    Tensor t = Tensor.of(new float[] {1, 2});
    assertTrue(t.cast(DType.FLOAT32) == t);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(t);
      y = t.cast(DType.INT32).cast(DType.FLOAT32);
    }
    assertNull(tape.gradient(y, t)); // _CastGrad: no gradient through an integer
  }
}
