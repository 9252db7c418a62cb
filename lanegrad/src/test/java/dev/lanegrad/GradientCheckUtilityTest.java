package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GradientCheck} on functions with known gradients and on deliberately wrong ones. */
class GradientCheckUtilityTest {

  @Test
  void productOfTwoInputsPasses() {
    Tensor a = Tensor.of(new double[][] {{0.5, -1.5, 2}, {1, 0.25, -0.75}});
    Tensor b = Tensor.of(new double[] {1.5, -0.5, 2});
    GradientCheck.Result r = GradientCheck.check(xs -> xs.get(0).mul(xs.get(1)).tanh(), a, b);
    assertTrue(r.passed(1e-7), r::toString);
    assertEquals(2, r.inputs());
    assertTrue(r.connected(0) && r.connected(1));
    // the Jacobian of y[r, c] = tanh(a[r, c] b[c]) w.r.t. a is diagonal: b[c] (1 - y^2)
    double[][] ja = r.analytic(0);
    double[] y = r.value();
    assertEquals(6, ja.length);
    for (int k = 0; k < 6; k++) {
      for (int j = 0; j < 6; j++) {
        double bc = new double[] {1.5, -0.5, 2}[k % 3];
        double expected = k == j ? bc * (1 - y[k] * y[k]) : 0;
        assertEquals(expected, ja[k][j], 1e-12, "J[" + k + "][" + j + "]");
      }
    }
    assertTrue(r.toString().startsWith("GradientCheck: passed"), r::toString);
  }

  @Test
  void scalarFunctionsOfManyOps() {
    Tensor x = Tensor.of(new double[][] {{0.3, 1.2}, {2.0, 0.7}});
    GradientCheck.Result r =
        GradientCheck.check(t -> t.matmul(t).sigmoid().add(t.log()).sum().sqrt(), x);
    assertTrue(r.passed(1e-7), r::toString);
    assertTrue(r.worstRelativeError(0) < 1e-7);
    assertTrue(r.worstAbsoluteError(0) < 1e-7);
    assertEquals(1, r.analytic(0).length);
    assertEquals(4, r.analytic(0)[0].length);
  }

  @Test
  void float32InputsAreCheckedInFloat64() {
    Tensor x = Tensor.of(new float[] {0.5f, 2f});
    GradientCheck.Result r = GradientCheck.check(t -> t.square().mul(3.0).sum(), x);
    assertTrue(r.passed(1e-8), r::toString);
    // d/dx 3 x^2 = 6x exactly
    assertEquals(3.0, r.analytic(0)[0][0], 0);
    assertEquals(12.0, r.analytic(0)[0][1], 0);
  }

  @Test
  void wrongCustomGradientIsReportedEntryByEntry() {
    // y = x^2 with a gradient of g * x instead of g * 2x
    Tensor x = Tensor.of(new double[] {0.5, 1.5});
    GradientCheck.Result r =
        GradientCheck.check(
            t -> Ops.customGradient(t, v -> CustomGradient.of(v.square(), g -> g.mul(v))).sum(), x);
    assertFalse(r.passed(1e-6));
    assertFalse(r.passed());
    assertEquals(0.5, r.worstRelativeError(0), 1e-8); // |1.5 - 3| / 3
    assertEquals(0.5, r.analytic(0)[0][0], 1e-15);
    assertEquals(1.0, r.numeric(0)[0][0], 1e-8);
    String report = r.toString();
    assertTrue(report.startsWith("GradientCheck: FAILED"), report);
    assertTrue(report.contains("x[1] for y[]: analytic 1.5, numeric 3.0"), report);
    assertTrue(report.contains("x[0] for y[]: analytic 0.5, numeric 1.0"), report);
    assertTrue(report.contains("worst relative error 0.5"), report);
  }

