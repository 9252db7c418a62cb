package dev.lanegrad;

import static dev.lanegrad.TfFixtures.INF;
import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Values of the elementwise ops as TF computes them: the tf.math docstrings, TF's float32 tanh bit
 * for bit, C99's pow, integer division as true division in float64, integer overflow. The expected
 * values are TF's and Keras's (docstrings, guides, kernels, gradient functions); each test names
 * its source.
 */
class ElementwiseMathSemanticsTest {
  @Test
  void maximum() {
    // tf.math.maximum docstring: [0., 0., 0., 0.] vs [-2., 0., 2., 5.] -> [0., 0., 2., 5.];
    // broadcast [-5., 0., 0., 0.] vs [-3.] -> [-3., 0., 0., 0.]
    close(
        d(0, 0, 2, 5),
        Ops.maximum(Tensor.of(new float[] {0, 0, 0, 0}), Tensor.of(new float[] {-2, 0, 2, 5})),
        0);
    close(
        d(-3, 0, 0, 0),
        Ops.maximum(Tensor.of(new float[] {-5, 0, 0, 0}), Tensor.of(new float[] {-3})),
        0);
  }

  @Test
  void minimum() {
    // tf.math.minimum docstring: [0., 0., 0., 0.] vs [-5., -2., 0., 3.] -> [-5., -2., 0., 0.];
    // [-5., 0., 0., 0.] vs [-3.] -> [-5., -3., -3., -3.]
    close(
        d(-5, -2, 0, 0),
        Ops.minimum(Tensor.of(new float[] {0, 0, 0, 0}), Tensor.of(new float[] {-5, -2, 0, 3})),
        0);
    close(
        d(-5, -3, -3, -3),
        Ops.minimum(Tensor.of(new float[] {-5, 0, 0, 0}), Tensor.of(new float[] {-3})),
        0);
  }

  @Test
  void relu() {
    // tf.nn.relu docstring: relu([-2., 0., 3.]) -> [0., 0., 3.]
    close(d(0, 0, 3), Ops.relu(Tensor.of(new float[] {-2, 0, 3})), 0);
  }

  @Test
  void sigmoid() {
    // tf.math.sigmoid docstring: [0.0, 1.0, 50.0, 100.0] -> [0.5, 0.7310586, 1.0, 1.0]
    close(d(0.5, 0.7310586, 1.0, 1.0), Ops.sigmoid(Tensor.of(new float[] {0, 1, 50, 100})), 1e-7);
  }

  @Test
  void tanh() {
    // tf.math.tanh docstring: [-inf, -5, -0.5, 1, 1.2, 2, 3, inf] ->
    // [-1., -0.99990916, -0.46211717, 0.7615942, 0.8336547, 0.9640276, 0.9950547, 1.]
    Tensor x =
        Tensor.of(
            new float[] {
              Float.NEGATIVE_INFINITY, -5, -0.5f, 1, 1.2f, 2, 3, Float.POSITIVE_INFINITY
            });
    close(
        d(-1, -0.99990916, -0.46211717, 0.7615942, 0.8336547, 0.9640276, 0.9950547, 1),
        Ops.tanh(x),
        1e-7);
  }

  @Test
  void signAbsSquare() {
    // tf.math.sign docstring: sign([0., 2., -3.]) -> [0., 1., -1.];
    // tf.math.abs docstring: [-2.25, 3.25] -> [2.25, 3.25];
    // tf.math.square docstring: square([-2., 0., 3.]) -> [4., 0., 9.]
    close(d(0, 1, -1), Ops.sign(Tensor.of(new float[] {0, 2, -3})), 0);
    close(d(2.25, 3.25), Ops.abs(Tensor.of(new float[] {-2.25f, 3.25f})), 0);
    close(d(4, 0, 9), Ops.square(Tensor.of(new float[] {-2, 0, 3})), 0);
    assertArrayEquals(new int[] {1, 2}, Ops.abs(Tensor.of(new int[] {-1, 2})).toIntArray());
  }

