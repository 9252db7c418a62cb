package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * split and unstack as ops with several outputs: their gradient is TF's SplitGrad / UnpackGrad
 * (array_grad.py: {@code concat(grads with zeros for None)}, {@code stack(grads)}), checked with
 * central differences in float64 (first and second order), with unused parts, a part as the source,
 * a persistent tape and a jacobian; values hand-computed.
 */
class SplitGradientTest {
  private static Tensor x3() {
    double[] v = new double[2 * 4 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(0.7 * i + 0.3);
    }
    return Tensor.of(v, Shape.of(2, 4, 3));
  }

  /** A different weight per part, some parts unused, nonlinear so second order is not trivial. */
  private static Tensor useParts(List<Tensor> parts) {
    Tensor y = null;
    for (int j = 0; j < parts.size(); j++) {
      if (j == 1) {
        continue; // an unused part: zeros in the concat
      }
      Tensor p = parts.get(j);
      Tensor t = p.mul(p).mul(p).mul(j + 1.0).sum();
      y = y == null ? t : y.add(t);
    }
    return y;
  }

  @Test
  void unstackValues() {
    List<Tensor> u = Ops.unstack(Tensor.range(6).reshape(2, 3), 1);
    assertEquals(3, u.size());
    assertArrayEquals(new int[] {0, 3}, u.get(0).toIntArray());
    assertArrayEquals(new int[] {2, 5}, u.get(2).toIntArray());
    assertEquals(Shape.of(2), u.get(1).shape());
    List<Tensor> r = Ops.unstack(Tensor.range(6).reshape(2, 3), -2);
    assertArrayEquals(new int[] {3, 4, 5}, r.get(1).toIntArray());
    assertEquals(1, Ops.unstack(Tensor.range(3).reshape(1, 3), 0).size());
    assertEquals(0, Ops.unstack(Tensor.zeros(Shape.of(0, 3), DType.FLOAT32), 0).size());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ops.unstack(Tensor.of(1.0), 0));
    assertTrue(e.getMessage().startsWith("unstack: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ops.unstack(Tensor.range(3), 1));
  }

  @Test
  void firstOrderAgainstCentralDifferences() {
    List<Function<Tensor, List<Tensor>>> cuts =
        List.of(
            x -> Ops.split(x, 4, 1),
            x -> Ops.split(x, new int[] {1, -1, 2}, 2),
            x -> Ops.unstack(x, 1),
            x -> Ops.unstack(x, 0),
            x -> Ops.unstack(x, -1));
    for (Function<Tensor, List<Tensor>> cut : cuts) {
      GradientCheck.Result r = GradientCheck.check(x -> useParts(cut.apply(x)), x3());
      assertTrue(r.passed(1e-7), r.toString());
    }
  }

  @Test
  void handComputedGradientWithAnUnusedPart() {
    // y = 1 * sum(p0^3) + 3 * sum(p2^3); dy/dx = 3 w p^2 where used, 0 in part 1
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6});
    Tensor g;
    try (GradientTape tape = new GradientTape()) {
      tape.watch(x);
      Tensor y = useParts(Ops.split(x, 3, 0));
      g = tape.gradient(y, x);
    }
    assertArrayEquals(new double[] {3, 12, 0, 0, 225, 324}, g.toDoubleArray(), 1e-12);
  }

  @Test
  void secondOrderAgainstCentralDifferences() {
    for (boolean unstack : new boolean[] {false, true}) {
      GradientCheck.Result r =
          GradientCheck.check(
              x -> {
                try (GradientTape inner = new GradientTape()) {
                  inner.watch(x);
                  Tensor y = useParts(unstack ? Ops.unstack(x, 1) : Ops.split(x, 2, 1));
                  return inner.gradient(y, x);
                }
              },
              x3());
      assertTrue(r.passed(1e-6), r.toString());
    }
  }

  @Test
  void aPartAsSourceAPersistentTapeAndAJacobian() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4});
    try (GradientTape tape = new GradientTape(true)) {
      tape.watch(x);
      List<Tensor> p = Ops.split(x, 2, 0);
      Tensor y = p.get(1).mul(p.get(1)).sum();
      // the second output is a node of its own
      assertArrayEquals(new double[] {6, 8}, tape.gradient(y, p.get(1)).toDoubleArray(), 0);
      assertNull(tape.gradient(y, p.get(0)));
      assertArrayEquals(new double[] {0, 0, 6, 8}, tape.gradient(y, x).toDoubleArray(), 0);
      Tensor j = tape.jacobian(p.get(0).mul(2.0), x);
      assertArrayEquals(new double[] {2, 0, 0, 0, 0, 2, 0, 0}, j.toDoubleArray(), 0);
      // targets that are parts themselves
      List<Tensor> g = tape.gradient(List.of(p.get(0), p.get(1)), List.of(x));
      assertArrayEquals(new double[] {1, 1, 1, 1}, g.get(0).toDoubleArray(), 0);
    }
  }
}
