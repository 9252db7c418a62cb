package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Values of gather, gatherNd, scatterNd, unsortedSegmentSum and booleanMask from TF's docstrings
 * (tensorflow/python/ops/array_ops.py gather/gather_nd/boolean_mask, math_ops.py
 * unsorted_segment_sum, array_ops.cc ScatterNd) and a second implementation (plain loops); their
 * gradients by hand.
 */
class GatherOpsTest {

  static void check(Tensor t, int[] shape, int... values) {
    assertEquals(Shape.of(shape), t.shape(), "shape");
    assertArrayEquals(values, t.toIntArray(), "values");
  }

  static int[] s(int... d) {
    return d;
  }

  @Test
  void gatherAsTfDocs() {
    Tensor p = Tensor.of(new int[] {0, 10, 20, 30, 40, 50});
    check(Ops.gather(p, new int[] {2, 0, 2, 5}, 0), s(4), 20, 0, 20, 50);
    check(Ops.gather(p, new long[][] {{2, 0}, {1, 1}}, 0), s(2, 2), 20, 0, 10, 10);
    check(Ops.gather(p, 3, 0), s(), 30);
    check(Ops.gather(p, new int[0], 0), s(0));
    Tensor m = Tensor.range(6).reshape(2, 3);
    check(Ops.gather(m, new int[] {2, 0}, 1), s(2, 2), 2, 0, 5, 3);
    check(Ops.gather(m, new int[] {1}, -2), s(1, 3), 3, 4, 5);
    // the batch_dims example of tf.gather's docstring
    Tensor params = Tensor.of(new int[][] {{0, 0, 1, 0, 2}, {3, 0, 0, 0, 4}, {0, 5, 0, 6, 0}});
    Tensor idx = Tensor.of(new int[][] {{2, 4}, {0, 4}, {1, 3}});
    check(Ops.gather(params, idx, 1, 1), s(3, 2), 1, 2, 3, 4, 5, 6);
    check(Ops.gather(params, idx, 1, -1), s(3, 2), 1, 2, 3, 4, 5, 6);
    assertEquals(Shape.of(3, 3, 2), Ops.gather(params, idx, 1).shape());
  }