  @Test
  void expLogSqrt() {
    // tf.math.exp docstring: exp(2.0) -> 7.389056; exp([2.0, 8.0]) -> [7.389056, 2980.958];
    // tf.math.log docstring: log([0, 0.5, 1, 5]) -> [-inf, -0.6931472, 0., 1.609438];
    // tf.math.sqrt docstring: [[4.], [16.]] -> [[2.], [4.]]; [[-4.], [16.]] -> [[nan], [4.]]
    close(7.389056, Ops.exp(Tensor.of(2.0f)), 1e-7);
    close(d(7.389056, 2980.958), Ops.exp(Tensor.of(new float[] {2, 8})), 1e-7);
    close(
        d(Double.NEGATIVE_INFINITY, -0.6931472, 0, 1.609438),
        Ops.log(Tensor.of(new float[] {0, 0.5f, 1, 5})),
        1e-7);
    Tensor s = Ops.sqrt(Tensor.of(new float[][] {{4}, {16}}));
    assertEquals(Shape.of(2, 1), s.shape());
    close(d(2, 4), s, 0);
    close(d(Double.NaN, 4), Ops.sqrt(Tensor.of(new float[][] {{-4}, {16}})), 0);
  }

  @Test
  void powIntegers() {
    // tf.math.pow docstring: [[2, 2], [3, 3]] ** [[8, 16], [2, 3]] -> [[256, 65536], [9, 27]]
    Tensor p =
        Ops.pow(Tensor.of(new int[][] {{2, 2}, {3, 3}}), Tensor.of(new int[][] {{8, 16}, {2, 3}}));
    assertEquals(DType.INT32, p.dtype());
    assertArrayEquals(new int[] {256, 65536, 9, 27}, p.toIntArray());
  }

