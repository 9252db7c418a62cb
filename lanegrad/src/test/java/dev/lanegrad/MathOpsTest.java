package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forward values of the unary and binary math ops and activations added for issue 14, against TF's
 * documented outputs (the docstrings of tf.math.* and tf.nn.* in TF 2.15, quoted below) or values
 * computed by hand, and their errors. Gradients are in GradientCheckTest's table.
 */
class MathOpsTest {
  static final float NANF = Float.NaN;
  static final float INFF = Float.POSITIVE_INFINITY;

  static Tensor f(float... v) {
    return Tensor.of(v);
  }

  static Tensor d(double... v) {
    return Tensor.of(v);
  }

  static void near(float[] expected, Tensor t, float tol) {
    assertEquals(DType.FLOAT32, t.dtype());
    float[] got = t.toFloatArray();
    assertEquals(expected.length, got.length);
    for (int i = 0; i < got.length; i++) {
      if (!Float.isFinite(expected[i])) {
        assertEquals(expected[i], got[i], "element " + i);
      } else {
        assertEquals(expected[i], got[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
      }
    }
  }

  // tf.math.floor / ceil docstrings: [-1.7, -1.5, -0.2, 0.2, 1.5, 1.7, 2.0]
  @Test
  void floorCeilAndRoundHalfToEven() {
    Tensor x = f(-1.7f, -1.5f, -0.2f, 0.2f, 1.5f, 1.7f, 2.0f);
    assertArrayEquals(new float[] {-2, -2, -1, 0, 1, 1, 2}, Ops.floor(x).toFloatArray());
    assertArrayEquals(new float[] {-1, -1, -0f, 1, 2, 2, 2}, Ops.ceil(x).toFloatArray());
    // tf.math.round's docstring: [0.9, 2.5, 2.3, 1.5, -4.5] -> [1, 2, 2, 2, -4] (half to even)
    assertArrayEquals(
        new float[] {1, 2, 2, 2, -4}, Ops.round(f(0.9f, 2.5f, 2.3f, 1.5f, -4.5f)).toFloatArray());
    assertArrayEquals(
        new double[] {0, -0.0, 2, 4, -2}, d(0.5, -0.5, 1.5, 3.5, -2.5).round().toDoubleArray());
    Tensor ints = Tensor.of(new int[] {3, -4});
    assertEquals(DType.INT32, ints.round().dtype());
    assertArrayEquals(new int[] {3, -4}, ints.round().toIntArray());
    assertIae(() -> Ops.floor(Tensor.of(new int[] {1})), "floor", "int32");
  }

  @Test
  void reciprocalRsqrtExpm1SinCos() {
    // tf.math.rsqrt's docstring: [2., 0., -2.] -> [0.707, inf, nan]
    near(new float[] {0.70710677f, INFF, NANF}, Ops.rsqrt(f(2, 0, -2)), 0);
    near(new float[] {0.5f, 0.25f, -INFF}, Ops.reciprocal(f(2, 4, -0f)), 0);
    // tf.math.expm1's docstring: [2.0, 8.0] -> [6.389056, 2979.958]
    near(new float[] {6.389056f, 2979.958f}, Ops.expm1(f(2, 8)), 1e-6f);
    // x + x^2/2 and x - x^2/2: exact where exp(x) - 1 and log(1 + x) would keep 7 digits
    assertEquals(1.00000000005e-10, d(1e-10).expm1().doubleValue(), 3e-26);
    assertEquals(0.99999999995e-10, d(1e-10).log1p().doubleValue(), 3e-26);
    near(new float[] {0, 1, 0.84147096f}, Ops.sin(f(0, (float) (Math.PI / 2), 1)), 1e-6f);
    near(new float[] {1, 0.5403023f}, Ops.cos(f(0, 1)), 1e-6f);
  }

  @Test
  void erfFloat32IsEigensApproximationAndFloat64IsAccurate() {
    // erf(0.5), erf(1), erf(2) to 17 digits (A&S table 7.1); beyond 4 it is 1 in float
    double[] x = {0, 0.5, 1, 2, 3, -1, 5, 0.1, 1e-300};
    double[] want = {
      0,
      0.52049987781304654,
      0.84270079294971487,
      0.99532226501895273,
      0.99997790950300141,
      -0.84270079294971487,
      0.99999999999846254,
      0.11246291601828489,
      1.1283791670955126e-300
    };
    double[] got = d(x).erf().toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(want[i], got[i], 4 * Math.ulp(want[i]), "erf(" + x[i] + ")");
    }
    float[] g32 = Tensor.of(new float[] {0.5f, 1, 2, 4, 10, -10}).erf().toFloatArray();
    float[] w32 = {0.5204999f, 0.8427008f, 0.9953223f, 1, 1, -1};
    for (int i = 0; i < w32.length; i++) {
      assertEquals(w32[i], g32[i], 2 * Math.ulp(w32[i]), "float erf element " + i);
    }
  }

  @Test
  void activations() {
    // tf.math.softplus's docstring: softplus(range(0, 2)) -> [0.6931472, 1.3132616]
    near(new float[] {0.6931472f, 1.3132616f}, Ops.softplus(f(0, 1)), 0);
    // past TF's threshold softplus is x, and below -threshold e^x: no overflow, no log1p(0)
    assertArrayEquals(
        new float[] {100, (float) Math.exp(-30)}, f(100, -30).softplus().toFloatArray());
    assertEquals(1000.0, d(1000).softplus().doubleValue());
    near(new float[] {0.5f, -0.75f, 0}, Ops.softsign(f(1, -3, 0)), 0);
    near(new float[] {-0.63212055f, 0, 2}, Ops.elu(f(-1, 0, 2)), 1e-7f);
    // selu(x) = 1.0507 x above 0, 1.7581 (e^x - 1) below (TF's selu_op functor)
    near(new float[] {-1.1113307f, 0, 1.050701f}, Ops.selu(f(-1, 0, 1)), 1e-7f);
    near(new float[] {0, 3, 6, 0}, Ops.relu6(f(-1, 3, 7, -0f)), 0);
    // TF registers Relu6 for integer types too
    assertArrayEquals(new int[] {0, 4, 6}, Ops.relu6(new int[] {-3, 4, 9}).toIntArray());
    near(new float[] {0.7310586f, -0.26894143f, 0}, Ops.silu(f(1, -1, 0)), 1e-7f);
    near(new float[] {-0.4f, -0.2f, 0, 1}, Ops.leakyRelu(f(-2, -1, 0, 1)), 0);
    near(new float[] {-1, 3}, f(-2, 3).leakyRelu(0.5), 0);
    // an integer input becomes float32, as tf.nn.leaky_relu casts it
    Tensor li = Ops.leakyRelu(Tensor.of(new int[] {-5, 5}), 0.1);
    assertEquals(DType.FLOAT32, li.dtype());
    assertArrayEquals(new float[] {-0.5f, 5}, li.toFloatArray());
  }

  // tf.nn.gelu's docstring, x = [-3, -1, 0, 1, 3]
  @Test
  void geluExactAndApproximateAsTfDocuments() {
    Tensor x = f(-3, -1, 0, 1, 3);
    near(
        new float[] {-0.00404951f, -0.15865529f, 0, 0.8413447f, 2.9959507f},
        Ops.gelu(x, false),
        2e-6f);
    near(new float[] {-0.00363752f, -0.15880796f, 0, 0.841192f, 2.9963627f}, x.gelu(true), 2e-6f);
  }

  @Test
  void predicatesAndLogic() {
    Tensor x = f(NANF, 1, INFF, -INFF);
    assertArrayEquals(new boolean[] {true, false, false, false}, Ops.isNan(x).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, false, false}, x.isFinite().toBooleanArray());
    Tensor a = Tensor.of(new boolean[][] {{true, false}, {true, true}});
    Tensor b = Tensor.of(new boolean[] {true, false});
    assertArrayEquals(
        new boolean[] {true, false, true, false}, Ops.logicalAnd(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {true, false, true, true}, a.logicalOr(b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true}, Ops.logicalNot(b).toBooleanArray());
    assertIae(() -> Ops.logicalAnd(a, Tensor.of(new boolean[] {true, true, true})), "logicalAnd");
    assertIae(() -> Ops.isNan(Tensor.of(new int[] {1})), "isNan");
    assertIae(() -> Ops.logicalNot(f(1)), "logicalNot", "float32");
  }

  @Test
  void floorDivAndFloorModTakeTheSignOfTheDivisor() {
    Tensor a = Tensor.of(new int[] {-7, 7, -7, 7});
    Tensor b = Tensor.of(new int[] {3, 3, -3, -3});
    assertArrayEquals(new int[] {-3, 2, 2, -3}, Ops.floorDiv(a, b).toIntArray());
    assertArrayEquals(new int[] {2, 1, -1, -2}, a.floorMod(b).toIntArray());
    assertArrayEquals(new long[] {-4, 3}, Ops.floorDiv(new long[] {-7, 7}, 2L).toLongArray());
    Tensor fa = f(5.5f, -5.5f, 7.5f, 1);
    assertArrayEquals(new float[] {1.5f, 0.5f, 1.5f, 1}, Ops.floorMod(fa, 2f).toFloatArray());
    assertArrayEquals(new float[] {2, -3, 3, 0}, fa.floorDiv(2).toFloatArray());
    assertArrayEquals(new float[] {INFF}, f(1).floorDiv(0).toFloatArray());
    assertIae(
        () -> Ops.floorDiv(a, Tensor.of(new int[] {1, 0, 1, 1})), "floorDiv", "division by zero");
    assertIae(() -> Ops.floorMod(a, 0), "floorMod", "division by zero");
    assertIae(() -> Ops.floorDiv(a, f(1)), "floorDiv", "int32", "float32");
  }

  @Test
  void squaredDifference() {
    assertArrayEquals(
        new float[] {4, 0, 9}, Ops.squaredDifference(f(1, 2, 3), f(3, 2, 0)).toFloatArray());
    assertArrayEquals(
        new int[] {1, 1}, Tensor.of(new int[] {2, 4}).squaredDifference(1 + 2).toIntArray());
  }

  @Test
  void roundingOpsHaveNoGradientAsTf() {
    Tensor x = d(1.3, 2.7);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = Ops.add(Ops.round(x), Ops.add(Ops.floor(x), Ops.ceil(x)));
    }
    List<Tensor> g = tape.gradient(y, List.of(x));
    assertNull(g.get(0));
  }
}
