package dev.lanegrad.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The elementwise gradient rules called directly (no tape), with hand-computed values, TF's values
 * at the kinks and singularities, and a guard that lists every rule of the family. Rules answer in
 * the output's broadcast shape; autodiff sums back to the inputs' shapes.
 */
class ElementwiseGradRulesTest {
  private static final Class<?>[] FAMILY = {
    ArithmeticOps.class, UnaryOps.class, CompareOps.class, CastOps.class
  };

  /** A recorded op as a rule sees it. */
  private record E(Tensor out, Tensor... ins) implements GradRule.Entry {
    @Override
    public Tensor in(int i) {
      return ins[i];
    }

    @Override
    public boolean needs(int i) {
      return true;
    }

    @Override
    public int arity() {
      return ins.length;
    }
  }

  private static Tensor d(double... v) {
    return Internal.make(DType.FLOAT64, Shape.of(v.length), v);
  }

  private static Tensor ds(double v) {
    return Internal.make(DType.FLOAT64, Shape.scalar(), new double[] {v});
  }

  private static double[] v(Tensor t) {
    return Internal.f64(t);
  }

  private static Tensor[] run(String name, GradRule rule, Tensor g, Tensor out, Tensor... ins) {
    Tensor[] r = rule.grads(new E(out, ins), g);
    assertEquals(ins.length, r.length, name + " arity");
    return r;
  }

  @Test
  void addSubMul() {
    Tensor a = d(1, 2, 3);
    Tensor b = ds(4);
    Tensor g = d(1, 10, 100);
    Tensor[] r = run("ADD_GRAD", ArithmeticOps.ADD_GRAD, g, ArithmeticOps.add(a, b), a, b);
    assertArrayEquals(new double[] {1, 10, 100}, v(r[0]));
    assertArrayEquals(new double[] {1, 10, 100}, v(r[1]));
    r = run("SUB_GRAD", ArithmeticOps.SUB_GRAD, g, ArithmeticOps.sub(a, b), a, b);
    assertArrayEquals(new double[] {1, 10, 100}, v(r[0]));
    assertArrayEquals(new double[] {-1, -10, -100}, v(r[1]));
    r = run("MUL_GRAD", ArithmeticOps.MUL_GRAD, g, ArithmeticOps.mul(a, b), a, b);
    assertArrayEquals(new double[] {4, 40, 400}, v(r[0]));
    // in the output's shape: autodiff sums it to b's ()
    assertEquals(Shape.of(3), r[1].shape());
    assertArrayEquals(new double[] {1, 20, 300}, v(r[1]));
  }

  @Test
  void div() {
    Tensor a = d(6, 1);
    Tensor b = d(2, 0);
    Tensor[] r = run("DIV_GRAD", ArithmeticOps.DIV_GRAD, d(1, 1), ArithmeticOps.div(a, b), a, b);
    assertArrayEquals(new double[] {0.5, Double.POSITIVE_INFINITY}, v(r[0]));
    // -g * a / b^2
    assertArrayEquals(new double[] {-1.5, Double.NEGATIVE_INFINITY}, v(r[1]));
    Tensor ia = Internal.make(DType.INT32, Shape.of(1), new int[] {3});
    Tensor[] ri = ArithmeticOps.DIV_GRAD.grads(new E(ArithmeticOps.div(ia, ia), ia, ia), d(1));
    assertNull(ri[0]);
    assertNull(ri[1]);
  }

