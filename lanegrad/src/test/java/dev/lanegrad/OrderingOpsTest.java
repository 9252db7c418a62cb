package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * argmax, argmin, topK, sort, argsort and oneHot against TF 2.15's docstrings (quoted per test):
 * first index on ties, stable sorts in both directions, zeros for an out-of-range one-hot index.
 */
class OrderingOpsTest {
  // tf.math.argmax's docstring
  @Test
  void argmaxFirstIndexOnTies() {
    assertEquals(2L, Ops.argmax(new int[] {2, 20, 30, 3, 6}, 0).longValue());
    Tensor b = Tensor.of(new int[][] {{2, 20, 30, 3, 6}, {3, 11, 16, 1, 8}, {14, 45, 23, 5, 27}});
    assertArrayEquals(new long[] {2, 2, 0, 2, 2}, Ops.argmax(b, 0).toLongArray());
    assertArrayEquals(new long[] {2, 2, 1}, Ops.argmax(b, 1).toLongArray());
    assertEquals(DType.INT64, Ops.argmax(b, 1).dtype());
    assertEquals(0L, Ops.argmax(new int[] {0, 0, 0, 0}, 0).longValue());
    assertArrayEquals(new long[] {0, 3, 3}, Ops.argmin(b, 1).toLongArray());
    assertEquals(1L, Ops.argmin(new float[] {3, 1, 1}, -1).longValue());
    assertIae(() -> Ops.argmax(new float[0], 0), "argmax", "empty");
    assertIae(() -> Ops.argmax(b, 2), "argmax", "axis 2");
  }

  @Test
  void topKLowerIndexFirstOnTies() {
    TopK t = Ops.topK(Tensor.of(new float[] {1, 3, 2, 3}), 2);
    assertArrayEquals(new float[] {3, 3}, t.values().toFloatArray());
    assertArrayEquals(new int[] {1, 3}, t.indices().toIntArray());
    assertEquals(DType.INT32, t.indices().dtype());
    TopK rows = Ops.topK(Tensor.of(new int[][] {{5, 1, 7}, {0, 9, 9}}), 2);
    assertArrayEquals(new int[] {7, 5, 9, 9}, rows.values().toIntArray());
    assertArrayEquals(new int[] {2, 0, 1, 2}, rows.indices().toIntArray());
    assertEquals(Shape.of(2, 2), rows.values().shape());
    assertIae(() -> Ops.topK(new float[] {1, 2}, 3), "topK", "k = 3");
    // the values' gradient goes back to where each came from (TF's _TopKGrad)
    Tensor x = Tensor.of(new double[] {1, 4, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = Ops.multiply(Ops.topK(x, 2).values(), Tensor.of(new double[] {10, 20}));
    }
    assertArrayEquals(new double[] {0, 10, 0, 20}, tape.gradient(y, x).toDoubleArray());
  }

  // tf.sort / tf.argsort docstrings: values = [1, 10, 26.7, 105, 0.2, 44]
  @Test
  void sortAndArgsortStable() {
    float[] v = {1, 10, 26.7f, 105, 0.2f, 44};
    assertArrayEquals(new int[] {4, 0, 1, 2, 5, 3}, Ops.argsort(v, 0, false).toIntArray());
    assertArrayEquals(new int[] {3, 5, 2, 1, 0, 4}, Ops.argsort(v, -1, true).toIntArray());
    assertArrayEquals(
        new float[] {105, 44, 26.7f, 10, 1, 0.2f}, Ops.sort(v, 0, true).toFloatArray());
    // equal values keep their order either way (stable), -0.0 equal to 0.0
    float[] ties = {2, 1, 2, 0f, 1, -0f};
    assertArrayEquals(new int[] {3, 5, 1, 4, 0, 2}, Ops.argsort(ties, 0, false).toIntArray());
    assertArrayEquals(new int[] {0, 2, 1, 4, 3, 5}, Ops.argsort(ties, 0, true).toIntArray());
    Tensor m = Tensor.of(new long[][] {{3, 1}, {2, 5}});
    assertArrayEquals(new long[] {2, 1, 3, 5}, Ops.sort(m, 0, false).toLongArray());
    assertArrayEquals(new int[] {1, 0, 0, 1}, Ops.argsort(m, 0, false).toIntArray());
    assertArrayEquals(new long[] {1, 3, 2, 5}, Ops.sort(m, 1, false).toLongArray());
  }

  // tf.one_hot's docstring: indices [0, 2, -1, 1], depth 3 (an index outside gives zeros)
  @Test
  void oneHotOutOfRangeGivesZeros() {
    Tensor h = Ops.oneHot(new int[] {0, 2, -1, 1}, 3);
    assertEquals(DType.FLOAT32, h.dtype());
    assertEquals(Shape.of(4, 3), h.shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, h.toFloatArray());
    Tensor l = Ops.oneHot(Tensor.of(new long[][] {{3}, {0}}), 3, DType.INT64);
    assertEquals(Shape.of(2, 1, 3), l.shape());
    assertArrayEquals(new long[] {0, 0, 0, 1, 0, 0}, l.toLongArray());
    assertArrayEquals(
        new boolean[] {false, true}, Ops.oneHot(new int[] {1}, 2, DType.BOOL).toBooleanArray());
    assertIae(() -> Ops.oneHot(new float[] {1}, 2), "oneHot", "float32");
    assertIae(() -> Ops.oneHot(new int[] {1}, -1), "oneHot", "depth");
  }
}