  @Test
  void wrongGradientInOneOfTwoInputsBlamesOnlyThatInput() {
    Tensor a = Tensor.of(new double[] {1, 2, 3});
    Tensor b = Tensor.of(new double[] {0.5, -1, 4});
    GradientCheck.Result r =
        GradientCheck.check(
            xs ->
                Ops.customGradient(
                    xs,
                    v ->
                        new CustomGradient(
                            v.get(0).mul(v.get(1)),
                            g ->
                                List.of(g.mul(v.get(1)), g.mul(v.get(1))))), // d/db should be g * a
            a,
            b);
    assertTrue(r.worstRelativeError(0) < 1e-8, r::toString);
    assertTrue(r.worstRelativeError(1) > 0.1, r::toString);
    assertFalse(r.passed());
    // the Jacobian w.r.t. b is diag(a); the wrong rule gave diag(b)
    assertEquals(1.0, r.numeric(1)[0][0], 1e-8);
    assertEquals(0.5, r.analytic(1)[0][0], 0);
    assertTrue(r.toString().contains("input 1 shape=(3,): worst relative error"), r::toString);
  }

  @Test
  void unconnectedInputCountsAsZeros() {
    Tensor a = Tensor.of(new double[] {1, 2});
    Tensor b = Tensor.of(3.0);
    GradientCheck.Result r = GradientCheck.check(xs -> xs.get(0).exp().sum(), a, b);
    assertTrue(r.passed(1e-7), r::toString);
    assertTrue(r.connected(0));
    assertFalse(r.connected(1));
    assertEquals(0.0, r.worstRelativeError(1));
    assertTrue(r.toString().contains("not connected"), r::toString);
  }

  @Test
  void stopGradientIsCaughtAsAMissingGradient() {
    // the tape sees no path (stopGradient), the function still depends on x: a real difference
    Tensor x = Tensor.of(new double[] {1, 2});
    GradientCheck.Result r =
        GradientCheck.check(
            t -> t.mul(Ops.stopGradient(t)).sum(), x); // d/dx x*x is 2x, the tape says x
    assertFalse(r.passed(), r::toString);
    assertEquals(0.5, r.worstRelativeError(0), 1e-8);
  }

  @Test
  void kinksShowUpAsLargeErrors() {
    // abs at 0: the tape says 0, central differences say 0 too; relu at 0: tape 0, numeric 0.5
    Tensor x = Tensor.of(new double[] {0, 1});
    GradientCheck.Result r = GradientCheck.check(t -> t.relu().sum(), x);
    assertEquals(0.5, r.worstRelativeError(0), 1e-9);
    assertTrue(r.toString().contains("x[0] for y[]: analytic 0.0, numeric 0.4999"), r::toString);
  }

  @Test
  void emptyInputsAndOutputs() {
    Tensor x = Tensor.zeros(Shape.of(0, 3), DType.FLOAT64);
    GradientCheck.Result r = GradientCheck.check(t -> t.sum(), x);
    assertTrue(r.passed(), r::toString);
    assertTrue(r.toString().contains("no elements"), r::toString);
  }

  @Test
  void nanEntriesFail() {
    Tensor x = Tensor.of(new double[] {-1, 2});
    GradientCheck.Result r = GradientCheck.check(t -> t.sqrt().sum(), x);
    assertTrue(Double.isNaN(r.worstRelativeError(0)), r::toString);
    assertFalse(r.passed(1e6));
  }

  @Test
  void badArgumentsAreIllegalArgumentExceptions() {
    Tensor x = Tensor.of(new double[] {1});
    assertMessage("GradientCheck.check", () -> GradientCheck.check(null, x));
    assertMessage("GradientCheck.check", () -> GradientCheck.check(t -> t, (Tensor) null));
    assertMessage(
        "GradientCheck.check", () -> GradientCheck.check(xs -> xs.get(0), (Tensor[]) null));
    assertMessage("no inputs", () -> GradientCheck.check(xs -> Tensor.of(1.0), List.of(), 1e-6));
    assertMessage("step", () -> GradientCheck.check(xs -> xs.get(0), List.of(x), 0));
    assertMessage("step", () -> GradientCheck.check(xs -> xs.get(0), List.of(x), Double.NaN));
    assertMessage("int32", () -> GradientCheck.check(t -> t, Tensor.of(new int[] {1})));
    assertMessage(
        "complex128",
        () -> GradientCheck.check(t -> t, Tensor.of(new Complex[] {new Complex(1, 2)})));
    assertMessage("returned null", () -> GradientCheck.check(t -> null, x));
    assertMessage("returned dtype bool", () -> GradientCheck.check(t -> t.greater(0), x));
    GradientCheck.Result r = GradientCheck.check(t -> t, x);
    assertMessage("input 1 is out of range", () -> r.worstRelativeError(1));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
