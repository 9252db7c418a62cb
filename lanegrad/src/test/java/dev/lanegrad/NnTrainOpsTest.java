package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dropout, batchNormalization and the fused softmax cross-entropies: TF's documented values, hand
 * values, TF's gradient conventions, and the errors.
 */
class NnTrainOpsTest {

  @Test
  void dropoutKeepsAboutOneMinusRateScaledAndIsSeeded() {
    Tensor x = Tensor.ones(Shape.of(4000), DType.FLOAT32);
    float[] y = Ops.dropout(x, 0.25, 42).toFloatArray();
    int kept = 0;
    for (float v : y) {
      assertTrue(v == 0f || v == 1f / 0.75f, "kept values are scaled by 1 / (1 - rate): " + v);
      kept += v != 0 ? 1 : 0;
    }
    assertEquals(3000, kept, 120, "kept " + kept + " of 4000 at rate 0.25");
    assertArrayEquals(y, Ops.dropout(x, 0.25, 42).toFloatArray(), "the same seed, the same mask");
    assertTrue(
        !java.util.Arrays.equals(y, Ops.dropout(x, 0.25, 43).toFloatArray()), "another seed");
    // the mask depends on the seed and the position only: float64 drops the same elements
    double[] y64 = Ops.dropout(x.cast(DType.FLOAT64), 0.25, 42).toDoubleArray();
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i] == 0, y64[i] == 0, "element " + i);
    }
    assertSame(x, Ops.dropout(x, 0.0, 1), "rate 0 is the identity, as TF's fast path");
  }

  @Test
  void dropoutsGradientIsTheMaskScaled() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8});
    GradientTape tape = new GradientTape();
    Tensor y;
    Tensor s;
    try (tape) {
      tape.watch(x);
      y = Ops.dropout(x, 0.5, 3);
      s = y.sum();
    }
    double[] g = tape.gradient(s, x).toDoubleArray();
    double[] yv = y.toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      assertEquals(yv[i] == 0 ? 0 : 2, g[i], "element " + i);
    }
  }

  @Test
  void batchNormalizationByHand() {
    // (x - 2) * 2 / sqrt(1) + 0.5
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    Tensor y = Ops.batchNormalization(x, 2.0, 1.0, 0.5, 2.0, 0);
    assertArrayEquals(new double[] {-1.5, 0.5, 2.5}, y.toDoubleArray(), 1e-15);
    // no offset, no scale: (x - mean) / sqrt(var + eps), per channel (last axis)
    Tensor x2 = Tensor.of(new double[][] {{1, 10}, {3, 30}});
    Tensor m = Tensor.of(new double[] {2, 20});
    Tensor v = Tensor.of(new double[] {1, 100});
    double[] got = Ops.batchNormalization(x2, m, v, null, null, 1e-3).toDoubleArray();
    double a = 1 / Math.sqrt(1 + 1e-3);
    double b = 1 / Math.sqrt(100 + 1e-3);
    assertArrayEquals(new double[] {-a, -10 * b, a, 10 * b}, got, 1e-12);
  }

  /**
   * TF's docstring of {@code tf.nn.softmax_cross_entropy_with_logits} (nn_ops.py): logits {@code
   * [[4, 2, 1], [0, 5, 1]]}, labels {@code [[1, 0, 0], [0, 0.8, 0.2]]} give {@code [0.16984604,
   * 0.82474494]}.
   */
  @Test
  void softmaxCrossEntropyTfDocstring() {
    Tensor logits = Tensor.of(new float[][] {{4, 2, 1}, {0, 5, 1}});
    Tensor labels = Tensor.of(new float[][] {{1, 0, 0}, {0, 0.8f, 0.2f}});
    Tensor loss = Ops.softmaxCrossEntropyWithLogits(labels, logits);
    assertEquals(Shape.of(2), loss.shape());
    assertArrayEquals(new float[] {0.16984604f, 0.82474494f}, loss.toFloatArray(), 1e-6f);
    // stable: a logit of 1000 does not overflow
    Tensor big = Ops.softmaxCrossEntropyWithLogits(new double[] {0, 1}, new double[] {1000, 0});
    assertEquals(1000.0, big.doubleValue(), 1e-9);
  }

  /**
   * TF's docstring of {@code tf.nn.sparse_softmax_cross_entropy_with_logits}: logits {@code [[2,
   * -5, .5, -.1], [0, 0, 1.9, 1.4], [-100, 100, -100, -100]]}, labels {@code [0, 3, 1]} give {@code
   * [0.29750752, 1.1448325, 0]}.
   */
  @Test
  void sparseSoftmaxCrossEntropyTfDocstring() {
    Tensor logits =
        Tensor.of(new float[][] {{2, -5, .5f, -.1f}, {0, 0, 1.9f, 1.4f}, {-100, 100, -100, -100}});
    Tensor loss = Ops.sparseSoftmaxCrossEntropyWithLogits(Tensor.of(new int[] {0, 3, 1}), logits);
    assertArrayEquals(new float[] {0.29750752f, 1.1448325f, 0f}, loss.toFloatArray(), 1e-6f);
    Tensor loss64 =
        Ops.sparseSoftmaxCrossEntropyWithLogits(
            Tensor.of(new long[] {0, 3, 1}), logits.cast(DType.FLOAT64));
    assertEquals(0.29750752, loss64.toDoubleArray()[0], 1e-7);
  }

  /**
   * TF's gradient of the dense op is {@code softmax(logits) - labels} whatever the labels sum to
   * (nn_grad.py _SoftmaxCrossEntropyWithLogitsGrad uses the kernel's backprop output): for labels
   * {@code [2, 0]} and logits {@code [0, 0]} it is {@code [-1.5, 0.5]}, where the derivative of
   * {@code -sum(labels * logSoftmax)} would be {@code [-1, 1]}. The labels get {@code
   * -logSoftmax(logits)}; the sparse op's labels get none.
   */
  @Test
  void gradientsFollowTfsRules() {
    Tensor logits = Tensor.of(new double[] {0, 0});
    Tensor labels = Tensor.of(new double[] {2, 0});
    GradientTape tape = new GradientTape(true);
    Tensor loss;
    Tensor sparse;
    Tensor ids = Tensor.of(new int[] {1});
    Tensor logits2 = Tensor.of(new double[][] {{0, Math.log(3)}});
    try (tape) {
      tape.watch(logits, labels, ids, logits2);
      loss = Ops.softmaxCrossEntropyWithLogits(labels, logits);
      sparse = Ops.sparseSoftmaxCrossEntropyWithLogits(ids, logits2);
    }
    assertArrayEquals(new double[] {-1.5, 0.5}, tape.gradient(loss, logits).toDoubleArray(), 1e-15);
    double l2 = Math.log(2);
    assertArrayEquals(new double[] {l2, l2}, tape.gradient(loss, labels).toDoubleArray(), 1e-15);
    // softmax([0, ln 3]) = [0.25, 0.75]; minus the one-hot of 1
    assertArrayEquals(
        new double[] {0.25, -0.25}, tape.gradient(sparse, logits2).toDoubleArray(), 1e-15);
    assertNull(tape.gradient(sparse, List.of(ids)).get(0));
  }

  @Test
  void badArgumentsNameTheOpAndTheShapes() {
    Tensor x = Tensor.ones(Shape.of(2, 3), DType.FLOAT32);
    ConvTest.rejects("dropout: rate 1.0 must be in [0, 1)", () -> Ops.dropout(x, 1.0, 1));
    ConvTest.rejects("dropout: rate -0.1 must be in [0, 1)", () -> Ops.dropout(x, -0.1, 1));
    ConvTest.rejects("dropout: dtype int32", () -> Ops.dropout(x.cast(DType.INT32), 0.5, 1));
    ConvTest.rejects(
        "batchNormalization: argument 'mean' is null",
        () -> Ops.batchNormalization(x, null, x, null, null, 1e-3));
    ConvTest.rejects(
        "batchNormalization",
        () -> Ops.batchNormalization(x, Tensor.ones(Shape.of(4), DType.FLOAT32), x, null, null, 0));
    ConvTest.rejects(
        "softmaxCrossEntropyWithLogits: labels (2, 2) and logits (2, 3) must have the same shape",
        () -> Ops.softmaxCrossEntropyWithLogits(Tensor.ones(Shape.of(2, 2), DType.FLOAT32), x));
    ConvTest.rejects(
        "sparseSoftmaxCrossEntropyWithLogits: label 3 at index 1 is outside the valid range [0, 3)",
        () -> Ops.sparseSoftmaxCrossEntropyWithLogits(Tensor.of(new int[] {0, 3}), x));
    ConvTest.rejects(
        "sparseSoftmaxCrossEntropyWithLogits: labels (2, 1) must have the shape of logits (2, 3)"
            + " without its last axis, (2,)",
        () -> Ops.sparseSoftmaxCrossEntropyWithLogits(Tensor.of(new int[][] {{0}, {1}}), x));
    ConvTest.rejects(
        "sparseSoftmaxCrossEntropyWithLogits: dtype float32",
        () -> Ops.sparseSoftmaxCrossEntropyWithLogits(x, x));
  }
}