  @Test
  void powFollowsTfAtZero() {
    Tensor x = d(2, 0, 0, -2, 0);
    Tensor y = d(3, 2, 0, 2, 0.5);
    Tensor z = ArithmeticOps.pow(x, y);
    Tensor[] r = run("POW_GRAD", ArithmeticOps.POW_GRAD, d(1, 1, 1, 1, 1), z, x, y);
    // gx = y * x^(y-1): 0 * 0^-1 is NaN at x**0 (TF's value), 0.5 * 0^-0.5 is inf
    assertArrayEquals(new double[] {12, 0, Double.NaN, -4, Double.POSITIVE_INFINITY}, v(r[0]));
    // gy = z * log(x) where x > 0, else 0: no NaN from log(0) or log(-2)
    assertArrayEquals(new double[] {8 * Math.log(2), 0, 0, 0, 0}, v(r[1]));
    // mul_no_nan: a zero upstream gradient silences the NaN
    Tensor[] r0 = ArithmeticOps.POW_GRAD.grads(new E(z, x, y), d(0, 0, 0, 0, 0));
    assertArrayEquals(new double[] {0, 0, 0, 0, 0}, v(r0[0]));
    // integer pow has no gradient
    Tensor i = Internal.make(DType.INT32, Shape.of(1), new int[] {2});
    Tensor[] ri = ArithmeticOps.POW_GRAD.grads(new E(ArithmeticOps.pow(i, i), i, i), d(1));
    assertNull(ri[0]);
    assertNull(ri[1]);
  }

  @Test
  void mulNoNan() {
    Tensor a = d(Double.NaN, 2);
    Tensor b = d(0, 3);
    Tensor[] r =
        run(
            "MUL_NO_NAN_GRAD",
            ArithmeticOps.MUL_NO_NAN_GRAD,
            d(5, 7),
            ArithmeticOps.mulNoNan(a, b),
            a,
            b);
    assertArrayEquals(new double[] {0, 21}, v(r[0]));
    assertArrayEquals(new double[] {Double.NaN, 14}, v(r[1]));
  }

  @Test
  void maximumAndMinimumSendTiesToTheFirstOperand() {
    Tensor a = d(1, 2, 3);
    Tensor b = ds(2);
    Tensor g = d(1, 10, 100);
    Tensor[] r =
        run("MAXIMUM_GRAD", ArithmeticOps.MAXIMUM_GRAD, g, ArithmeticOps.maximum(a, b), a, b);
    assertArrayEquals(new double[] {0, 10, 100}, v(r[0]));
    assertArrayEquals(new double[] {1, 0, 0}, v(r[1]));
    r = run("MINIMUM_GRAD", ArithmeticOps.MINIMUM_GRAD, g, ArithmeticOps.minimum(a, b), a, b);
    assertArrayEquals(new double[] {1, 10, 0}, v(r[0]));
    assertArrayEquals(new double[] {0, 0, 100}, v(r[1]));
  }

  @Test
  void unaryRules() {
    Tensor x = d(-2, 0, 3);
    Tensor g = d(1, 1, 1);
    assertArrayEquals(
        new double[] {-1, -1, -1}, v(run("NEG_GRAD", UnaryOps.NEG_GRAD, g, UnaryOps.neg(x), x)[0]));
    assertArrayEquals(
        new double[] {-1, 0, 1}, v(run("ABS_GRAD", UnaryOps.ABS_GRAD, g, UnaryOps.abs(x), x)[0]));
    assertArrayEquals(
        new double[] {-4, 0, 6},
        v(run("SQUARE_GRAD", UnaryOps.SQUARE_GRAD, g, UnaryOps.square(x), x)[0]));
    assertArrayEquals(
        new double[] {0, 0, 0}, v(run("SIGN_GRAD", UnaryOps.SIGN_GRAD, g, UnaryOps.sign(x), x)[0]));
    assertArrayEquals(
        new double[] {0, 0, 1}, v(run("RELU_GRAD", UnaryOps.RELU_GRAD, g, UnaryOps.relu(x), x)[0]));
    Tensor p = d(4, 0, 0.25);
    assertArrayEquals(
        new double[] {0.25, Double.POSITIVE_INFINITY, 1},
        v(run("SQRT_GRAD", UnaryOps.SQRT_GRAD, g, UnaryOps.sqrt(p), p)[0]));
    assertArrayEquals(
        new double[] {Math.exp(-2), 1, Math.exp(3)},
        v(run("EXP_GRAD", UnaryOps.EXP_GRAD, g, UnaryOps.exp(x), x)[0]));
    assertArrayEquals(
        new double[] {0.25, Double.POSITIVE_INFINITY, 4},
        v(run("LOG_GRAD", UnaryOps.LOG_GRAD, g, UnaryOps.log(p), p)[0]));
    double s = 1 / (1 + Math.exp(2));
    double[] sg = v(run("SIGMOID_GRAD", UnaryOps.SIGMOID_GRAD, g, UnaryOps.sigmoid(x), x)[0]);
    assertEquals(s * (1 - s), sg[0], 1e-16);
    assertEquals(0.25, sg[1]);
    double[] tg = v(run("TANH_GRAD", UnaryOps.TANH_GRAD, g, UnaryOps.tanh(x), x)[0]);
    assertEquals(1 - Math.tanh(-2) * Math.tanh(-2), tg[0], 1e-16);
    assertEquals(1, tg[1]);
  }

