package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values of get (TF's {@code t[...]}), slice, split, tile, pad, broadcastTo, reverse: hand-computed
 * or from TF's documentation (tensorflow/python/ops/array_ops.py docstrings of tile, pad, slice,
 * split, reverse, and the slicing rules of _slice_helper, which follow Python's slice.indices).
 */
class IndexingOpsTest {

  static void check(Tensor t, int[] shape, int... values) {
    assertEquals(Shape.of(shape), t.shape(), "shape");
    assertArrayEquals(values, t.toIntArray(), "values");
  }

  static int[] s(int... d) {
    return d;
  }

  static final Tensor T = Tensor.range(12).reshape(3, 4);

  @Test
  void getIntegersSlicesEllipsisNewaxis() {
    check(T.get("1"), s(4), 4, 5, 6, 7);
    check(T.get("1:3, ::-1"), s(2, 4), 7, 6, 5, 4, 11, 10, 9, 8);
    check(T.get("..., 0"), s(3), 0, 4, 8);
    check(T.get("newaxis, -1"), s(1, 4), 8, 9, 10, 11);
    check(T.get("::2, 1::2"), s(2, 2), 1, 3, 9, 11);
    check(T.get("-1, -1"), s(), 11);
    check(T.get(" 0 , 1:3 "), s(2), 1, 2);
    check(T.get(":, newaxis, 3"), s(3, 1), 3, 7, 11);
    check(T.get("..."), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    check(T.get("None, ..., None"), s(1, 3, 4, 1), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    check(T.get("-2:, :-2"), s(2, 2), 4, 5, 8, 9);
    Tensor r3 = Tensor.range(24).reshape(2, 3, 4);
    check(r3.get("1, ..., ::-3"), s(3, 2), 15, 12, 19, 16, 23, 20);
    check(r3.get("..., 1, 2"), s(2), 6, 18);
    check(r3.get("0, ..."), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    // a scalar takes ... and newaxis only
    check(Tensor.of(7).get("..."), s(), 7);
    check(Tensor.of(7).get("newaxis"), s(1), 7);
  }

  /** Python's slice.indices: bounds clamp, an empty range is no error; negative steps reverse. */
  @Test
  void slicesClampAsNumpy() {
    Tensor r = Tensor.range(5);
    check(r.get("::-2"), s(3), 4, 2, 0);
    check(r.get("3:0:-1"), s(3), 3, 2, 1);
    check(r.get("-100:100"), s(5), 0, 1, 2, 3, 4);
    check(r.get("10::-1"), s(5), 4, 3, 2, 1, 0);
    check(r.get(":-10:-1"), s(5), 4, 3, 2, 1, 0);
    check(r.get("0:-10:-1"), s(1), 0);
    check(r.get("-10:-20"), s(0));
    check(r.get("5:99"), s(0));
    check(r.get("3:1"), s(0));
    check(r.get("1:3:-1"), s(0));
    check(r.get("-1:-3:-1"), s(2), 4, 3);
    check(r.get("::7"), s(1), 0);
    check(r.get("4:99999999999"), s(1), 4);
    check(T.get("5:, 1"), s(0));
    check(Tensor.range(0).get("::-1"), s(0));
  }

  @Test
  void getRejectsWhatTfRejects() {
    // TF: "slice index 3 of dimension 0 out of bounds" (strided_slice_op.cc, shrink axis)
    for (String bad :
        new String[] {
          "3", "-4", "0, 4", "::0", "..., ...", "1, 2, 3", "a", "", "1:2:3:4", "1,,2"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> T.get(bad), bad);
      assertTrue(e.getMessage().startsWith("get: index \"" + bad + "\""), e.getMessage());
      assertTrue(e.getMessage().contains("(3, 4)"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1).get("0"));
    assertThrows(IllegalArgumentException.class, () -> T.get(null));
  }

  @Test
  void getGradientWritesIntoZeros() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      tape.watch(x);
      loss = Ops.reduceSum(x.get("::-2").mul(Tensor.of(new double[] {10, 20})));
    }
    assertArrayEquals(new double[] {0, 20, 0, 10}, tape.gradient(loss, x).toDoubleArray());
  }

  @Test
  void sliceTakesMinusOneToTheEnd() {
    check(Ops.slice(Tensor.range(5), s(1), s(-1)), s(4), 1, 2, 3, 4);
    check(Ops.slice(T, s(1, 1), s(-1, 2)), s(2, 2), 5, 6, 9, 10);
    check(Ops.slice(T, s(3, 0), s(-1, -1)), s(0, 4));
    // TF's docstring: t = [[[1,1,1],[2,2,2]],[[3,3,3],[4,4,4]],[[5,5,5],[6,6,6]]]
    Tensor t =
        Tensor.of(
            new int[][][] {{{1, 1, 1}, {2, 2, 2}}, {{3, 3, 3}, {4, 4, 4}}, {{5, 5, 5}, {6, 6, 6}}});
    check(Ops.slice(t, s(1, 0, 0), s(1, 1, 3)), s(1, 1, 3), 3, 3, 3);
    check(Ops.slice(t, s(1, 0, 0), s(1, 2, 3)), s(1, 2, 3), 3, 3, 3, 4, 4, 4);
    check(Ops.slice(t, s(1, 0, 0), s(2, 1, 3)), s(2, 1, 3), 3, 3, 3, 5, 5, 5);
    for (int[][] bad :
        new int[][][] {{s(4, 0), s(1, 1)}, {s(0, 0), s(-2, 1)}, {s(1, 1), s(3, 1)}, {s(0), s(1)}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Ops.slice(T, bad[0], bad[1]));
      assertTrue(e.getMessage().startsWith("slice: "), e.getMessage());
      assertTrue(e.getMessage().contains("(3, 4)"), e.getMessage());
    }
  }

  @Test
  void splitEqualAndBySizes() {
    List<Tensor> p = Ops.split(Tensor.range(6), 3, 0);
    assertEquals(3, p.size());
    check(p.get(0), s(2), 0, 1);
    check(p.get(2), s(2), 4, 5);
    List<Tensor> q = Ops.split(Tensor.range(6), s(1, -1, 2), 0);
    check(q.get(0), s(1), 0);
    check(q.get(1), s(3), 1, 2, 3);
    check(q.get(2), s(2), 4, 5);
    List<Tensor> c = Ops.split(T, s(3, 0, 1), -1);
    check(c.get(0), s(3, 3), 0, 1, 2, 4, 5, 6, 8, 9, 10);
    check(c.get(1), s(3, 0));
    check(c.get(2), s(3, 1), 3, 7, 11);
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, s(1, 2), 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, s(-1, -1), 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, s(5, -1), 1));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(T, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Ops.split(Tensor.of(1), 1, 0));
    // any count divides an empty axis: TF makes that many empty parts
    assertEquals(5, Ops.split(Tensor.range(0), 5, 0).size());
    assertThrows(IllegalArgumentException.class, () -> Ops.split(Tensor.range(0), 1 << 30, 0));
  }

  @Test
  void tileAsTfDocs() {
    // tf.tile docstring: a = [[1,2,3],[4,5,6]]
    Tensor a = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    check(Ops.tile(a, 1, 2), s(2, 6), 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6);
    check(Ops.tile(a, 2, 1), s(4, 3), 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
    check(Ops.tile(a, 0, 1), s(0, 3));
    check(Ops.tile(Tensor.of(5)), s(), 5);
    assertThrows(IllegalArgumentException.class, () -> Ops.tile(a, 2));
    assertThrows(IllegalArgumentException.class, () -> Ops.tile(a, -1, 1));
  }

  @Test
  void padAsTfDocs() {
    // tf.pad docstring: t = [[1, 2, 3], [4, 5, 6]], paddings = [[1, 1], [2, 2]]
    Tensor t = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    int[][] p = {{1, 1}, {2, 2}};
    check(
        Ops.pad(t, p),
        s(4, 7),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        2,
        3,
        0,
        0,
        0,
        0,
        4,
        5,
        6,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0);
    check(Ops.pad(t, new int[][] {{0, 1}, {1, 0}}, 9), s(3, 4), 9, 1, 2, 3, 9, 4, 5, 6, 9, 9, 9, 9);
    Tensor f = Ops.pad(Tensor.of(new float[] {1}), new int[][] {{1, 0}}, -0.5);
    assertArrayEquals(new float[] {-0.5f, 1}, f.toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> Ops.pad(t, new int[][] {{-1, 0}, {0, 0}}));
    assertThrows(IllegalArgumentException.class, () -> Ops.pad(t, new int[][] {{1, 0}}));
    assertThrows(IllegalArgumentException.class, () -> Ops.pad(t, new int[][] {{1, 0}, {1}}));
    assertThrows(IllegalArgumentException.class, () -> Ops.pad(t, p, 1.5));
    assertThrows(IllegalArgumentException.class, () -> Ops.pad(t, p, Tensor.of(new int[] {1, 2})));
  }

  @Test
  void broadcastToAndReverse() {
    // tf.broadcast_to docstring: [1, 2, 3] to [3, 3]
    check(
        Ops.broadcastTo(Tensor.of(new int[] {1, 2, 3}), 3, 3), s(3, 3), 1, 2, 3, 1, 2, 3, 1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> Ops.broadcastTo(T, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> Ops.broadcastTo(T, -3, 4));
    check(Ops.reverse(T, 1), s(3, 4), 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8);
    check(Ops.reverse(T, 0, -1), s(3, 4), 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    check(Ops.reverse(T), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    check(Ops.reverse(Tensor.range(0), 0), s(0));
    // TF: "'axis' dimension 0 specified more than once" (reverse_op.cc)
    assertThrows(IllegalArgumentException.class, () -> Ops.reverse(T, 0, -2));
    assertThrows(IllegalArgumentException.class, () -> Ops.reverse(T, 2));
  }

  @Test
  void complexAndBoolTakeTheSamePaths() {
    Tensor c = Tensor.of(new Complex[] {new Complex(1, 2), new Complex(3, 4), new Complex(5, 6)});
    assertEquals(new Complex(5, 6), c.get("::-1").toComplexArray()[0]);
    assertEquals(new Complex(3, 4), c.get("1").toComplexArray()[0]);
    Tensor b = Tensor.of(new boolean[] {true, false, false});
    assertArrayEquals(new boolean[] {false, false, true}, Ops.reverse(b, 0).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, true, false, false},
        Ops.pad(b, new int[][] {{1, 0}}, true).toBooleanArray());
  }
}
