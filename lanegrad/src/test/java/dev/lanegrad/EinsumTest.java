package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * einsum against a second implementation written here (a loop over every assignment of the labels:
 * the definition), on the forms of TF's einsum docstring and tests (matmul, dot, outer, transpose,
 * trace "ii", diagonal "ii->i", batch matmul, sums, repeated labels within an operand), the
 * implicit output (labels seen once, sorted), ellipsis with broadcasting, and errors. Gradients are
 * in GradientCheckTest's table.
 */
class EinsumTest {
  static final SplittableRandom R = new SplittableRandom(0xE15L);

  static Tensor rand(int... dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = R.nextInt(-4, 5);
    }
    return Tensor.of(v, DType.FLOAT64, Shape.of(dims));
  }

  /** The definition: sum over all labels not in the output of the product of the operands. */
  static double[] reference(String eq, Tensor... ops) {
    String[] lr = eq.split("->", -1);
    String[] ins = lr[0].split(",", -1);
    String out = lr[1];
    List<Character> labels = new ArrayList<>();
    int[] size = new int[128];
    for (int i = 0; i < ins.length; i++) {
      int[] d = ops[i].shape().dims();
      for (int k = 0; k < ins[i].length(); k++) {
        char c = ins[i].charAt(k);
        if (!labels.contains(c)) {
          labels.add(c);
        }
        size[c] = d[k];
      }
    }
    int total = 1;
    for (char c : labels) {
      total *= size[c];
    }
    int outSize = 1;
    for (char c : out.toCharArray()) {
      outSize *= size[c];
    }
    double[] y = new double[outSize];
    int[] val = new int[128];
    for (int a = 0; a < total; a++) {
      int rest = a;
      for (int k = labels.size() - 1; k >= 0; k--) {
        char c = labels.get(k);
        val[c] = rest % size[c];
        rest /= size[c];
      }
      double p = 1;
      for (int i = 0; i < ins.length; i++) {
        int at = 0;
        for (char c : ins[i].toCharArray()) {
          at = at * size[c] + val[c];
        }
        p *= ops[i].toDoubleArray()[at];
      }
      int o = 0;
      for (char c : out.toCharArray()) {
        o = o * size[c] + val[c];
      }
      y[o] += p;
    }
    return y;
  }

  static void check(String eq, int[]... shapes) {
    Tensor[] ops = new Tensor[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      ops[i] = rand(shapes[i]);
    }
    Tensor y = Ops.einsum(eq, ops);
    assertArrayEquals(reference(eq, ops), y.toDoubleArray(), 1e-12, eq);
  }

  static int[] s(int... d) {
    return d;
  }

  @Test
  void explicitFormsMatchTheDefinition() {
    check("ij,jk->ik", s(2, 3), s(3, 4));
    check("i,i->", s(5), s(5));
    check("i,j->ij", s(3), s(2));
    check("ij->ji", s(2, 3));
    check("ii->", s(3, 3));
    check("ii->i", s(3, 3));
    check("bij,bjk->bik", s(2, 2, 3), s(2, 3, 2));
    check("ij->", s(2, 3));
    check("ij->j", s(2, 3));
    check("iij->ij", s(2, 2, 3));
    check("iji->j", s(2, 3, 2));
    check("ij,jk,kl->il", s(2, 3), s(3, 2), s(2, 4));
    check("abc,cd,bd->a", s(2, 3, 2), s(2, 3), s(3, 3));
    check("ij,ij->ij", s(2, 3), s(2, 3));
    check("i,->i", s(3), s());
    check("iii->i", s(2, 2, 2));
  }

  // tf.einsum's docstring: matmul, dot, outer, transpose, trace, diagonal, batch matmul
  @Test
  void implicitOutputIsTheLabelsSeenOnceSorted() {
    Tensor a = rand(2, 3);
    Tensor b = rand(3, 4);
    assertArrayEquals(reference("ij,jk->ik", a, b), Ops.einsum("ij,jk", a, b).toDoubleArray());
    assertArrayEquals(reference("ba->ab", a), Ops.einsum("ba", a).toDoubleArray());
    assertEquals(Shape.of(3, 2), Ops.einsum("ba", a).shape());
    Tensor m = rand(3, 3);
    assertEquals(reference("ii->", m)[0], Ops.einsum("ii", m).doubleValue());
    assertEquals(Shape.of(2, 4), Ops.einsum(" i j , j k ", a, b).shape());
  }

  @Test
  void ellipsisBroadcasts() {
    Tensor x = rand(2, 1, 2, 3);
    Tensor w = rand(5, 3, 4);
    // ...ij,...jk: the ellipsis dims (2, 1) and (5) broadcast to (2, 5)
    Tensor y = Ops.einsum("...ij,...jk->...ik", x, w);
    assertEquals(Shape.of(2, 5, 2, 4), y.shape());
    double[] xs = x.toDoubleArray();
    double[] ws = w.toDoubleArray();
    double[] want = new double[2 * 5 * 2 * 4];
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 5; q++) {
        for (int i = 0; i < 2; i++) {
          for (int k = 0; k < 4; k++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
              s += xs[(p * 2 + i) * 3 + j] * ws[(q * 3 + j) * 4 + k];
            }
            want[((p * 5 + q) * 2 + i) * 4 + k] = s;
          }
        }
      }
    }
    assertArrayEquals(want, y.toDoubleArray(), 1e-12);
    assertArrayEquals(want, Ops.einsum("...ij,...jk", x, w).toDoubleArray(), 1e-12);
    // ellipsis left out of an explicit output is summed (NumPy), and "...ii->...i" batched diag
    Tensor z = rand(4, 3);
    assertArrayEquals(reference("bi->i", z), Ops.einsum("...i->i", z).toDoubleArray(), 1e-12);
    Tensor d = rand(2, 3, 3);
    assertArrayEquals(reference("bii->bi", d), Ops.einsum("...ii->...i", d).toDoubleArray());
  }

  @Test
  void badEquations() {
    Tensor a = rand(2, 3);
    assertIae(() -> Ops.einsum("ij,jk->ik", a), "einsum", "2 input subscripts for 1 operands");
    assertIae(
        () -> Ops.einsum("ij,jk->ik", a, rand(4, 2)), "einsum", "subscript 'j' has sizes 3 and 4");
    assertIae(() -> Ops.einsum("ijk->i", a), "einsum", "rank 2");
    assertIae(() -> Ops.einsum("ij->iz", a), "einsum", "'z' appears in no input");
    assertIae(() -> Ops.einsum("ij->ii", a), "einsum", "more than once");
    assertIae(() -> Ops.einsum("i1->i", a), "einsum", "invalid subscript");
    assertIae(() -> Ops.einsum("ii->i", a), "einsum", "sizes 2 and 3");
    assertIae(
        () -> Ops.einsum("ij,jk", a, Tensor.of(new float[][] {{1}, {2}, {3}})),
        "einsum",
        "float64");
  }
}