  /** gather with batch dims against loops: out[b, i, j, q] = params[b, i, idx[b, j], q]. */
  @Test
  void gatherWithBatchDimsMatchesLoops() {
    SplittableRandom r = new SplittableRandom(14);
    int bs = 2;
    int rows = 3;
    int n = 5;
    int q = 2;
    int k = 4;
    double[] pv = new double[bs * rows * n * q];
    for (int i = 0; i < pv.length; i++) {
      pv[i] = r.nextDouble();
    }
    int[] iv = new int[bs * k];
    for (int i = 0; i < iv.length; i++) {
      iv[i] = r.nextInt(n);
    }
    Tensor params = Tensor.of(pv, Shape.of(bs, rows, n, q));
    Tensor idx = Tensor.of(iv, Shape.of(bs, k));
    Tensor y = Ops.gather(params, idx, 2, 1);
    assertEquals(Shape.of(bs, rows, k, q), y.shape());
    double[] want = new double[bs * rows * k * q];
    for (int b = 0; b < bs; b++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < k; j++) {
          for (int c = 0; c < q; c++) {
            want[((b * rows + i) * k + j) * q + c] =
                pv[((b * rows + i) * n + iv[b * k + j]) * q + c];
          }
        }
      }
    }
    assertArrayEquals(want, y.toDoubleArray());
    // batch_dims 2 with axis 2: params [2, 3, 5], indices [2, 3] -> out[b, i] = params[b, i, idx]
    Tensor p3 = Tensor.range(30).reshape(2, 3, 5);
    Tensor i3 = Tensor.of(new int[][] {{0, 4, 2}, {1, 1, 3}});
    check(Ops.gather(p3, i3, 2, 2), s(2, 3), 0, 9, 12, 16, 21, 28);
  }

  @Test
  void gatherRejectsBadIndicesAndAxes() {
    Tensor p = Tensor.range(6).reshape(2, 3);
    // TF's CPU GatherV2: "indices[1] = 3 is not in [0, 3)" (gather_op.cc / gather_functor.h)
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[] {0, 3}, 1));
    assertTrue(
        e.getMessage().startsWith("gather: indices[1] = 3 is not in [0, 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[] {-1}, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new float[] {0}, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[] {0}, 2));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(Tensor.of(1), new int[] {0}, 0));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[] {0, 1}, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[][] {{0}, {1}}, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.gather(p, new int[] {0}, 0, 2));
  }

  @Test
  void gatherGradientIsDenseAndAddsRepeats() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      tape.watch(x);
      Tensor y = Ops.gather(x, new int[] {2, 0, 2}, 0);
      loss = Ops.reduceSum(y.mul(Tensor.of(new double[] {1, 10, 100})));
    }
    Tensor g = tape.gradient(loss, x);
    assertEquals(Shape.of(3), g.shape());
    assertArrayEquals(new double[] {10, 0, 101}, g.toDoubleArray());
  }

  @Test
  void gatherNdAsTfDocs() {
    Tensor p = Tensor.of(new int[][] {{1, 2}, {3, 4}});
    check(Ops.gatherNd(p, new int[][] {{0, 0}, {1, 1}}), s(2), 1, 4);
    check(Ops.gatherNd(p, new int[][] {{1}, {0}}), s(2, 2), 3, 4, 1, 2);
    check(Ops.gatherNd(p, new long[] {1, 0}), s(), 3);
    check(Ops.gatherNd(p, new int[][][] {{{0, 1}}, {{1, 0}}}), s(2, 1), 2, 3);
    check(Ops.gatherNd(p, Tensor.of(new int[0], Shape.of(0, 2))), s(0));
    check(
        Ops.gatherNd(p, Tensor.of(new int[0], Shape.of(3, 0))),
        s(3, 2, 2),
        1,
        2,
        3,
        4,
        1,
        2,
        3,
        4,
        1,
        2,
        3,
        4);
    // TF's CPU GatherNd: "indices[1] = [2, 0] does not index into param shape [2,2]"
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Ops.gatherNd(p, new int[][] {{0, 0}, {2, 0}}));
    assertTrue(e.getMessage().startsWith("gatherNd: indices[1] = [2, 0]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ops.gatherNd(p, new int[] {0, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> Ops.gatherNd(p, 0));
  }

  @Test
  void scatterNdAddsDuplicates() {
    // tf.scatter_nd docstring: indices [[4], [3], [1], [7]], updates [9, 10, 11, 12], shape [8]
    check(
        Ops.scatterNd(new int[][] {{4}, {3}, {1}, {7}}, new int[] {9, 10, 11, 12}, Shape.of(8)),
        s(8),
        0,
        11,
        0,
        10,
        9,
        0,
        0,
        12);
    Tensor y = Ops.scatterNd(new int[][] {{1}, {3}, {1}}, new float[] {1, 2, 3}, Shape.of(4));
    assertArrayEquals(new float[] {0, 4, 0, 2}, y.toFloatArray());
    check(
        Ops.scatterNd(new int[][] {{1}}, new int[][] {{5, 6}}, Shape.of(2, 2)),
        s(2, 2),
        0,
        0,
        5,
        6);
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.scatterNd(new int[][] {{4}}, new float[] {1}, Shape.of(4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.scatterNd(new int[][] {{1}}, new float[] {1, 2}, Shape.of(4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.scatterNd(new int[][] {{1}}, new boolean[] {true}, Shape.of(4)));
  }

  @Test
  void scatterNdGradientIsGatherNd() {
    Tensor u = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      tape.watch(u);
      Tensor y = Ops.scatterNd(new int[][] {{1}, {3}, {1}}, u, Shape.of(4));
      loss = Ops.reduceSum(y.mul(Tensor.of(new double[] {1, 10, 100, 1000})));
    }
    assertArrayEquals(new double[] {10, 1000, 10}, tape.gradient(loss, u).toDoubleArray());
  }

  @Test
  void unsortedSegmentSumDropsNegativeIds() {
    // tf.math.unsorted_segment_sum docstring: c = [[1,2,3,4], [5,6,7,8], [4,3,2,1]], ids [0, 1, 0]
    Tensor c = Tensor.of(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {4, 3, 2, 1}});
    check(Ops.unsortedSegmentSum(c, new int[] {0, 1, 0}, 2), s(2, 4), 5, 5, 5, 5, 5, 6, 7, 8);
    // segment_reduction_ops_impl.h (UnsortedSegmentFunctor, CPU): "if (j < 0) continue;" before
    // the bounds check, so a negative id drops its row instead of failing
    check(
        Ops.unsortedSegmentSum(c, new long[] {0, -1, 0}, 3),
        s(3, 4),
        5,
        5,
        5,
        5,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0);
    check(
        Ops.unsortedSegmentSum(c, new int[][] {{1, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}}, 2),
        s(2),
        2 + 3 + 5 + 6 + 7 + 8,
        1 + 4 + 4 + 3 + 2 + 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ops.unsortedSegmentSum(c, new int[] {0, 2, 0}, 2));
    assertTrue(e.getMessage().contains("indices[1] = 2 is not in [0, 2)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Ops.unsortedSegmentSum(c, new int[] {0, 1}, 2));
    assertThrows(
        IllegalArgumentException.class, () -> Ops.unsortedSegmentSum(c, new int[] {0, 1, 0}, -1));
  }

  @Test
  void unsortedSegmentSumGradientGathersAndZeroesDropped() {
    Tensor d = Tensor.of(new double[] {1, 2, 3, 4});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      tape.watch(d);
      Tensor y = Ops.unsortedSegmentSum(d, new int[] {1, -1, 0, 1}, 2);
      loss = Ops.reduceSum(y.mul(Tensor.of(new double[] {10, 100})));
    }
    assertArrayEquals(new double[] {100, 0, 10, 100}, tape.gradient(loss, d).toDoubleArray());
  }

  @Test
  void booleanMaskAsTfDocs() {
    check(
        Ops.booleanMask(
            Tensor.of(new int[] {0, 1, 2, 3}), new boolean[] {true, false, true, false}),
        s(2),
        0,
        2);
    Tensor t = Tensor.of(new int[][] {{1, 2}, {3, 4}, {5, 6}});
    check(Ops.booleanMask(t, new boolean[] {true, false, true}), s(2, 2), 1, 2, 5, 6);
    check(
        Ops.booleanMask(t, new boolean[][] {{false, true}, {true, true}, {false, false}}),
        s(3),
        2,
        3,
        4);
    check(Ops.booleanMask(t, new boolean[3]), s(0, 2));
    assertThrows(IllegalArgumentException.class, () -> Ops.booleanMask(t, true));
    assertThrows(IllegalArgumentException.class, () -> Ops.booleanMask(t, new boolean[] {true}));
    assertThrows(IllegalArgumentException.class, () -> Ops.booleanMask(t, new int[] {1, 0, 1}));
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      tape.watch(x);
      loss =
          Ops.reduceSum(
              Ops.booleanMask(x, new boolean[] {true, false, true})
                  .mul(Tensor.of(new double[] {5, 7})));
    }
    assertArrayEquals(new double[] {5, 0, 7}, tape.gradient(loss, x).toDoubleArray());
  }

  @Test
  void nothingIsRecordedForARejectedCall() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape(true);
    try (tape) {
      tape.watch(x);
      assertThrows(IllegalArgumentException.class, () -> Ops.gather(x, new int[] {3}, 0));
      assertThrows(IllegalArgumentException.class, () -> x.get("7"));
    }
    // the tape holds no entry that a later gradient could trip on
    Tensor y;
    try (GradientTape t2 = new GradientTape()) {
      t2.watch(x);
      y = Ops.gather(x, new int[] {1}, 0);
      assertArrayEquals(new double[] {0, 1, 0}, t2.gradient(y, x).toDoubleArray());
    }
    assertEquals(List.of(), tape.watchedVariables());
  }
}
