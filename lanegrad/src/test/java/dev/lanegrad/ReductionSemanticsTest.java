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
 * Reductions as TF computes them: axes (negative, repeated, none, out of range), integer means,
 * NaN, reductions of nothing, and float32 sums rounded as Eigen's tree reduction rounds them. The
 * expected values are TF's and Keras's (docstrings, guides, kernels, gradient functions); each test
 * names its source.
 */
class ReductionSemanticsTest {
  @Test
  void reduceSum() {
    // tf.math.reduce_sum docstring: x = [[1, 1, 1], [1, 1, 1]] -> 6; axis 0 -> [2, 2, 2];
    // axis 1 -> [3, 3]; axis 1 keepdims -> [[3], [3]]; axis [0, 1] -> 6
    Tensor x = Tensor.of(new int[][] {{1, 1, 1}, {1, 1, 1}});
    assertEquals(6, x.sum().intValue());
    assertEquals(DType.INT32, x.sum().dtype());
    assertArrayEquals(new int[] {2, 2, 2}, x.sum(new int[] {0}, false).toIntArray());
    assertArrayEquals(new int[] {3, 3}, x.sum(new int[] {1}, false).toIntArray());
    Tensor k = x.sum(new int[] {1}, true);
    assertEquals(Shape.of(2, 1), k.shape());
    assertArrayEquals(new int[] {3, 3}, k.toIntArray());
    Tensor all = x.sum(new int[] {0, 1}, false);
    assertEquals(Shape.scalar(), all.shape());
    assertEquals(6, all.intValue());
  }

