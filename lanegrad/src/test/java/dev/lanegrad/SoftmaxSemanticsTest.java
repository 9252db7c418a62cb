package dev.lanegrad;

import static dev.lanegrad.TfFixtures.INF;
import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * softmax and logSoftmax as TF's kernel computes them (softmax_op_functor.h), with large and
 * infinite logits, and their gradient. The expected values are TF's and Keras's (docstrings,
 * guides, kernels, gradient functions); each test names its source.
 */
class SoftmaxSemanticsTest {
  @Test
  void softmax() {
    // tf.nn.softmax docstring: softmax([-1, 0., 1.]) -> [0.09003057, 0.24472848, 0.66524094]
    Tensor s = Ops.softmax(Tensor.of(new float[] {-1, 0, 1}), -1);
    close(d(0.09003057, 0.24472848, 0.66524094), s, 1e-7);
    close(1.0, s.sum(), 1e-6);
  }

  @Test
  void logSoftmaxIsLogOfSoftmax() {
    // tf.nn.log_softmax docstring: logits - log(reduce_sum(exp(logits), axis))
    Tensor l = Ops.logSoftmax(Tensor.of(new double[] {-1, 0, 1}), -1);
    double lse = Math.log(Math.exp(-1) + 1 + Math.exp(1));
    close(d(-1 - lse, -lse, 1 - lse), l, 1e-15);
  }

  @Test
  void softmaxOfLargeLogitsIsFinite() {
    // TF's softmax kernel subtracts the max: softmax([1000, 1000]) = [0.5, 0.5], not NaN
    close(d(0.5, 0.5), Ops.softmax(Tensor.of(new float[] {1000, 1000}), 0), 0);
    close(
        d(-Math.log(2), -Math.log(2)),
        Ops.logSoftmax(Tensor.of(new double[] {1000, 1000}), 0),
        1e-15);
  }

  /**
   * TF's SoftmaxEigenImpl computes {@code exp(x - max) * (1 / sum)}: a multiplication by the
   * reciprocal, which differs from a division in the last bit. tf.nn.softmax's docstring prints
   * [0.09003057, 0.24472848, 0.66524094] for [-1, 0, 1]; for [[2, 1, 0.1]] TF prints [[0.6590012,
   * 0.24243298, 0.09856589]] (a division would give 0.242433 and 0.0985659).
   */
  @Test
  void softmaxIsExpTimesTheReciprocalOfTheSumBitForBit() {
    assertArrayEquals(
        new float[] {0.6590012f, 0.24243298f, 0.09856589f},
        Ops.softmax(Tensor.of(new float[][] {{2f, 1f, 0.1f}}), -1).toFloatArray());
    assertArrayEquals(
        new float[] {0.09003057f, 0.24472848f, 0.66524094f},
        Ops.softmax(Tensor.of(new float[] {-1, 0, 1}), 0).toFloatArray());
    // along axis 0 the same numbers, column by column
    Tensor cols = Ops.softmax(Tensor.of(new float[][] {{2f, -1f}, {1f, 0f}, {0.1f, 1f}}), 0);
    assertArrayEquals(
        new float[] {0.6590012f, 0.09003057f, 0.24243298f, 0.24472848f, 0.09856589f, 0.66524094f},
        cols.toFloatArray());
    // float64: e * (1 / s) with e = exp(x - max), by hand
    double e0 = 1;
    double e1 = Math.exp(-1.0);
    double e2 = Math.exp(0.1 - 2.0);
    double inv = 1 / (e0 + e1 + e2);
    assertArrayEquals(
        new double[] {e0 * inv, e1 * inv, e2 * inv},
        Ops.softmax(Tensor.of(new double[] {2, 1, 0.1}), -1).toDoubleArray());
  }

  /** A row of -inf is NaN in TF (-inf - -inf); +inf makes its row NaN; -inf alone is 0. */
  @Test
  void softmaxOfInfinities() {
    float[] y =
        Ops.softmax(Tensor.of(new float[][] {{-INF, -INF}, {0, -INF}, {INF, 0}}), -1)
            .toFloatArray();
    assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]), java.util.Arrays.toString(y));
    assertEquals(1f, y[2]);
    assertEquals(0f, y[3]);
    assertTrue(Float.isNaN(y[4]) && Float.isNaN(y[5]), java.util.Arrays.toString(y));
    // logSoftmax keeps -inf: [-inf, 0]
    assertArrayEquals(
        new float[] {-INF, 0f}, Ops.logSoftmax(Tensor.of(new float[] {-INF, 0}), 0).toFloatArray());
  }

  /** TF's _SoftmaxGrad on the new forward: y * (g - sum(g * y)); a constant g gives zeros. */
  @Test
  void softmaxGradientStillMatches() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = Ops.softmax(x, 0).mul(Tensor.of(new double[] {1, 0, 0}));
    }
    double[] s = Ops.softmax(x, 0).toDoubleArray();
    double[] g = tape.gradient(y, x).toDoubleArray();
    // d s0 / d x_j = s0 (delta_0j - s_j)
    assertEquals(s[0] * (1 - s[0]), g[0], 1e-15);
    assertEquals(-s[0] * s[1], g[1], 1e-15);
    assertEquals(-s[0] * s[2], g[2], 1e-15);
  }
}