  @Test
  void fusedBackpropsHaveZerosNotNullForX() {
    Tensor dy = d(5, 6, 7);
    Tensor x = d(-1, 0, 2);
    Tensor g = d(1, 2, 3);
    Tensor[] r = run("RELU_GRAD_GRAD", UnaryOps.RELU_GRAD_GRAD, g, UnaryOps.reluGrad(dy, x), dy, x);
    assertArrayEquals(new double[] {0, 0, 3}, v(r[0]));
    assertArrayEquals(new double[] {0, 0, 0}, v(r[1]));
    r = run("ABS_GRAD_GRAD", UnaryOps.ABS_GRAD_GRAD, g, UnaryOps.absGrad(dy, x), dy, x);
    assertArrayEquals(new double[] {-1, 0, 3}, v(r[0]));
    assertArrayEquals(new double[] {0, 0, 0}, v(r[1]));
  }

  @Test
  void castBetweenFloatsOnly() {
    Tensor x = Internal.make(DType.FLOAT32, Shape.of(2), new float[] {1.5f, 2});
    Tensor y = CastOps.cast(x, DType.FLOAT64);
    Tensor[] r = run("CAST_GRAD", CastOps.CAST_GRAD, d(0.1, 3), y, x);
    assertEquals(DType.FLOAT32, r[0].dtype());
    assertArrayEquals(new float[] {0.1f, 3}, Internal.f32(r[0]));
    Tensor i = CastOps.cast(x, DType.INT32);
    Tensor gi = Internal.make(DType.INT32, Shape.of(2), new int[] {1, 1});
    assertNull(CastOps.CAST_GRAD.grads(new E(i, x), gi)[0]);
    Tensor back = CastOps.cast(i, DType.FLOAT32);
    assertNull(CastOps.CAST_GRAD.grads(new E(back, i), x)[0]);
  }

  @Test
  void whereHasNoGradientForTheCondition() {
    Tensor c = Internal.make(DType.BOOL, Shape.of(3), new boolean[] {true, false, true});
    Tensor a = d(1, 2, 3);
    Tensor b = ds(9);
    Tensor[] r =
        run("WHERE_GRAD", CompareOps.WHERE_GRAD, d(10, 20, 30), CompareOps.where(c, a, b), c, a, b);
    assertNull(r[0]);
    assertArrayEquals(new double[] {10, 0, 30}, v(r[1]));
    assertArrayEquals(new double[] {0, 20, 0}, v(r[2]));
  }

  /** TF's _Log1pGrad: g * (1 / (1 + x)); log1p itself is accurate where 1 + x rounds to 1. */
  @Test
  void log1p() {
    Tensor x = d(0, 1, 3, 1e-20);
    assertArrayEquals(new double[] {0, Math.log(2), Math.log(4), 1e-20}, v(UnaryOps.log1p(x)));
    Tensor[] r = run("LOG1P_GRAD", UnaryOps.LOG1P_GRAD, d(1, 2, 2, 1), UnaryOps.log1p(x), x);
    assertArrayEquals(new double[] {1, 2 * 0.5, 2 * (1 / 4.0), 1}, v(r[0]));
  }

