package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * reduceProd, reduceLogSumExp, reduceVariance, reduceStd, reduceAny, reduceAll, norm, l2Normalize,
 * moments, cumsum and the clips: values from the docstrings of TF 2.15 (quoted per test) or by
 * hand, TF's edge cases, and errors. Gradients are in GradientCheckTest's table (MathGradientRows).
 */
class MoreReductionsTest {
  static Tensor m22() {
    return Tensor.of(new float[][] {{1, 2}, {3, 4}});
  }

  static Tensor grad(java.util.function.Function<Tensor, Tensor> f, Tensor x) {
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = f.apply(x);
    }
    return tape.gradient(y, x);
  }

  @Test
  void reduceProdAndItsExactGradientAtZeros() {
    assertEquals(24f, Ops.reduceProd(m22()).floatValue());
    assertArrayEquals(
        new float[] {2, 12}, Ops.reduceProd(m22(), new int[] {1}, false).toFloatArray());
    assertArrayEquals(
        new float[] {3, 8}, Ops.reduceProd(m22(), new int[] {0}, true).toFloatArray());
    assertEquals(Shape.of(1, 2), Ops.reduceProd(m22(), new int[] {0}, true).shape());
    assertEquals(1.0, Ops.reduceProd(Tensor.zeros(Shape.of(0), DType.FLOAT64)).doubleValue());
    assertEquals(
        (int) (100000L * 100000L),
        Ops.reduceProd(Tensor.of(new int[] {100000, 100000})).intValue());
    // TF's _ProdGrad: the product of the others, exact with zeros (no division by x)
    assertArrayEquals(
        new double[] {0, 6, 0},
        grad(Ops::reduceProd, Tensor.of(new double[] {2, 0, 3})).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 0, 0},
        grad(Ops::reduceProd, Tensor.of(new double[] {0, 0, 3})).toDoubleArray());
    assertIae(() -> Ops.reduceProd(m22(), new int[] {2}, false), "reduceProd", "axis 2");
    assertIae(() -> Ops.reduceProd(m22(), new int[] {0, -2}, false), "reduceProd", "twice");
  }

  // tf.math.reduce_logsumexp's docstring: x = [[0, 0, 0], [0, 0, 0]]
  @Test
  void reduceLogSumExpIsStable() {
    Tensor x = Tensor.zeros(Shape.of(2, 3), DType.FLOAT64);
    assertEquals(Math.log(6), Ops.reduceLogSumExp(x).doubleValue(), 1e-15);
    double[] a0 = Ops.reduceLogSumExp(x, new int[] {0}, false).toDoubleArray();
    assertArrayEquals(new double[] {Math.log(2), Math.log(2), Math.log(2)}, a0, 1e-15);
    assertEquals(Shape.of(2, 1), Ops.reduceLogSumExp(x, new int[] {1}, true).shape());
    assertEquals(
        1000 + Math.log(2),
        Ops.reduceLogSumExp(Tensor.of(new double[] {1000, 1000})).doubleValue(),
        1e-12);
    double ninf = Double.NEGATIVE_INFINITY;
    assertEquals(ninf, Ops.reduceLogSumExp(Tensor.of(new double[] {ninf, ninf})).doubleValue());
    // the gradient is the softmax, and the subtracted max is held constant
    double[] g =
        grad(Ops::reduceLogSumExp, Tensor.of(new double[] {0, Math.log(3)})).toDoubleArray();
    assertArrayEquals(new double[] {0.25, 0.75}, g, 1e-15);
  }

  // tf.math.reduce_variance / reduce_std docstrings: x = [[1., 2.], [3., 4.]]
  @Test
  void varianceAndStdAsTfDocuments() {
    assertEquals(1.25f, Ops.reduceVariance(m22()).floatValue());
    assertArrayEquals(
        new float[] {1, 1}, Ops.reduceVariance(m22(), new int[] {0}, false).toFloatArray());
    assertArrayEquals(
        new float[] {0.25f, 0.25f}, Ops.reduceVariance(m22(), new int[] {1}, false).toFloatArray());
    assertEquals(1.118034f, Ops.reduceStd(m22()).floatValue(), 1e-7f);
    assertArrayEquals(
        new float[] {0.5f, 0.5f}, Ops.reduceStd(m22(), new int[] {1}, false).toFloatArray());
    assertIae(() -> Ops.reduceVariance(Tensor.of(new int[] {1, 2})), "reduceVariance", "int32");
  }

  // TF: tf.math.reduce_std of one element is 0 and its gradient is NaN (sqrt'(0) * 0)
  @Test
  void reduceStdOfOneElementHasANanGradientAsTf() {
    Tensor x = Tensor.of(new double[] {5});
    assertEquals(0.0, Ops.reduceStd(x).doubleValue());
    assertTrue(Double.isNaN(grad(Ops::reduceStd, x).toDoubleArray()[0]));
  }

  // tf.math.reduce_any / reduce_all docstrings: x = [[True, True], [False, False]]
  @Test
  void reduceAnyAndAll() {
    Tensor x = Tensor.of(new boolean[][] {{true, true}, {false, false}});
    assertTrue(Ops.reduceAny(x).booleanValue());
    assertEquals(false, Ops.reduceAll(x).booleanValue());
    assertArrayEquals(
        new boolean[] {true, true}, Ops.reduceAny(x, new int[] {0}, false).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, false}, Ops.reduceAny(x, new int[] {1}, false).toBooleanArray());
    assertArrayEquals(
        new boolean[] {false, false}, Ops.reduceAll(x, new int[] {0}, false).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, false}, Ops.reduceAll(x, new int[] {1}, true).toBooleanArray());
    Tensor empty = Tensor.zeros(Shape.of(0), DType.BOOL);
    assertEquals(false, Ops.reduceAny(empty).booleanValue());
    assertEquals(true, Ops.reduceAll(empty).booleanValue());
    assertIae(() -> Ops.reduceAny(m22()), "reduceAny", "float32");
  }

  @Test
  void normL2NormalizeAndMoments() {
    assertEquals(5f, Ops.norm(Tensor.of(new float[] {3, 4})).floatValue());
    Tensor x = Tensor.of(new double[][] {{3, 4}, {6, 8}});
    assertArrayEquals(new double[] {5, 10}, Ops.norm(x, new int[] {1}, false).toDoubleArray());
    assertEquals(Math.sqrt(125), Ops.norm(x, new int[] {0, 1}, false).doubleValue(), 1e-14);
    assertEquals(Shape.of(1, 1), Ops.norm(x, new int[] {0, 1}, true).shape());
    assertIae(() -> Ops.norm(x, new int[] {}, false), "norm");
    assertArrayEquals(
        new double[] {0.6, 0.8, 0.6, 0.8}, Ops.l2Normalize(x, 1).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, 0}, Ops.l2Normalize(new double[] {0, 0}, 0).toDoubleArray());
    Moments m = Ops.moments(Tensor.of(new float[] {1, 2, 3, 4}), new int[] {0}, false);
    assertEquals(2.5f, m.mean().floatValue());
    assertEquals(1.25f, m.variance().floatValue());
    Moments k = Ops.moments(x, new int[] {0}, true);
    assertEquals(Shape.of(1, 2), k.mean().shape());
    assertArrayEquals(new double[] {2.25, 4}, k.variance().toDoubleArray());
  }

  /**
   * tf.nn.moments (nn_impl.py) takes the variance around stop_gradient(mean): its first-order
   * gradient is exact (the held term's gradient is zero), its second order is not, as in TF; so the
   * variance is checked here at first order, not in GradientCheckTest's table.
   */
  @Test
  void momentsVarianceHasTheExactFirstOrderGradient() {
    Tensor x = Tensor.of(new double[][] {{0.3, -1.2, 2}, {1.1, 0.7, -0.4}});
    for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
      GradientCheck.Result r =
          GradientCheck.check(
              xs -> Ops.moments(xs.get(0), axes, false).variance(), List.of(x), 1e-5);
      assertTrue(r.passed(1e-6), r.report(1e-6));
    }
  }

  // tf.math.cumsum's docstring
  @Test
  void cumsumAsTfDocuments() {
    Tensor x = Tensor.of(new int[] {2, 4, 6, 8});
    assertArrayEquals(new int[] {2, 6, 12, 20}, Ops.cumsum(x, 0).toIntArray());
    assertArrayEquals(new int[] {0, 2, 6, 12}, Ops.cumsum(x, 0, true, false).toIntArray());
    assertArrayEquals(new int[] {20, 18, 14, 8}, Ops.cumsum(x, 0, false, true).toIntArray());
    assertArrayEquals(new int[] {18, 14, 8, 0}, Ops.cumsum(x, 0, true, true).toIntArray());
    Tensor y = Tensor.of(new float[][] {{2, 4, 6, 8}, {1, 3, 5, 7}});
    assertArrayEquals(new float[] {2, 4, 6, 8, 3, 7, 11, 15}, Ops.cumsum(y, 0).toFloatArray());
    assertArrayEquals(new float[] {2, 6, 12, 20, 1, 4, 9, 16}, Ops.cumsum(y, -1).toFloatArray());
    assertIae(() -> Ops.cumsum(Tensor.of(1f), 0), "cumsum", "rank");
    assertIae(() -> Ops.cumsum(y, 2), "cumsum", "axis 2");
  }

  // tf.clip_by_value's docstring: t = [[-10., -1., 0.], [0., 2., 10.]] clipped to [-1, 1]
  @Test
  void clipByValueAndItsGradientAtTheBounds() {
    Tensor t = Tensor.of(new float[][] {{-10, -1, 0}, {0, 2, 10}});
    assertArrayEquals(new float[] {-1, -1, 0, 0, 1, 1}, Ops.clipByValue(t, -1, 1).toFloatArray());
    // clip_ops.py: minimum then maximum, ties to t: 1 inside [lo, hi] with the bounds, 0 outside
    Tensor x = Tensor.of(new double[] {-2, -1, 0.5, 1, 3});
    assertArrayEquals(
        new double[] {0, 1, 1, 1, 0}, grad(v -> Ops.clipByValue(v, -1.0, 1.0), x).toDoubleArray());
    assertIae(
        () ->
            Ops.clipByValue(Tensor.of(new float[] {1, 2}), Tensor.of(new float[][] {{0}, {0}}), 1f),
        "clipByValue");
  }

  // tf.clip_by_norm's docstring: [[1, 2, 3, 4, 5]] clipped to norm 2
  @Test
  void clipByNormAndGlobalNorm() {
    Tensor t = Tensor.of(new float[][] {{1, 2, 3, 4, 5}});
    float[] want = {0.26967996f, 0.5393599f, 0.80903983f, 1.0787199f, 1.3483998f};
    float[] got = Ops.clipByNorm(t, 2.0).toFloatArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-7f, "element " + i);
    }
    assertArrayEquals(new float[] {1, 2}, Ops.clipByNorm(new float[] {1, 2}, 10).toFloatArray());
    assertArrayEquals(new float[] {0, 0}, Ops.clipByNorm(new float[] {0, 0}, 1).toFloatArray());
    Tensor a = Tensor.of(new double[] {3, 4});
    Tensor b = Tensor.of(new double[] {12});
    ClippedTensors c = Ops.clipByGlobalNorm(Arrays.asList(a, null, b), 6.5);
    assertEquals(13.0, c.globalNorm().doubleValue(), 1e-14);
    assertArrayEquals(new double[] {1.5, 2}, c.tensors().get(0).toDoubleArray(), 1e-15);
    assertEquals(null, c.tensors().get(1));
    assertArrayEquals(new double[] {6}, c.tensors().get(2).toDoubleArray(), 1e-15);
    ClippedTensors same = Ops.clipByGlobalNorm(List.of(a), 100);
    assertArrayEquals(new double[] {3, 4}, same.tensors().get(0).toDoubleArray(), 1e-15);
    ClippedTensors inf =
        Ops.clipByGlobalNorm(List.of(Tensor.of(new double[] {1, Double.POSITIVE_INFINITY})), 1);
    assertTrue(Double.isNaN(inf.tensors().get(0).toDoubleArray()[0]));
  }
}
