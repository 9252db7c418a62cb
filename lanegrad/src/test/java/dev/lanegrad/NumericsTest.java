package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link Ops#checkNumerics} and {@link Ops#enableCheckNumerics}. */
class NumericsTest {

  @AfterEach
  void off() {
    Ops.enableCheckNumerics(false);
  }

  private static String rejects(Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    return e.getMessage();
  }

  @Test
  void finiteValuesPassThrough() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    Tensor y = Ops.checkNumerics(x, "weights");
    assertNotSame(x, y);
    assertEquals(x.shape(), y.shape());
    assertArrayEquals(x.toFloatArray(), y.toFloatArray());
    assertEquals(
        Shape.of(0, 3),
        Ops.checkNumerics(Tensor.zeros(Shape.of(0, 3), DType.FLOAT64), "empty").shape());
    Tensor c = Tensor.of(new Complex[] {new Complex(1, 2)});
    assertEquals(DType.COMPLEX128, Ops.checkNumerics(c, "c").dtype());
  }

  @Test
  void nanAndInfinityAreCountedAndLocated() {
    Tensor x =
        Tensor.of(new double[][] {{1, 2, 3}, {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN}});
    String m = rejects(() -> Ops.checkNumerics(x, "after layer 2"));
    assertEquals(
        "checkNumerics: after layer 2: the tensor of shape (2, 3) and dtype float64 has 2 NaN"
            + " and 1 infinite elements (the first at [1, 0])",
        m);
    String m0 = rejects(() -> Ops.checkNumerics(Tensor.of(Float.NEGATIVE_INFINITY), "s"));
    assertTrue(m0.contains("has 0 NaN and 1 infinite elements (the first at [])"), m0);
    Tensor c = Tensor.of(new Complex[] {new Complex(1, 2), new Complex(0, Double.NaN)});
    String mc = rejects(() -> Ops.checkNumerics(c, "c"));
    assertTrue(mc.contains("1 NaN and 0 infinite parts (the first at [1])"), mc);
    Variable v = Variable.of(new float[] {1, Float.NaN});
    assertTrue(rejects(() -> Ops.checkNumerics(v, "v")).contains("first at [1]"));
  }

  @Test
  void badArguments() {
    assertTrue(rejects(() -> Ops.checkNumerics(Tensor.of(new int[] {1}), "i")).contains("int32"));
    assertTrue(rejects(() -> Ops.checkNumerics(Tensor.of(true), "b")).contains("bool"));
    assertTrue(rejects(() -> Ops.checkNumerics(null, "m")).contains("checkNumerics"));
    assertTrue(rejects(() -> Ops.checkNumerics(Tensor.of(1f), null)).contains("checkNumerics"));
  }

  @Test
  void gradientFlowsThroughAndIsChecked() {
    Variable x = Variable.of(new double[] {1, 4});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = Ops.checkNumerics(x.mul(x), "square").sum();
    }
    assertArrayEquals(new double[] {2, 8}, tape.gradient(y, x).toDoubleArray());

    // sqrt'(0) is infinite: the value is fine, its gradient is not
    Variable z = Variable.of(new double[] {0, 4});
    GradientTape t2 = new GradientTape();
    Tensor w;
    try (t2) {
      w = Ops.checkNumerics(z, "z").sqrt().sum();
    }
    String m = rejects(() -> t2.gradient(w, z));
    assertTrue(m.contains("NaN or infinity in the gradient of checkNumerics(z)"), m);
    assertTrue(m.contains("first at [0]"), m);
  }

  @Test
  void theSwitchNamesTheFirstOpThatMadeANaN() {
    Tensor x = Tensor.of(new double[] {1, -1});
    assertFalse(Ops.checkNumericsEnabled());
    assertTrue(Double.isNaN(x.sqrt().toDoubleArray()[1])); // off: nothing checked
    Ops.enableCheckNumerics(true);
    assertTrue(Ops.checkNumericsEnabled());
    String m = rejects(x::sqrt);
    assertEquals(
        "checkNumerics: op 'sqrt' produced a non-finite value: its output of shape (2,)"
            + " and dtype float64 has 1 NaN and 0 infinite elements (the first at [1]); inputs: (2,)"
            + " float64 (all finite: this op made the first NaN or infinity)",
        m);
    String l = rejects(() -> Tensor.of(new float[][] {{1, 0}}).log());
    assertTrue(l.startsWith("checkNumerics: op 'log'") && l.contains("(the first at [0, 1])"), l);
    String d = rejects(() -> Ops.divide(Tensor.of(new float[] {1, 2}), Tensor.of(0f)));
    assertTrue(d.contains("0 NaN and 2 infinite"), d);
    // a NaN that came in from outside: the message says the input already held it
    String in = rejects(() -> Tensor.of(new double[] {Double.NaN}).add(1));
    assertTrue(in.contains("already non-finite"), in);
    // finite work goes on
    assertArrayEquals(new double[] {2, 0}, x.add(1).toDoubleArray());
    Ops.enableCheckNumerics(false);
    assertTrue(Double.isNaN(x.sqrt().toDoubleArray()[1]));
  }

  @Test
  void theSwitchChecksBackwardOpsAndLeavesTapesUsable() {
    Variable x = Variable.of(new double[] {0, 4});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Ops.enableCheckNumerics(true);
    try (tape) {
      y = x.sqrt().sum();
      // rejected inside the block: nothing recorded for it
      rejects(() -> x.log());
    }
    String m = rejects(() -> tape.gradient(y, x));
    assertTrue(m.startsWith("checkNumerics: op '") && m.contains("infinite"), m);
    Ops.enableCheckNumerics(false);
    double[] g = tape.gradient(y, x).toDoubleArray();
    assertEquals(Double.POSITIVE_INFINITY, g[0]);
    assertEquals(0.25, g[1]);
    List<Variable> watched = tape.watchedVariables();
    assertEquals(List.of(x), watched);
  }

  @Test
  void integerOutputsAreNotChecked() {
    Ops.enableCheckNumerics(true);
    assertArrayEquals(new int[] {2, 3}, Tensor.of(new int[] {1, 2}).add(1).toIntArray());
    assertArrayEquals(
        new boolean[] {false}, Tensor.of(new double[] {1}).greater(2).toBooleanArray());
  }
}