  /**
   * The exact float32 forms of TF's kernels: _LogGrad is g * reciprocal(x), so g = 3 at x = 15
   * gives 3 * (1/15f) = 0.20000002f where 3 / 15f is 0.2f. The sigmoid gradient of a tensor shorter
   * than a packet is (g * y) * (1 - y): 0.9 * 0.3 * 0.7 = 0.18900001f, where 0.9 * (0.3 * 0.7) is
   * 0.189f.
   */
  @Test
  void float32FormsOfLogAndSigmoidGradients() {
    Tensor x = Internal.make(DType.FLOAT32, Shape.of(1), new float[] {15f});
    Tensor g = Internal.make(DType.FLOAT32, Shape.of(1), new float[] {3f});
    Tensor[] r = run("LOG_GRAD", UnaryOps.LOG_GRAD, g, UnaryOps.log(x), x);
    assertEquals(0.20000002f, Internal.f32(r[0])[0]);

    float[] ys = {0.3f, 0.7f, 0.1f};
    float[] gs = {0.9f, 1.3f, 2.7f};
    Tensor y = Internal.make(DType.FLOAT32, Shape.of(3), ys);
    Tensor gy = Internal.make(DType.FLOAT32, Shape.of(3), gs);
    r = run("SIGMOID_GRAD", UnaryOps.SIGMOID_GRAD, gy, y, y);
    float[] got = Internal.f32(r[0]);
    assertArrayEquals(new float[] {0.18900001f, 0.273f, 0.243f}, got);

    // nine values: one whole packet of 8 in Eigen's packet form, the ninth in the scalar form
    float[] y9 = new float[9];
    float[] g9 = new float[9];
    java.util.Arrays.fill(y9, 0.3f);
    java.util.Arrays.fill(g9, 0.9f);
    Tensor yt = Internal.make(DType.FLOAT32, Shape.of(3, 3), y9);
    r =
        run(
            "SIGMOID_GRAD",
            UnaryOps.SIGMOID_GRAD,
            Internal.make(DType.FLOAT32, Shape.of(3, 3), g9),
            yt,
            yt);
    assertArrayEquals(
        new float[] {0.189f, 0.189f, 0.189f, 0.189f, 0.189f, 0.189f, 0.189f, 0.189f, 0.18900001f},
        Internal.f32(r[0]));
  }

  @Test
  void everyRuleOfTheFamilyIsListedHere() {
    Set<String> declared = new TreeSet<>();
    for (Class<?> c : FAMILY) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == GradRule.class) {
          declared.add(f.getName());
        }
      }
    }
    // a new rule fails here until a test above checks it and it is added to this list
    Set<String> tested =
        new TreeSet<>(
            List.of(
                "ADD_GRAD",
                "SUB_GRAD",
                "MUL_GRAD",
                "DIV_GRAD",
                "POW_GRAD",
                "MUL_NO_NAN_GRAD",
                "MAXIMUM_GRAD",
                "MINIMUM_GRAD",
                "NEG_GRAD",
                "ABS_GRAD",
                "SQUARE_GRAD",
                "SQRT_GRAD",
                "EXP_GRAD",
                "LOG_GRAD",
                "SIGN_GRAD",
                "RELU_GRAD",
                "SIGMOID_GRAD",
                "TANH_GRAD",
                "RELU_GRAD_GRAD",
                "ABS_GRAD_GRAD",
                "WHERE_GRAD",
                "CAST_GRAD",
                "LOG1P_GRAD"));
    assertEquals(23, tested.size());
    assertEquals(tested, declared);
  }
}
