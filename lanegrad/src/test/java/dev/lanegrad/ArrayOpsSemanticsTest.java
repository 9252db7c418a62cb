package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The array ops of TF's docstrings: reshape, transpose, expandDims, squeeze, concat, stack and
 * where. The expected values are TF's and Keras's (docstrings, guides, kernels, gradient
 * functions); each test names its source.
 */
class ArrayOpsSemanticsTest {
  @Test
  void reshape() {
    // tf.reshape docstring: t1 = [[1, 2, 3], [4, 5, 6]] -> [6] gives [1..6]; [3, 2] gives
    // [[1, 2], [3, 4], [5, 6]]; -1 infers; a one-element tensor reshapes to []
    Tensor t = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(Shape.of(6), Ops.reshape(t, 6).shape());
    Tensor r = Ops.reshape(t, 3, 2);
    assertEquals(Shape.of(3, 2), r.shape());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, r.toIntArray());
    assertEquals(Shape.of(3, 2), Ops.reshape(t, -1, 2).shape());
    assertEquals(Shape.of(6), Ops.reshape(t, -1).shape());
    assertEquals(Shape.scalar(), Ops.reshape(Tensor.of(new int[] {7}), new int[0]).shape());
    assertThrows(IllegalArgumentException.class, () -> Ops.reshape(t, 4, -1));
    assertThrows(IllegalArgumentException.class, () -> Ops.reshape(t, -1, -1));
  }

  @Test
  void transpose() {
    // tf.transpose docstring: [[1, 2, 3], [4, 5, 6]] -> [[1, 4], [2, 5], [3, 6]];
    // 3-D with perm [0, 2, 1] -> [[[1, 4], [2, 5], [3, 6]], [[7, 10], [8, 11], [9, 12]]]
    Tensor x = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, Ops.transpose(x).toIntArray());
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, Ops.transpose(x, 1, 0).toIntArray());
    Tensor y = Tensor.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Shape.of(2, 2, 3));
    Tensor z = Ops.transpose(y, 0, 2, 1);
    assertEquals(Shape.of(2, 3, 2), z.shape());
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, z.toIntArray());
    assertThrows(IllegalArgumentException.class, () -> Ops.transpose(y, 0, 0, 1));
  }

  @Test
  void expandDims() {
    // tf.expand_dims docstring: image of shape [10, 10, 3]: axis 0 -> [1, 10, 10, 3];
    // axis 1 -> [10, 1, 10, 3]; axis -1 -> [10, 10, 3, 1]; axis must be in [-rank-1, rank]
    Tensor image = Tensor.zeros(Shape.of(10, 10, 3), DType.FLOAT32);
    assertEquals(Shape.of(1, 10, 10, 3), Ops.expandDims(image, 0).shape());
    assertEquals(Shape.of(10, 1, 10, 3), Ops.expandDims(image, 1).shape());
    assertEquals(Shape.of(10, 10, 3, 1), Ops.expandDims(image, -1).shape());
    assertEquals(Shape.of(1, 10, 10, 3), Ops.expandDims(image, -4).shape());
    assertThrows(IllegalArgumentException.class, () -> Ops.expandDims(image, 4));
    assertThrows(IllegalArgumentException.class, () -> Ops.expandDims(image, -5));
  }

  @Test
  void squeeze() {
    // tf.squeeze docstring: 't' of shape [1, 2, 1, 3, 1, 1] -> shape [2, 3]
    Tensor t = Tensor.zeros(Shape.of(1, 2, 1, 3, 1, 1), DType.FLOAT32);
    assertEquals(Shape.of(2, 3), Ops.squeeze(t).shape());
    assertEquals(Shape.scalar(), Ops.squeeze(Tensor.zeros(Shape.of(1, 1), DType.FLOAT32)).shape());
  }

  @Test
  void concat() {
    // tf.concat docstring: t1 = [[1, 2, 3], [4, 5, 6]], t2 = [[7, 8, 9], [10, 11, 12]]:
    // axis 0 -> 4x3, axis 1 -> [[1, 2, 3, 7, 8, 9], [4, 5, 6, 10, 11, 12]];
    // axis -1 on 3-D: [[[1, 2], [2, 3]], [[4, 4], [5, 3]]] and [[[7, 4], [8, 4]], [[2, 10],
    // [15, 11]]] -> [[[1, 2, 7, 4], [2, 3, 8, 4]], [[4, 4, 2, 10], [5, 3, 15, 11]]]
    Tensor t1 = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor t2 = Tensor.of(new int[][] {{7, 8, 9}, {10, 11, 12}});
    Tensor c0 = Ops.concat(List.of(t1, t2), 0);
    assertEquals(Shape.of(4, 3), c0.shape());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, c0.toIntArray());
    assertArrayEquals(
        new int[] {1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12},
        Ops.concat(List.of(t1, t2), 1).toIntArray());
    Tensor a = Tensor.of(new int[][][] {{{1, 2}, {2, 3}}, {{4, 4}, {5, 3}}});
    Tensor b = Tensor.of(new int[][][] {{{7, 4}, {8, 4}}, {{2, 10}, {15, 11}}});
    Tensor c = Ops.concat(List.of(a, b), -1);
    assertEquals(Shape.of(2, 2, 4), c.shape());
    assertArrayEquals(
        new int[] {1, 2, 7, 4, 2, 3, 8, 4, 4, 4, 2, 10, 5, 3, 15, 11}, c.toIntArray());
  }

  @Test
  void concatOfScalarsIsAnError() {
    // array_ops concat: "Can't concatenate scalars (use tf.stack instead)"
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.concat(List.of(Tensor.of(1.0), Tensor.of(2.0)), 0));
  }

  @Test
  void stack() {
    // tf.stack docstring: x = [1, 4], y = [2, 5], z = [3, 6] -> [[1, 4], [2, 5], [3, 6]];
    // axis=1 -> [[1, 2, 3], [4, 5, 6]]
    Tensor x = Tensor.of(new int[] {1, 4});
    Tensor y = Tensor.of(new int[] {2, 5});
    Tensor z = Tensor.of(new int[] {3, 6});
    Tensor s0 = Ops.stack(List.of(x, y, z), 0);
    assertEquals(Shape.of(3, 2), s0.shape());
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, s0.toIntArray());
    Tensor s1 = Ops.stack(List.of(x, y, z), 1);
    assertEquals(Shape.of(2, 3), s1.shape());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, s1.toIntArray());
    assertEquals(Shape.of(2, 3), Ops.stack(List.of(x, y, z), -1).shape());
  }

  @Test
  void where() {
    // tf.where docstring: where([True, False, False, True], [1, 2, 3, 4], [100, 200, 300, 400])
    // -> [1, 200, 300, 4]; with y = [100] -> [1, 100, 100, 4]; scalars 1 and 100 broadcast
    Tensor c = Tensor.of(new boolean[] {true, false, false, true});
    assertArrayEquals(
        new int[] {1, 200, 300, 4},
        Ops.where(c, Tensor.of(new int[] {1, 2, 3, 4}), Tensor.of(new int[] {100, 200, 300, 400}))
            .toIntArray());
    assertArrayEquals(
        new int[] {1, 100, 100, 4},
        Ops.where(c, Tensor.of(new int[] {1, 2, 3, 4}), Tensor.of(new int[] {100})).toIntArray());
    assertArrayEquals(new int[] {1, 100, 100, 1}, Ops.where(c, 1, 100).toIntArray());
  }
}