  @Test
  void reduceSumNegativeAndDuplicateAxes() {
    // reduction_ops_common.cc SimplifyHelper: an axis in [-rank, rank) is taken modulo rank,
    // so [-1] is the last axis; the same axis twice ([1, -1]) is InvalidArgumentError
    // "Invalid reduction arguments: Axes contains duplicate dimension: 1"
    Tensor x = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new int[] {6, 15}, x.sum(new int[] {-1}, false).toIntArray());
    assertArrayEquals(new int[] {5, 7, 9}, x.sum(new int[] {-2}, false).toIntArray());
    assertThrows(IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {1, -1}, false));
  }

  @Test
  void reduceOverNoAxesIsIdentity() {
    // TF: tf.reduce_sum(x, axis=[]) reduces nothing (ReductionHelper with an empty bitmap),
    // returning x with its shape
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor s = Ops.reduceSum(x, new int[0], false);
    assertEquals(Shape.of(2, 2), s.shape());
    close(d(1, 2, 3, 4), s, 0);
    Tensor m = Ops.reduceMax(x, new int[0], false);
    assertEquals(Shape.of(2, 2), m.shape());
  }

  @Test
  void reduceAxisOutOfRangeIsAnError() {
    // reduction_ops_common.cc: "Invalid reduction dimension (2 for input with 2 dimension(s)"
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    assertThrows(IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {2}, false));
    assertThrows(IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {-3}, false));
  }

  @Test
  void reduceMean() {
    // tf.math.reduce_mean docstring: x = [[1., 1.], [2., 2.]] -> 1.5; axis 0 -> [1.5, 1.5];
    // axis 1 -> [1., 2.]; integer x = [1, 0, 1, 0] -> 0 (integer division), float -> 0.5
    Tensor x = Tensor.of(new float[][] {{1, 1}, {2, 2}});
    close(1.5, x.mean(), 0);
    close(d(1.5, 1.5), x.mean(new int[] {0}, false), 0);
    close(d(1, 2), x.mean(new int[] {1}, false), 0);
    Tensor i = Tensor.of(new int[] {1, 0, 1, 0}).mean();
    assertEquals(DType.INT32, i.dtype());
    assertEquals(0, i.intValue());
    close(0.5, Tensor.of(new float[] {1, 0, 1, 0}).mean(), 0);
  }

  @Test
  void integerMeanTruncatesTowardZero() {
    // TF's integer mean is sum / count in the integer type (C++ division, toward zero):
    // mean([-1, -2]) = -3 / 2 = -1 (NumPy would say -1.5)
    assertEquals(-1, Tensor.of(new int[] {-1, -2}).mean().intValue());
    assertEquals(-1L, Tensor.of(new long[] {-1, -2}).mean().longValue());
  }

  @Test
  void reduceMaxDocExamples() {
    // tf.math.reduce_max docstring: [5, 1, 2, 4] -> 5; [-5, -1, -2, -4] -> -1;
    // [4, nan] -> nan; [nan, nan] -> nan; [-inf, inf] -> inf
    assertEquals(5, Tensor.of(new int[] {5, 1, 2, 4}).max().intValue());
    assertEquals(-1, Tensor.of(new int[] {-5, -1, -2, -4}).max().intValue());
    assertTrue(Float.isNaN(Tensor.of(new float[] {4, Float.NaN}).max().floatValue()));
    assertTrue(Float.isNaN(Tensor.of(new float[] {Float.NaN, Float.NaN}).max().floatValue()));
    assertEquals(
        Float.POSITIVE_INFINITY,
        Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY})
            .max()
            .floatValue());
  }

  @Test
  void reduceMinDocExamples() {
    // tf.math.reduce_min docstring: [5, 1, 2, 4] -> 1; [-5, -1, -2, -4] -> -5;
    // [4, nan] -> nan; [nan, nan] -> nan; [-inf, inf] -> -inf
    assertEquals(1, Tensor.of(new int[] {5, 1, 2, 4}).min().intValue());
    assertEquals(-5, Tensor.of(new int[] {-5, -1, -2, -4}).min().intValue());
    assertTrue(Float.isNaN(Tensor.of(new float[] {4, Float.NaN}).min().floatValue()));
    assertTrue(Float.isNaN(Tensor.of(new float[] {Float.NaN, Float.NaN}).min().floatValue()));
    assertEquals(
        Float.NEGATIVE_INFINITY,
        Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY})
            .min()
            .floatValue());
  }

  @Test
  void reduceMaxNanAlongAnAxisAndLongRows() {
    // The same NaN propagation as the docstring, along an axis and past a vector lane width
    float[][] x = new float[2][37];
    for (int i = 0; i < 37; i++) {
      x[0][i] = i;
      x[1][i] = -i;
    }
    x[0][20] = Float.NaN;
    Tensor m = Tensor.of(x).max(new int[] {1}, false);
    float[] v = m.toFloatArray();
    assertTrue(Float.isNaN(v[0]), "row with NaN: " + m);
    assertEquals(0f, v[1]);
    double[] y = new double[70];
    y[69] = Double.NaN;
    assertTrue(Double.isNaN(Tensor.of(y).min().doubleValue()));
    assertTrue(Double.isNaN(Tensor.of(y).max().doubleValue()));
  }

  @Test
  void emptyReductions() {
    // Eigen reducers' initial values, which TF returns for an empty input: sum 0, mean
    // 0 / 0 = nan, max -inf, min +inf
    Tensor e = Tensor.zeros(Shape.of(0), DType.FLOAT32);
    close(0.0, e.sum(), 0);
    assertTrue(Double.isNaN(e.mean().doubleValue()));
    assertEquals(Double.NEGATIVE_INFINITY, e.max().doubleValue());
    assertEquals(Double.POSITIVE_INFINITY, e.min().doubleValue());
    Tensor rows = Tensor.zeros(Shape.of(2, 0), DType.FLOAT64).sum(new int[] {1}, false);
    assertEquals(Shape.of(2), rows.shape());
    close(d(0, 0), rows, 0);
  }

  /*
   * TF sums float32 with Eigen's tree reduction (TensorReduction's InnerMostDimReducer: leaves of
   * 1024 values, combined pairwise) and multiplies with Eigen's GEBP / oneDNN, whose micro-kernels
   * start every depth block (kc) from zero and add it to C afterwards. Both keep the error of a
   * long float32 sum near one rounding of the result. Reference values measured on this machine
   * (NumPy 1.24 pairwise sum, torch 1.13 cascade sum, OpenBLAS sgemm) are quoted per test; each
   * bound is met by both of them.
   */
  @Test
  void sumOfAMillionEqualValues() {
    // 10^6 x 0.1f: exact 100000.0015; NumPy 100000.086, torch 100000.0078 (bound: 0.2)
    Tensor x = Tensor.fill(Shape.of(1_000_000), 0.1f);
    assertEquals(1e6 * (double) 0.1f, x.sum().doubleValue(), 0.2);
  }

  @Test
  void meanOfAMillionEqualValues() {
    // tf.reduce_mean(tf.fill([1000, 1000], 0.1)): NumPy 0.10000008, torch 0.10000000894
    // (bound: 2e-6 relative)
    Tensor x = Tensor.fill(Shape.of(1000, 1000), 0.1f);
    assertEquals(0.1f, x.mean().doubleValue(), 2e-7);
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
  void integerMeanSumsInInt64AndTruncates() {
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
}
