package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers of the TF-semantics tests: tolerant comparison, array literals, constants. */
final class TfFixtures {
  private TfFixtures() {}

  static void close(double[] expected, Tensor t, double tol) {
    assertNotNull(t, "tensor is null");
    double[] got = t.toDoubleArray();
    assertEquals(expected.length, got.length, "size of " + t);
    for (int i = 0; i < got.length; i++) {
      if (Double.isNaN(expected[i])) {
        assertTrue(Double.isNaN(got[i]), "element " + i + " should be NaN in " + t);
      } else if (Double.isInfinite(expected[i])) {
        assertEquals(expected[i], got[i], "element " + i + " of " + t);
      } else {
        assertEquals(
            expected[i],
            got[i],
            tol * Math.max(1, Math.abs(expected[i])),
            "element " + i + " of " + t);
      }
    }
  }

  static void close(double expected, Tensor t, double tol) {
    close(new double[] {expected}, t, tol);
  }

  static double[] d(double... v) {
    return v;
  }

  static final double F32 = 1e-6;

  static Tensor grad(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = f.apply(x);
    }
    return t.gradient(y, x);
  }

  static final float INF = Float.POSITIVE_INFINITY;
}
