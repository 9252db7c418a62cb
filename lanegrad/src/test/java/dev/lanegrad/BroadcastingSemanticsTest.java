package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * NumPy broadcasting as TF applies it: where's three operands, comparisons, and shapes that do not
 * broadcast. The expected values are TF's and Keras's (docstrings, guides, kernels, gradient
 * functions); each test names its source.
 */
class BroadcastingSemanticsTest {
  @Test
  void whereBroadcastsTheCondition() {
    // tf.where (where_v2) broadcasts all three: cond [2, 1], x [3], y scalar -> [2, 3]
    Tensor c = Tensor.of(new boolean[][] {{true}, {false}});
    Tensor w = Ops.where(c, Tensor.of(new double[] {1, 2, 3}), Tensor.of(0.0));
    assertEquals(Shape.of(2, 3), w.shape());
    close(d(1, 2, 3, 0, 0, 0), w, 0);
  }

  @Test
  void comparisonsBroadcastToBool() {
    // tf.math.greater docstring: [5, 4, 6] > [5, 2, 5] -> [False, True, True];
    // [5, 4, 6] > [5] -> [False, False, True]
    Tensor x = Tensor.of(new int[] {5, 4, 6});
    Tensor g = Ops.greater(x, Tensor.of(new int[] {5, 2, 5}));
    assertEquals(DType.BOOL, g.dtype());
    assertArrayEquals(new boolean[] {false, true, true}, g.toBooleanArray());
    assertArrayEquals(
        new boolean[] {false, false, true},
        Ops.greater(x, Tensor.of(new int[] {5})).toBooleanArray());
    // tf.math.equal docstring: [2, 4] == 2 -> [True, False]
    assertArrayEquals(
        new boolean[] {true, false}, Ops.equal(Tensor.of(new int[] {2, 4}), 2).toBooleanArray());
  }

  @Test
  void broadcastMismatchIsAnError() {
    // TF: "Incompatible shapes: [2] vs. [3]"
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ops.add(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
  }
}
