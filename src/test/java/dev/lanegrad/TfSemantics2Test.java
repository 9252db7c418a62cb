package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The second TF-semantics audit: small programs whose TF answers come from TF's kernels
 * (softmax_op_functor.h), the tf.keras Sequential/Dense build rules, Keras's loss shape handling
 * (losses_utils.squeeze_or_expand_dimensions, then broadcasting), and the edge cases of
 * math_ops/math_grad that the audit re-checked. Each test names its source.
 */
class TfSemantics2Test {

  private static final float INF = Float.POSITIVE_INFINITY;

  // ---------------------------------------------------------------- softmax, as TF's kernel

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

  /**
   * TF's reduce_sum/reduce_mean run Eigen's InnerMostDimReducer: fewer values than one AVX packet
   * (8 floats) add up in order in float32, so [3.8, 2.8, 5.6, 6.1, 0.8] sums to 19.099998 (a double
   * accumulator would round to 19.1) and [9.2, 3.8, 0.6] to 13.6 (not 13.599999). Whole packets add
   * lane by lane, the tail in order, then tail + ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)).
   */
  @Test
  void shortFloatSumsRoundAsTfs() {
    assertEquals(
        19.099998f, Tensor.of(new float[] {3.8f, 2.8f, 5.6f, 6.1f, 0.8f}).sum().floatValue());
    assertEquals(13.6f, Tensor.of(new float[] {9.2f, 3.8f, 0.6f}).sum().floatValue());
    assertEquals(
        19.099998f / 5, Tensor.of(new float[] {3.8f, 2.8f, 5.6f, 6.1f, 0.8f}).mean().floatValue());
    // per row, along the last axis
    assertArrayEquals(
        new float[] {19.099998f, 13.6f},
        Tensor.of(new float[][] {{3.8f, 2.8f, 5.6f, 6.1f, 0.8f}, {9.2f, 3.8f, 0.6f, 0, 0}})
            .sum(new int[] {1}, false)
            .toFloatArray());
    // [1e8, 1, -1e8, 1] in order: ((1e8 + 1) - 1e8) + 1 = 1 in float32 (exactly 2 in double)
    assertEquals(1f, Tensor.of(new float[] {1e8f, 1, -1e8f, 1}).sum().floatValue());
    // 11 values: one packet, then a tail of 3
    float[] v = new float[11];
    for (int i = 0; i < 11; i++) {
      v[i] = 0.1f * (i + 1) + (i % 3 == 0 ? 1e-3f : 0);
    }
    float tail = 0f + v[8] + v[9] + v[10];
    float expected = tail + (((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7])));
    assertEquals(expected, Tensor.of(v).sum().floatValue());
    // float64: packets of 4, (l0 + l2) + (l1 + l3), then the tail
    double[] w = {0.1, 0.7, 0.2, 1e-17, 0.3, 0.9};
    double wt = 0 + w[4] + w[5];
    assertEquals(wt + ((w[0] + w[2]) + (w[1] + w[3])), Tensor.of(w).sum().doubleValue(), 0.0);
  }

  /**
   * TF's mean is Eigen's sum divided by the count, and Eigen's sum keeps one packet accumulator up
   * to 1024 packets: tf.reduce_mean of 100 floats is (tail of 4 in order + predux of the 8 lanes
   * over 12 packets) / 100.
   */
  @Test
  void floatMeansRoundAsEigensSumThenDivide() {
    float[] v = new float[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i * 0.7) * 3.3f + 0.01f * i;
    }
    float[] lane = new float[8];
    for (int k = 0; k < 96; k += 8) {
      for (int q = 0; q < 8; q++) {
        lane[q] += v[k + q];
      }
    }
    float tail = 0f + v[96] + v[97] + v[98] + v[99];
    float sum =
        tail
            + (((lane[0] + lane[4]) + (lane[2] + lane[6]))
                + ((lane[1] + lane[5]) + (lane[3] + lane[7])));
    assertEquals(sum / 100f, Tensor.of(v).mean().floatValue());
    Tensor rows = Tensor.of(new float[][] {v, v});
    assertArrayEquals(
        new float[] {sum / 100f, sum / 100f}, rows.mean(new int[] {-1}, false).toFloatArray());
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

  // ---------------------------------------------------------------- tanh, as TF's kernel

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

  // ---------------------------------------------------------------- Sequential builds ahead

  /**
   * tf.keras: {@code Sequential([Dense(4, input_shape=(3,)), Dense(2)])} builds every layer as it
   * is added, so {@code model.summary()} and {@code count_params()} show 16 + 10 = 26 before any
   * call, and {@code model.variables} lists all four weights.
   */
  @Test
  void sequentialWithAnInputShapeBuildsEveryLayer() {
    Utils.clearSession();
    Sequential m = new Sequential(Dense.builder(4).inputShape(3).build(), new Dense(2));
    assertTrue(m.built());
    assertEquals(26, m.countParams());
    List<String> names = new ArrayList<>();
    for (Variable v : m.variables()) {
      names.add(v.name() + " " + v.shape());
    }
    assertEquals(
        List.of(
            "dense/kernel:0 (3, 4)",
            "dense/bias:0 (4,)",
            "dense_1/kernel:0 (4, 2)",
            "dense_1/bias:0 (2,)"),
        names);
    String summary = m.summary();
    assertTrue(
        summary.contains("dense_1 (Dense)")
            && summary.contains(" dense_1 (Dense)             (None, 2)                 10        ")
            && summary.contains("Total params: 26")
            && summary.contains("Trainable params: 26"),
        summary);

    // add() builds too, on the last layer's output: 26 + (2 * 5 + 5)
    m.add(new Dense(5));
    assertEquals(41, m.countParams());
    Tensor out = m.apply(Tensor.of(new float[][] {{1, 2, 3}}));
    assertArrayEquals(new int[] {1, 5}, out.shape().dims());
  }

  /** A stack inside a stack is built through, as Keras's nested Sequential models are. */
  @Test
  void nestedSequentialBuildsThrough() {
    Sequential inner = new Sequential(Dense.builder(4).inputShape(3).build(), new Dense(2));
    Sequential outer = new Sequential(inner, new Dense(5));
    assertEquals(16 + 10 + 15, outer.countParams());
    assertArrayEquals(
        new int[] {2, 5}, outer.apply(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)).shape().dims());
  }

  /** Without an input shape nothing is built until the first call (Keras: "not yet built"). */
  @Test
  void sequentialWithoutAnInputShapeWaitsForItsFirstCall() {
    Sequential m = new Sequential(new Dense(4), new Dense(2));
    assertEquals(0, m.countParams());
    m.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32));
    assertEquals(26, m.countParams());
  }

  /**
   * A layer built for another width is still added (the error waits for the call, which names both
   * shapes).
   */
  @Test
  void aMismatchedPrebuiltLayerIsReportedWhenCalled() {
    Sequential m =
        new Sequential(
            Dense.builder(2).inputShape(3).build(), Dense.builder(1).inputShape(5).build());
    assertEquals(8 + 6, m.countParams());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32)));
    assertTrue(
        e.getMessage().contains("expected axis -1 of input shape to have value 5"), e.getMessage());
  }

  /**
   * Keras's loss and accuracy metrics are float32 Means: accuracy 2 of 3 is 0.6666667f
   * (0.6666666865348816 as a Python float), the loss is (l * 3) / 3 in float32.
   */
  @Test
  void kerasMetricsAreFloat32Means() {
    Sequential m =
        new Sequential(
            Dense.builder(2)
                .inputShape(1)
                .kernelInitializer(dev.lanegrad.nn.Initializers.constant(new float[] {1, -1}))
                .build());
    m.compile(
        new dev.lanegrad.optimizers.SGD(0.1),
        Losses.sparseCategoricalCrossentropy(true),
        "accuracy");
    Tensor x = Tensor.of(new float[][] {{1}, {2}, {-1}});
    Tensor y = Tensor.of(new int[] {0, 0, 0}); // logits [1, -1], [2, -2], [-1, 1]: 2 right
    java.util.Map<String, Double> r = m.evaluate(x, y);
    assertEquals(0.6666666865348816, r.get("accuracy"), 0.0);
    float l = Losses.sparseCategoricalCrossentropy(y, m.apply(x), true).floatValue();
    assertEquals((double) (l * 3f / 3f), r.get("loss"), 0.0);
  }

  // ---------------------------------------------------------------- Keras losses broadcast

  /**
   * Keras losses squeeze a trailing 1 (squeeze_or_expand_dimensions) and otherwise broadcast: yTrue
   * [[0, 1]] against yPred [[1, 3], [2, 2]] gives |d| = 1, 2, 2, 1 (MAE 1.5) and d^2 = 1, 4, 4, 1
   * (MSE 2.5); the MSE gradient w.r.t. yPred is 2 d / 4.
   */
  @Test
  void lossesBroadcastLikeKeras() {
    Tensor t = Tensor.of(new float[][] {{0, 1}});
    Tensor p = Tensor.of(new float[][] {{1, 3}, {2, 2}});
    assertEquals(1.5f, Losses.meanAbsoluteError(t, p).floatValue());
    GradientTape tape = new GradientTape();
    Tensor mse;
    try (tape) {
      tape.watch(p);
      mse = Losses.meanSquaredError(t, p);
    }
    assertEquals(2.5f, mse.floatValue());
    assertArrayEquals(new float[] {0.5f, 1f, 1f, 0.5f}, tape.gradient(mse, p).toFloatArray());
    // shapes that do not broadcast are still rejected, naming both
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.meanSquaredError(Tensor.of(new float[] {1, 2, 3}), p));
    assertTrue(
        e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 2)"), e.getMessage());
  }

  /**
   * Keras's mean_squared_error is backend.mean(squared_difference, axis=-1), then the batch
   * reduction sum / batch size: in float32 the rows' means of [[8.8, 5.2, 2.9], [7.9, 4, 6.1]]^2
   * (41.63, 39.54) average to 38.085, where one mean over all six squares gives 38.085003.
   */
  @Test
  void lossesAverageEachSampleFirstAsKerasDoes() {
    Tensor t = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32);
    Tensor p = Tensor.of(new float[][] {{8.8f, 5.2f, 2.9f}, {7.9f, 4.0f, 6.1f}});
    float r0 = (8.8f * 8.8f + 5.2f * 5.2f + 2.9f * 2.9f) / 3;
    float r1 = (7.9f * 7.9f + 4.0f * 4.0f + 6.1f * 6.1f) / 3;
    assertEquals((r0 + r1) / 2, Losses.meanSquaredError(t, p).floatValue());
    assertEquals(38.085f, Losses.meanSquaredError(t, p).floatValue());
    assertEquals(
        (8.8f + 5.2f + 2.9f) / 3 / 2 + (7.9f + 4.0f + 6.1f) / 3 / 2,
        Losses.meanAbsoluteError(t, p).floatValue(),
        1e-6f);
  }

  /**
   * tf.nn.sigmoid_cross_entropy_with_logits is relu(x) - x z + log1p(exp(-|x|)); the Keras
   * BinaryCrossentropy(from_logits=True) docstring gives 0.865 for labels [0, 1, 0, 0] and logits
   * [-18.6, 0.51, 2.94, -12.8]. log1p keeps the tail exp(-|x|) that log(1 + ...) loses: one logit
   * of 20 with label 1 costs log1p(exp(-20)) = 2.0611537e-9, not 0.
   */
  @Test
  void binaryCrossentropyFromLogitsUsesLog1p() {
    float[] x = {-18.6f, 0.51f, 2.94f, -12.8f};
    float[] z = {0, 1, 0, 0};
    float sum = 0;
    for (int i = 0; i < 4; i++) {
      float relu = Math.max(x[i], 0f);
      sum += relu - x[i] * z[i] + (float) Math.log1p((float) Math.exp(-Math.abs(x[i])));
    }
    Tensor l = Losses.binaryCrossentropy(Tensor.of(z), Tensor.of(x), true);
    assertEquals(sum / 4, l.floatValue());
    assertEquals(0.865, l.floatValue(), 5e-4);
    assertEquals(
        2.0611537e-9f,
        Losses.binaryCrossentropy(Tensor.of(new float[] {1}), Tensor.of(new float[] {20}), true)
            .floatValue(),
        1e-15f);
  }

  // ---------------------------------------------------------------- re-checked edge cases

  /** math_ops.truediv: int32 / int32 is float64, so 7 / -2 = -3.5 and 1 / 0 = inf, 0 / 0 NaN. */
  @Test
  void integerDivisionIsTrueDivisionInFloat64() {
    Tensor q = Tensor.of(new int[] {7, -7, 1, 0}).div(Tensor.of(new int[] {-2, 2, 0, 0}));
    assertEquals(DType.FLOAT64, q.dtype());
    double[] v = q.toDoubleArray();
    assertEquals(-3.5, v[0]);
    assertEquals(-3.5, v[1]);
    assertEquals(Double.POSITIVE_INFINITY, v[2]);
    assertTrue(Double.isNaN(v[3]));
  }

  /**
   * Reductions of nothing give the reducer's identity (Eigen's SumReducer / MaxReducer /
   * MinReducer): sum 0, max -inf or the type's lowest, min +inf or the type's highest; a float mean
   * of nothing is 0/0 = NaN.
   */
  @Test
  void reductionsOfNothing() {
    Tensor f = Tensor.zeros(Shape.of(0), DType.FLOAT32);
    Tensor i = Tensor.zeros(Shape.of(0), DType.INT32);
    assertEquals(0f, f.sum().floatValue());
    assertEquals(Float.NEGATIVE_INFINITY, f.max().floatValue());
    assertEquals(INF, f.min().floatValue());
    assertTrue(Float.isNaN(f.mean().floatValue()));
    assertEquals(Integer.MIN_VALUE, i.max().intValue());
    assertEquals(Integer.MAX_VALUE, i.min().intValue());
    Tensor m = Tensor.zeros(Shape.of(0, 3), DType.FLOAT32).max(new int[] {0}, true);
    assertArrayEquals(new int[] {1, 3}, m.shape().dims());
    assertArrayEquals(
        new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
        m.toFloatArray());
  }

  /**
   * tf.reduce_mean on ints divides in the integer type: C++ truncates toward zero. TF sums int32 in
   * int64 (reduction_ops.h, CASTING_SPECIALIZATION(int32, int64)), so means do not wrap.
   */
  @Test
  void integerMeanTruncatesTowardZero() {
    assertEquals(0, Tensor.of(new int[] {1, 0, 1, 0}).mean().intValue()); // docstring
    assertArrayEquals(
        new int[] {1, -3},
        Tensor.of(new int[][] {{1, 2}, {-3, -4}}).mean(new int[] {-1}, false).toIntArray());
    int max = Integer.MAX_VALUE;
    assertEquals(max, Tensor.of(new int[] {max, max}).mean().intValue());
    Tensor m = Tensor.of(new int[][] {{max, max, 1}, {max, -max, 0}}).mean(new int[] {1}, true);
    assertEquals(DType.INT32, m.dtype());
    assertArrayEquals(new int[] {2, 1}, m.shape().dims());
    assertArrayEquals(new int[] {(int) ((2L * max + 1) / 3), 0}, m.toIntArray());
    assertEquals(-2, Tensor.of(new int[] {max, max}).sum().intValue()); // a sum still wraps
    assertEquals(0, Tensor.zeros(Shape.of(0), DType.INT32).mean().intValue());
  }

  /**
   * math_grad._MinOrMaxGrad splits the gradient equally among the tied maxima; _MaximumGrad sends
   * it to x where x >= y (ties to x), and NaN >= y is false, so a NaN x gets 0.
   */
  @Test
  void gradientsAtTies() {
    Tensor x = Tensor.of(new float[] {1, 3, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.max();
    }
    assertArrayEquals(new float[] {0f, 0.5f, 0.5f}, tape.gradient(y, x).toFloatArray());

    Tensor a = Tensor.of(new float[] {1, 2, Float.NaN});
    GradientTape t2 = new GradientTape();
    Tensor z;
    try (t2) {
      t2.watch(a);
      z = a.maximum(1);
    }
    assertArrayEquals(new float[] {1f, 1f, 0f}, t2.gradient(z, a).toFloatArray());
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

  /** backprop.py: a non-persistent tape answers once, then raises (here IllegalStateException). */
  @Test
  void aNonPersistentTapeAnswersOnce() {
    Tensor x = Tensor.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
    }
    assertEquals(6f, tape.gradient(y, x).floatValue());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    assertTrue(e.getMessage().contains("persistent"), e.getMessage());
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