  @Test
  void powIntegerNegativeExponentIsAnError() {
    // cwise_ops.h: "Integers to negative integer powers are not allowed"
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.pow(Tensor.of(new int[] {2}), Tensor.of(new int[] {-1})));
  }

  @Test
  void powNegativeBaseFloat() {
    // TF's Pow on floats is std::pow: (-2.)**2 = 4, (-2.)**3 = -8, (-8.)**(1/3) = nan
    close(
        d(4, -8, Double.NaN),
        Ops.pow(Tensor.of(new double[] {-2, -2, -8}), Tensor.of(new double[] {2, 3, 1.0 / 3})),
        0);
  }

  @Test
  void addSubtractWithPythonScalar() {
    // tf.math.add docstring: [1, 2, 3, 4, 5] + 1 -> [2, 3, 4, 5, 6] (int32);
    // tf.math.subtract docstring: x - 1 -> [0, 1, 2, 3, 4] and 1 - x -> [0, -1, -2, -3, -4]
    Tensor x = Tensor.of(new int[] {1, 2, 3, 4, 5});
    Tensor a = Ops.add(x, 1);
    assertEquals(DType.INT32, a.dtype());
    assertArrayEquals(new int[] {2, 3, 4, 5, 6}, a.toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Ops.subtract(x, 1).toIntArray());
    assertArrayEquals(new int[] {0, -1, -2, -3, -4}, Ops.subtract(1, x).toIntArray());
  }

  @Test
  void multiply() {
    // tf.math.multiply docstring: x * x for [1, 2, 3, 4] -> [1, 4, 9, 16];
    // tf.math.multiply(7, 6) -> 42 int32; ones([1, 2]) * ones([2, 1]) -> ones([2, 2])
    Tensor x = Tensor.of(new int[] {1, 2, 3, 4});
    assertArrayEquals(new int[] {1, 4, 9, 16}, Ops.multiply(x, x).toIntArray());
    Tensor m = Ops.multiply(7, 6);
    assertEquals(DType.INT32, m.dtype());
    assertEquals(42, m.intValue());
    Tensor b =
        Ops.multiply(
            Tensor.ones(Shape.of(1, 2), DType.FLOAT32), Tensor.ones(Shape.of(2, 1), DType.FLOAT32));
    assertEquals(Shape.of(2, 2), b.shape());
    close(d(1, 1, 1, 1), b, 0);
  }

  @Test
  void integerDivisionIsTrueDivisionInFloat64() {
    // tf.math.divide docstring: tf.divide(tf.constant(16), tf.constant(4)) -> 4.0 float64;
    // tf.math.truediv: int32 operands are cast to float64: [7, -7] / 2 -> [3.5, -3.5]
    Tensor q = Ops.divide(Tensor.of(16), Tensor.of(4));
    assertEquals(DType.FLOAT64, q.dtype());
    assertEquals(4.0, q.doubleValue());
    Tensor h = Tensor.of(new int[] {7, -7}).div(2);
    assertEquals(DType.FLOAT64, h.dtype());
    close(d(3.5, -3.5), h, 0);
    Tensor z = Tensor.of(new long[] {1}).div(Tensor.of(new long[] {0}));
    assertEquals(DType.FLOAT64, z.dtype());
    assertEquals(Double.POSITIVE_INFINITY, z.doubleValue());
  }

  @Test
  void integerOverflowWraps() {
    // TF int32 arithmetic wraps (two's complement): 2147483647 + 1 -> -2147483648
    assertEquals(Integer.MIN_VALUE, Tensor.of(Integer.MAX_VALUE).add(1).intValue());
    assertEquals(Long.MIN_VALUE, Tensor.of(Long.MAX_VALUE).add(1).longValue());
  }

  /**
   * tf.math.tanh's docstring: [-inf, -5, -0.5, 1, 1.2, 2, 3, inf] gives [-1, -0.99990916,
   * -0.46211717, 0.7615942, 0.8336547, 0.9640276, 0.9950547, 1] in float32 (Eigen's rational tanh;
   * the correctly rounded values differ at -5, 1.2 and 3). NaN stays NaN, -0 stays -0.
   */
  @Test
  void float32TanhIsTfsBitForBit() {
    assertArrayEquals(
        new float[] {
          -1f, -0.99990916f, -0.46211717f, 0.7615942f, 0.8336547f, 0.9640276f, 0.9950547f, 1f
        },
        Tensor.of(new float[] {-INF, -5, -0.5f, 1, 1.2f, 2, 3, INF}).tanh().toFloatArray());
    float[] odd = Tensor.of(new float[] {Float.NaN, -0f, 1e-5f}).tanh().toFloatArray();
    assertTrue(Float.isNaN(odd[0]));
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(odd[1]));
    assertEquals(1e-5f, odd[2]);
    // within a few ulps of the true tanh (Eigen: "a couple of ulps"; near +-1 it saturates
    // early: tanh(7.912) is 1, the true value 0.9999997)
    float[] xs = new float[20001];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -10f + i * 1e-3f;
    }
    float[] ys = Tensor.of(xs).tanh().toFloatArray();
    for (int i = 0; i < xs.length; i++) {
      float exact = (float) Math.tanh(xs[i]);
      assertTrue(
          Math.abs(ys[i] - exact) <= Math.max(4 * Math.ulp(exact), 5e-7f),
          "tanh(" + xs[i] + ") = " + ys[i] + ", exact " + exact);
    }
    // float64 keeps the correctly rounded libm value
    assertEquals(Math.tanh(1.2), Tensor.of(new double[] {1.2}).tanh().doubleValue(), 0.0);
  }

  /** C99 pow, which TF's CPU kernel calls: (-1)^inf = 1, 1^NaN = 1, NaN^0 = 1, 0^-1 = inf. */
  @Test
  void powFollowsC99() {
    float nan = Float.NaN;
    assertArrayEquals(
        new float[] {1f, 1f, 1f, INF, Float.NEGATIVE_INFINITY},
        Tensor.of(new float[] {-1, 1, nan, 0, -0f})
            .pow(Tensor.of(new float[] {INF, nan, 0, -1, -1}))
            .toFloatArray());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.of(new int[] {2}).pow(Tensor.of(new int[] {-1})));
  }

  /** math_ops.truediv: int32 / int32 is float64, so 7 / -2 = -3.5 and 1 / 0 = inf, 0 / 0 NaN. */
  @Test
  void integerDivisionOfNegativesAndByZero() {
    Tensor q = Tensor.of(new int[] {7, -7, 1, 0}).div(Tensor.of(new int[] {-2, 2, 0, 0}));
    assertEquals(DType.FLOAT64, q.dtype());
    double[] v = q.toDoubleArray();
    assertEquals(-3.5, v[0]);
    assertEquals(-3.5, v[1]);
    assertEquals(Double.POSITIVE_INFINITY, v[2]);
    assertTrue(Double.isNaN(v[3]));
  }
}
