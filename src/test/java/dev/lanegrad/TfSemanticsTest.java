package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.nn.Losses;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Small programs whose answers TensorFlow documents: the docstring examples of tf.math / tf.nn /
 * array ops, the GradientTape docstrings and the autodiff guides ("Introduction to gradients and
 * automatic differentiation", "Advanced automatic differentiation"), the gradient functions of TF's
 * math_grad.py / nn_grad.py / array_grad.py at kinks and edges, the Keras loss and optimizer
 * docstrings. Each assertion names its source; values the docs print rounded are compared at that
 * rounding.
 */
class TfSemanticsTest {

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

  // =============================================================== GradientTape docs
  @Nested
  class GradientTapeDocs {
    @Test
    void watchedConstantSquare() {
      // tf.GradientTape docstring: x = tf.constant(3.0); g.watch(x); y = x * x -> dy_dx = 6.0
      Tensor x = Tensor.of(3.0f);
      GradientTape g = new GradientTape();
      Tensor y;
      try (g) {
        g.watch(x);
        y = x.mul(x);
      }
      close(6.0, g.gradient(y, x), 0);
    }

    @Test
    void nestedTapesSecondDerivative() {
      // tf.GradientTape docstring: x = 5.0, y = x * x -> dy_dx = 10.0, d2y_dx2 = 2.0
      Tensor x = Tensor.of(5.0f);
      GradientTape g = new GradientTape();
      Tensor dydx;
      try (g) {
        g.watch(x);
        GradientTape gg = new GradientTape();
        Tensor y;
        try (gg) {
          gg.watch(x);
          y = x.mul(x);
        }
        dydx = gg.gradient(y, x);
      }
      close(10.0, dydx, 0);
      close(2.0, g.gradient(dydx, x), 0);
    }

    @Test
    void persistentTape() {
      // tf.GradientTape docstring: x = 3.0, y = x * x, z = y * y -> dz_dx = 108.0, dy_dx = 6.0
      Tensor x = Tensor.of(3.0f);
      GradientTape g = new GradientTape(true);
      Tensor y;
      Tensor z;
      try (g) {
        g.watch(x);
        y = x.mul(x);
        z = y.mul(y);
      }
      close(108.0, g.gradient(z, x), 0);
      close(6.0, g.gradient(y, x), 0);
    }

    @Test
    void nonPersistentSecondCallIsAnError() {
      // tf.GradientTape docstring: resources are released after gradient() unless persistent;
      // a second call raises RuntimeError ("A non-persistent GradientTape can only be used to
      // compute one set of gradients")
      Tensor x = Tensor.of(3.0f);
      GradientTape g = new GradientTape();
      Tensor y;
      try (g) {
        g.watch(x);
        y = x.mul(x);
      }
      g.gradient(y, x);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.gradient(y, x));
      assertTrue(e.getMessage().contains("persistent"), e.getMessage());
    }

    @Test
    void watchAccessedVariablesFalse() {
      // tf.GradientTape docstring (watch_accessed_variables=False): a watched, y = a ** 2;
      // b not watched, z = b ** 3 -> gradient w.r.t. a is 2a, w.r.t. b None
      Variable a = Variable.of(2.0f);
      Variable b = Variable.of(3.0f);
      GradientTape tape = new GradientTape(false, false);
      Tensor y;
      Tensor z;
      try (tape) {
        tape.watch(a);
        y = a.pow(2);
        z = b.pow(3);
      }
      List<Tensor> g = tape.gradient(List.of(y, z), List.of(a, b));
      close(4.0, g.get(0), 0);
      assertNull(g.get(1));
      assertEquals(List.of(a), tape.watchedVariables());
    }

    @Test
    void stopRecording() {
      // GradientTape.stop_recording docstring: x = 4.0; with tape.stop_recording(): y = x ** 2
      // -> tape.gradient(y, x) is None
      Tensor x = Tensor.of(4.0f);
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        tape.watch(x);
        try (AutoCloseable paused = tape.stopRecording()) {
          y = x.pow(2);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      assertNull(tape.gradient(y, x));
    }

    @Test
    void jacobianDocExample() {
      // GradientTape.jacobian docstring: x = [1., 2.], y = x * x -> [[2., 0.], [0., 4.]]
      Tensor x = Tensor.of(new float[] {1, 2});
      GradientTape g = new GradientTape();
      Tensor y;
      try (g) {
        g.watch(x);
        y = x.mul(x);
      }
      Tensor j = g.jacobian(y, x);
      assertEquals(Shape.of(2, 2), j.shape());
      close(d(2, 0, 0, 4), j, 0);
    }

    @Test
    void batchJacobianDocExample() {
      // GradientTape.batch_jacobian docstring: x = [[1., 2.], [3., 4.]], y = x * x
      // -> [[[2, 0], [0, 4]], [[6, 0], [0, 8]]]
      Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
      GradientTape g = new GradientTape();
      Tensor y;
      try (g) {
        g.watch(x);
        y = x.mul(x);
      }
      Tensor j = g.batchJacobian(y, x);
      assertEquals(Shape.of(2, 2, 2), j.shape());
      close(d(2, 0, 0, 4, 6, 0, 0, 8), j, 0);
    }

    @Test
    void jacobianSummedIsGradient() {
      // Advanced autodiff guide ("Jacobian: tensor source"): reduce_sum(j, axis=[0, 1]) of the
      // jacobian of a dense layer's output w.r.t. its kernel equals tape.gradient (delta 0.0)
      Tensor x = Tensor.randomNormal(Shape.of(7, 5), 1).cast(DType.FLOAT64);
      Variable k = Variable.of(Tensor.randomNormal(Shape.of(5, 10), 2).cast(DType.FLOAT64));
      GradientTape tape = new GradientTape(true);
      Tensor y;
      try (tape) {
        y = Ops.relu(Ops.matmul(x, k));
      }
      Tensor j = tape.jacobian(y, k);
      assertEquals(Shape.of(7, 10, 5, 10), j.shape());
      Tensor g = tape.gradient(y, k);
      close(g.toDoubleArray(), j.sum(new int[] {0, 1}, false), 1e-12);
    }

    @Test
    void jacobianOfScalarSource() {
      // Advanced autodiff guide: y = sigmoid(x + delta), tape.jacobian(y, delta) has x's shape
      // and holds sigmoid'(x) = s (1 - s)
      Tensor x = Tensor.of(new double[] {-10, -5, 0, 5, 10});
      Variable delta = Variable.of(0.0);
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        y = Ops.sigmoid(x.add(delta));
      }
      Tensor j = tape.jacobian(y, delta);
      assertEquals(Shape.of(5), j.shape());
      double[] e = new double[5];
      double[] xs = {-10, -5, 0, 5, 10};
      for (int i = 0; i < 5; i++) {
        double s = 1 / (1 + Math.exp(-xs[i]));
        e[i] = s * (1 - s);
      }
      close(e, j, 1e-12);
    }
  }

  // =============================================================== autodiff guide
  @Nested
  class AutodiffGuide {
    @Test
    void variableSquare() {
      // Autodiff guide: x = tf.Variable(3.0); y = x**2 -> dy_dx = 6.0
      Variable x = Variable.of(3.0f);
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        y = x.pow(2);
      }
      close(6.0, tape.gradient(y, x), 0);
    }

    @Test
    void whatIsWatched() {
      // Autodiff guide "Controlling what the tape watches": x0 trainable, x1 trainable=False,
      // x2 = Variable + 1.0 (a tensor), x3 constant; y = x0**2 + x1**2 + x2**2
      // -> [6.0, None, None, None]; watched_variables() names only 'x0:0'
      Variable x0 = Variable.builder(3.0f).name("x0").build();
      Variable x1 = Variable.builder(3.0f).name("x1").trainable(false).build();
      Tensor x2 = Variable.builder(2.0f).name("x2").build().add(1.0);
      Tensor x3 = Tensor.of(3.0f);
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        y = x0.pow(2).add(x1.pow(2)).add(x2.pow(2));
      }
      List<Tensor> g = tape.gradient(y, List.of(x0, x1, x2, x3));
      close(6.0, g.get(0), 0);
      assertNull(g.get(1));
      assertNull(g.get(2));
      assertNull(g.get(3));
      assertEquals(1, tape.watchedVariables().size());
      assertEquals("x0:0", tape.watchedVariables().get(0).name());
    }

    @Test
    void persistentTwoGradients() {
      // Autodiff guide: x = 2.0, y = x * x, z = y * y -> 32.0 (4 * x**3) and 4.0 (2 * x)
      Tensor x = Tensor.of(2.0f);
      GradientTape tape = new GradientTape(true);
      Tensor y;
      Tensor z;
      try (tape) {
        tape.watch(x);
        y = x.mul(x);
        z = y.mul(y);
      }
      close(32.0, tape.gradient(z, x), 0);
      close(4.0, tape.gradient(y, x), 0);
    }

    @Test
    void gradientOfSeveralTargetsIsTheirSum() {
      // Autodiff guide "Gradients of non-scalar targets": y0 = x**2, y1 = 1 / x at x = 2
      // -> 3.75
      Variable x = Variable.of(2.0f);
      GradientTape tape = new GradientTape(true);
      Tensor y0;
      Tensor y1;
      try (tape) {
        y0 = x.pow(2);
        y1 = Ops.divide(1, x);
      }
      close(3.75, tape.gradient(List.of(y0, y1), List.of(x)).get(0), F32);
    }

    @Test
    void nonScalarTargetIsSummed() {
      // Autodiff guide: x = tf.Variable(2.); y = x * [3., 4.] -> 7.0
      Variable x = Variable.of(2.0f);
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        y = x.mul(Tensor.of(new float[] {3, 4}));
      }
      close(7.0, tape.gradient(y, x), 0);
    }

    @Test
    void controlFlow() {
      // Autodiff guide "Control flow": x = 1.0 > 0 so result = v0 -> dv0 = 1.0, dv1 None,
      // gradient w.r.t. x None
      Tensor x = Tensor.of(1.0f);
      Variable v0 = Variable.of(2.0f);
      Variable v1 = Variable.of(2.0f);
      GradientTape tape = new GradientTape(true);
      Tensor result;
      try (tape) {
        tape.watch(x);
        if (x.greater(0.0).booleanValue()) {
          result = v0;
        } else {
          result = v1.pow(2);
        }
      }
      List<Tensor> g = tape.gradient(result, List.of(v0, v1));
      close(1.0, g.get(0), 0);
      assertNull(g.get(1));
      assertNull(tape.gradient(result, x));
    }

    @Test
    void unconnectedVariable() {
      // Autodiff guide "Getting a gradient of None": z = y * y -> tape.gradient(z, x) is None
      Variable x = Variable.of(2.0f);
      Variable y = Variable.of(3.0f);
      GradientTape tape = new GradientTape();
      Tensor z;
      try (tape) {
        z = y.mul(y);
      }
      assertNull(tape.gradient(z, x));
    }

    @Test
    void replacedVariableLosesItsGradient() {
      // Autodiff guide: in the second epoch x = x + 1 is a tensor, not a variable ->
      // "ResourceVariable : tf.Tensor(1.0)" then "EagerTensor : None"
      Tensor x = Variable.of(2.0f);
      for (int epoch = 0; epoch < 2; epoch++) {
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
          y = x.add(1);
        }
        Tensor g = tape.gradient(y, x);
        if (epoch == 0) {
          close(1.0, g, 0);
        } else {
          assertNull(g);
        }
        x = x.add(1);
      }
    }

    @Test
    void integerSourceGivesNone() {
      // Autodiff guide: x = tf.constant(10); g.watch(x); y = x * x -> gradient None (with the
      // warning "The dtype of the watched tensor must be floating")
      Tensor x = Tensor.of(10);
      GradientTape g = new GradientTape();
      Tensor y;
      try (g) {
        g.watch(x);
        y = x.mul(x);
      }
      assertNull(g.gradient(y, x));
    }

    @Test
    void unconnectedZero() {
      // Autodiff guide "Zeros instead of None": x = [2., 2.], z = y**2 with
      // unconnected_gradients=ZERO -> [0. 0.]
      Variable x = Variable.of(new float[] {2, 2});
      Variable y = Variable.of(3.0f);
      GradientTape tape = new GradientTape();
      Tensor z;
      try (tape) {
        z = y.pow(2);
      }
      Tensor g = tape.gradient(z, List.of(x), UnconnectedGradients.ZERO).get(0);
      assertEquals(Shape.of(2), g.shape());
      assertEquals(DType.FLOAT32, g.dtype());
      close(d(0, 0), g, 0);
    }

    @Test
    void stopRecordingBlock() {
      // Advanced autodiff guide "Stop recording": x_sq recorded, y_sq not -> dz/dx = 4.0,
      // dz/dy = None
      Variable x = Variable.of(2.0f);
      Variable y = Variable.of(3.0f);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        Tensor xsq = x.mul(x);
        Tensor ysq;
        try (AutoCloseable paused = t.stopRecording()) {
          ysq = y.mul(y);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        z = xsq.add(ysq);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(4.0, g.get(0), 0);
      assertNull(g.get(1));
    }

    @Test
    void reset() {
      // Advanced autodiff guide "Reset/start recording from scratch": y_sq before reset() is
      // forgotten -> dz/dx = 4.0, dz/dy = None
      Variable x = Variable.of(2.0f);
      Variable y = Variable.of(3.0f);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        Tensor ysq = y.mul(y);
        t.reset();
        z = x.mul(x).add(ysq);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(4.0, g.get(0), 0);
      assertNull(g.get(1));
    }

    @Test
    void stopGradient() {
      // Advanced autodiff guide "Stop gradient": z = x**2 + tf.stop_gradient(y_sq)
      // -> dz/dx = 4.0, dz/dy = None
      Variable x = Variable.of(2.0f);
      Variable y = Variable.of(3.0f);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        Tensor ysq = y.pow(2);
        z = x.pow(2).add(Ops.stopGradient(ysq));
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(4.0, g.get(0), 0);
      assertNull(g.get(1));
    }

    @Test
    void customGradientClip() {
      // Advanced autodiff guide "Custom gradients": backward clips dy = 4 to norm 0.5 ->
      // t.gradient(output, v) = 2.0 (0.5 * dv*v/dv at v = 2). clip_by_norm of a scalar is
      // dy * 0.5 / |dy| here.
      Variable v = Variable.of(2.0f);
      GradientTape t = new GradientTape();
      Tensor output;
      try (t) {
        output =
            Ops.customGradient(
                v.mul(v), y -> CustomGradient.of(y, dy -> dy.mul(0.5).div(dy.abs())));
      }
      close(2.0, t.gradient(output, v), F32);
    }

    @Test
    void customGradientLog1pexp() {
      // tf.custom_gradient docstring: log1pexp with grad upstream * (1 - 1 / (1 + e));
      // at x = 100. the gradient is 1.0 (the naive form gives NaN)
      Tensor x = Tensor.of(100.0f);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y =
            Ops.customGradient(
                x,
                in -> {
                  Tensor e = in.exp();
                  return CustomGradient.of(
                      e.add(1).log(), up -> up.mul(Ops.subtract(1, Ops.divide(1, e.add(1)))));
                });
      }
      close(1.0, t.gradient(y, x), 0);
    }

    @Test
    void customGradientIsDifferentiatedByAnOuterTape() {
      // tf.custom_gradient docstring ("higher order gradients"): the gradient function's ops are
      // recorded by an outer tape: cube with grad upstream * 3 x^2 -> first 3 x^2 = 12, second
      // 6 x = 12 at x = 2
      Variable x = Variable.of(2.0);
      GradientTape outer = new GradientTape();
      Tensor g;
      try (outer) {
        GradientTape inner = new GradientTape();
        Tensor y;
        try (inner) {
          y =
              Ops.customGradient(
                  x, in -> CustomGradient.of(in.pow(3), up -> up.mul(in.square().mul(3))));
        }
        g = inner.gradient(y, x);
      }
      close(12.0, g, 0);
      close(12.0, outer.gradient(g, x), 0);
    }

    @Test
    void naiveLog1pexpGradientIsNan() {
      // tf.custom_gradient docstring: without the custom gradient, the gradient of
      // log(1 + exp(x)) at x = 100. "will be NaN" in float32 (exp overflows: inf / inf)
      Tensor x = Tensor.of(100.0f);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = x.exp().add(1).log();
      }
      assertTrue(Double.isNaN(t.gradient(y, x).doubleValue()));
    }

    @Test
    void hessianOfCube() {
      // Advanced autodiff guide "Higher-order gradients": y = x * x * x at x = 1.0
      // -> dy_dx = 3.0, d2y_dx2 = 6.0
      Variable x = Variable.of(1.0f);
      GradientTape t2 = new GradientTape();
      Tensor dydx;
      try (t2) {
        GradientTape t1 = new GradientTape();
        Tensor y;
        try (t1) {
          y = x.mul(x).mul(x);
        }
        dydx = t1.gradient(y, x);
      }
      close(3.0, dydx, 0);
      close(6.0, t2.gradient(dydx, x), 0);
    }

    @Test
    void persistentTapeRecordsItsOwnGradient() {
      // backprop_test (testPersistentTape... / GradientTape docstring "persistent tape keeps
      // recording"): a gradient taken inside a persistent tape's block is recorded by it, so
      // the same tape differentiates again: d/dx (3 x^2) = 6x = 12 at x = 2
      Tensor x = Tensor.of(2.0);
      GradientTape t = new GradientTape(true);
      Tensor dydx;
      try (t) {
        t.watch(x);
        Tensor y = x.pow(3);
        dydx = t.gradient(y, x);
      }
      close(12.0, dydx, 0);
      close(12.0, t.gradient(dydx, x), 1e-12);
    }

    @Test
    void outputGradientsWeightTheTarget() {
      // tf.GradientTape.gradient(output_gradients=...): y = x * x, weights [3, 4] at x = [1, 2]
      // -> [2*1*3, 2*2*4] = [6, 16]
      Tensor x = Tensor.of(new double[] {1, 2});
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = x.mul(x);
      }
      List<Tensor> g =
          t.gradient(y, List.of(x), Tensor.of(new double[] {3, 4}), UnconnectedGradients.NONE);
      close(d(6, 16), g.get(0), 0);
    }

    @Test
    void recordedValueSurvivesAssign() {
      // TF eager: the tape captures the value read by ReadVariableOp, so assigning afterwards
      // does not change the gradient: y = x * x at x = 3, then x.assign(5) -> 6
      Variable x = Variable.of(3.0);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        y = x.mul(x);
      }
      x.assign(5.0);
      close(6.0, t.gradient(y, x), 0);
    }

    @Test
    void targetIsItsOwnSource() {
      // backprop_test testGradientOfTargetItself-style: gradient(x, x) is ones
      Variable x = Variable.of(new double[] {1, 2, 3});
      GradientTape t = new GradientTape();
      try (t) {
        t.watch(x);
      }
      close(d(1, 1, 1), t.gradient(x, x), 0);
    }

    @Test
    void intermediateSource() {
      // TF allows an intermediate tensor as a source: y = x * 2; z = y ** 2 -> dz/dy = 2y = 12
      Variable x = Variable.of(3.0);
      GradientTape t = new GradientTape();
      Tensor y;
      Tensor z;
      try (t) {
        y = x.mul(2);
        z = y.pow(2);
      }
      close(12.0, t.gradient(z, y), 0);
    }

    @Test
    void secondDerivativeOfLinearIsNone() {
      // TF: d/dx of d(3x)/dx: the first gradient does not depend on x -> None
      Variable x = Variable.of(2.0);
      GradientTape outer = new GradientTape();
      Tensor g;
      try (outer) {
        GradientTape inner = new GradientTape();
        Tensor y;
        try (inner) {
          y = x.mul(3);
        }
        g = inner.gradient(y, x);
      }
      close(3.0, g, 0);
      assertNull(outer.gradient(g, x));
    }
  }

  // =============================================================== gradients at kinks
  @Nested
  class KinkGradients {
    static Tensor grad(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = f.apply(x);
      }
      return t.gradient(y, x);
    }

    @Test
    void reluAtZero() {
      // nn_grad.py _ReluGrad -> ReluGrad kernel: gradients * (features > 0): relu'(0) = 0
      close(d(0, 0, 1), grad(Tensor.of(new double[] {-1, 0, 2}), Ops::relu), 0);
    }

    @Test
    void absAtZero() {
      // math_grad.py _AbsGrad: grad * sign(x): abs'(0) = 0
      close(d(-1, 0, 1), grad(Tensor.of(new double[] {-1, 0, 2}), Ops::abs), 0);
    }

    @Test
    void signHasZeroGradient() {
      // math_grad.py _SignGrad: zeros_like(x)
      Tensor g = grad(Tensor.of(new double[] {-1, 0, 2}), Ops::sign);
      close(d(0, 0, 0), g, 0);
    }

    @Test
    void sqrtAtZeroIsInf() {
      // math_grad.py _SqrtGrad -> SqrtGrad kernel: dy * 0.5 / y: sqrt'(0) = inf
      close(d(Double.POSITIVE_INFINITY, 0.25), grad(Tensor.of(new double[] {0, 4}), Ops::sqrt), 0);
    }

    @Test
    void logAtZeroIsInf() {
      // math_grad.py _LogGrad: grad * reciprocal(x): log'(0) = inf
      close(d(Double.POSITIVE_INFINITY, 0.5), grad(Tensor.of(new double[] {0, 2}), Ops::log), 0);
    }

    @Test
    void maximumTiesGoToTheFirstOperand() {
      // math_grad.py _MaximumGrad: xmask = greater_equal(x, y): on ties x gets the gradient
      Tensor x = Tensor.of(new double[] {1, 2, 3});
      Tensor y = Tensor.of(new double[] {2, 2, 2});
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.maximum(x, y);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(d(0, 1, 1), g.get(0), 0);
      close(d(1, 0, 0), g.get(1), 0);
    }

    @Test
    void minimumTiesGoToTheFirstOperand() {
      // math_grad.py _MinimumGrad: xmask = less_equal(x, y): on ties x gets the gradient
      Tensor x = Tensor.of(new double[] {1, 2, 3});
      Tensor y = Tensor.of(new double[] {2, 2, 2});
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.minimum(x, y);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(d(1, 1, 0), g.get(0), 0);
      close(d(0, 0, 1), g.get(1), 0);
    }

    @Test
    void maximumWithBroadcastScalarTies() {
      // math_grad.py _MaximumGrad with broadcasting: y's gradient is summed over the broadcast
      // (reduce_sum over rx/ry): x = [1, 3, 3], y = 3 -> gx = [0, 1, 1], gy = 1
      Tensor x = Tensor.of(new double[] {1, 3, 3});
      Tensor y = Tensor.of(3.0);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.maximum(x, y);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(d(0, 1, 1), g.get(0), 0);
      close(1.0, g.get(1), 0);
    }

    @Test
    void reduceMaxSplitsTiesEqually() {
      // math_grad.py _MinOrMaxGrad: indicators / num_selected: max of [1, 3, 3] sends 0.5 to
      // each 3
      close(d(0, 0.5, 0.5), grad(Tensor.of(new double[] {1, 3, 3}), x -> x.max()), 0);
    }

    @Test
    void reduceMinSplitsTiesEquallyPerRow() {
      // math_grad.py _MinOrMaxGrad along an axis: rows [1, 1, 2] and [0, 5, 0] ->
      // [[.5, .5, 0], [.5, 0, .5]]
      Tensor x = Tensor.of(new double[][] {{1, 1, 2}, {0, 5, 0}});
      close(d(0.5, 0.5, 0, 0.5, 0, 0.5), grad(x, t -> t.min(new int[] {1}, false)), 0);
    }

    @Test
    void reduceMinOfConcatOfItself() {
      // math_grad_test.py MinOrMaxGradientTest.testMinGradient: reduce_min(concat([x, x], 0))
      // at x = [1.0]: each copy gets half -> the gradient is 1.0
      Tensor x = Tensor.of(new double[] {1});
      close(d(1), grad(x, t -> Ops.concat(List.of(t, t), 0).min()), 0);
    }

    @Test
    void powGradientAtZeroBase() {
      // math_grad.py _PowGrad: gx = grad * y * x**(y-1); gy = grad * z * log(x) where x > 0
      // else 0 -> at x = 0, y = 2: gx = 0, gy = 0 (not NaN)
      Tensor x = Tensor.of(new double[] {0, 3});
      Tensor y = Tensor.of(new double[] {2, 2});
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.pow(x, y);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(d(0, 6), g.get(0), 0);
      close(d(0, 9 * Math.log(3)), g.get(1), 1e-15);
    }

    @Test
    void powGradientAtNegativeBase() {
      // math_grad.py _PowGrad: x = -2, y = 2 -> z = 4, gx = 2 * (-2) = -4, gy = 0 (x <= 0 mask)
      Tensor x = Tensor.of(-2.0);
      Tensor y = Tensor.of(2.0);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.pow(x, y);
      }
      close(4.0, z, 0);
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(-4.0, g.get(0), 0);
      close(0.0, g.get(1), 0);
    }

    @Test
    void whereGradientNanTrap() {
      // tf.where docstring note: "if the gradient of either branch generates a NaN, the
      // gradient of the entire tf.where will be NaN": x = 0., y = tf.where(x < 1., 0., 1. / x)
      // -> gradient nan
      Tensor x = Tensor.of(0.0f);
      Tensor g = grad(x, t -> Ops.where(t.less(1.0), Tensor.of(0.0f), Ops.divide(1.0, t)));
      assertTrue(Double.isNaN(g.doubleValue()), "got " + g);
    }

    @Test
    void whereWithSqrtAtZero() {
      // The same trap through sqrt'(0) = inf: where(x > 0, sqrt(x), 0) at x = 0 gives
      // 0 * inf = NaN in TF (SqrtGrad: dy * 0.5 / y with dy = 0, y = 0)
      Tensor x = Tensor.of(new double[] {0, 4});
      Tensor g =
          grad(
              x,
              t ->
                  Ops.where(t.greater(0.0), Ops.sqrt(t), Tensor.zeros(Shape.of(2), DType.FLOAT64)));
      double[] v = g.toDoubleArray();
      assertTrue(Double.isNaN(v[0]), "got " + g);
      assertEquals(0.25, v[1], 0);
    }

    @Test
    void whereGradientGoesToTheSelectedBranch() {
      // array_grad.py _SelectGradV2: where(c, grad, 0) and where(c, 0, grad), summed over the
      // broadcast: x = [1, 2, 3] selected at [T, F, T], y scalar elsewhere -> gx [1, 0, 1], gy 1
      Tensor c = Tensor.of(new boolean[] {true, false, true});
      Tensor x = Tensor.of(new double[] {1, 2, 3});
      Tensor y = Tensor.of(7.0);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x, y);
        z = Ops.where(c, x, y);
      }
      List<Tensor> g = t.gradient(z, List.of(x, y));
      close(d(1, 0, 1), g.get(0), 0);
      close(1.0, g.get(1), 0);
    }

    @Test
    void secondDerivativeOfReluIsZerosNotNone() {
      // TF: relu's gradient depends on x (through the mask), so the
      // second derivative is zeros, not None
      Variable x = Variable.of(new double[] {-1, 2});
      GradientTape outer = new GradientTape();
      Tensor g;
      try (outer) {
        GradientTape inner = new GradientTape();
        Tensor y;
        try (inner) {
          y = Ops.relu(x).mul(x);
        }
        g = inner.gradient(y, x); // 2x where x > 0
      }
      close(d(0, 4), g, 0);
      close(d(0, 2), outer.gradient(g, x), 0);
    }
  }

  // =============================================================== tf.math / tf.nn docs
  @Nested
  class MathDocs {
    @Test
    void maximum() {
      // tf.math.maximum docstring: [0., 0., 0., 0.] vs [-2., 0., 2., 5.] -> [0., 0., 2., 5.];
      // broadcast [-5., 0., 0., 0.] vs [-3.] -> [-3., 0., 0., 0.]
      close(
          d(0, 0, 2, 5),
          Ops.maximum(Tensor.of(new float[] {0, 0, 0, 0}), Tensor.of(new float[] {-2, 0, 2, 5})),
          0);
      close(
          d(-3, 0, 0, 0),
          Ops.maximum(Tensor.of(new float[] {-5, 0, 0, 0}), Tensor.of(new float[] {-3})),
          0);
    }

    @Test
    void minimum() {
      // tf.math.minimum docstring: [0., 0., 0., 0.] vs [-5., -2., 0., 3.] -> [-5., -2., 0., 0.];
      // [-5., 0., 0., 0.] vs [-3.] -> [-5., -3., -3., -3.]
      close(
          d(-5, -2, 0, 0),
          Ops.minimum(Tensor.of(new float[] {0, 0, 0, 0}), Tensor.of(new float[] {-5, -2, 0, 3})),
          0);
      close(
          d(-5, -3, -3, -3),
          Ops.minimum(Tensor.of(new float[] {-5, 0, 0, 0}), Tensor.of(new float[] {-3})),
          0);
    }

    @Test
    void reduceSum() {
      // tf.math.reduce_sum docstring: x = [[1, 1, 1], [1, 1, 1]] -> 6; axis 0 -> [2, 2, 2];
      // axis 1 -> [3, 3]; axis 1 keepdims -> [[3], [3]]; axis [0, 1] -> 6
      Tensor x = Tensor.of(new int[][] {{1, 1, 1}, {1, 1, 1}});
      assertEquals(6, x.sum().intValue());
      assertEquals(DType.INT32, x.sum().dtype());
      assertArrayEquals(new int[] {2, 2, 2}, x.sum(new int[] {0}, false).toIntArray());
      assertArrayEquals(new int[] {3, 3}, x.sum(new int[] {1}, false).toIntArray());
      Tensor k = x.sum(new int[] {1}, true);
      assertEquals(Shape.of(2, 1), k.shape());
      assertArrayEquals(new int[] {3, 3}, k.toIntArray());
      Tensor all = x.sum(new int[] {0, 1}, false);
      assertEquals(Shape.scalar(), all.shape());
      assertEquals(6, all.intValue());
    }

    @Test
    void reduceSumNegativeAndDuplicateAxes() {
      // reduction_ops_common.cc SimplifyHelper: an axis in [-rank, rank) is taken modulo rank,
      // so [-1] is the last axis; the same axis twice ([1, -1]) is InvalidArgumentError
      // "Invalid reduction arguments: Axes contains duplicate dimension: 1"
      Tensor x = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
      assertArrayEquals(new int[] {6, 15}, x.sum(new int[] {-1}, false).toIntArray());
      assertArrayEquals(new int[] {5, 7, 9}, x.sum(new int[] {-2}, false).toIntArray());
      assertThrows(
          IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {1, -1}, false));
    }

    @Test
    void reduceOverNoAxesIsIdentity() {
      // TF: tf.reduce_sum(x, axis=[]) reduces nothing (ReductionHelper with an empty bitmap),
      // returning x with its shape
      Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
      Tensor s = Ops.reduceSum(x, new int[0], false);
      assertEquals(Shape.of(2, 2), s.shape());
      close(d(1, 2, 3, 4), s, 0);
      Tensor m = Ops.reduceMax(x, new int[0], false);
      assertEquals(Shape.of(2, 2), m.shape());
    }

    @Test
    void reduceAxisOutOfRangeIsAnError() {
      // reduction_ops_common.cc: "Invalid reduction dimension (2 for input with 2 dimension(s)"
      Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
      assertThrows(IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {2}, false));
      assertThrows(IllegalArgumentException.class, () -> Ops.reduceSum(x, new int[] {-3}, false));
    }

    @Test
    void reduceMean() {
      // tf.math.reduce_mean docstring: x = [[1., 1.], [2., 2.]] -> 1.5; axis 0 -> [1.5, 1.5];
      // axis 1 -> [1., 2.]; integer x = [1, 0, 1, 0] -> 0 (integer division), float -> 0.5
      Tensor x = Tensor.of(new float[][] {{1, 1}, {2, 2}});
      close(1.5, x.mean(), 0);
      close(d(1.5, 1.5), x.mean(new int[] {0}, false), 0);
      close(d(1, 2), x.mean(new int[] {1}, false), 0);
      Tensor i = Tensor.of(new int[] {1, 0, 1, 0}).mean();
      assertEquals(DType.INT32, i.dtype());
      assertEquals(0, i.intValue());
      close(0.5, Tensor.of(new float[] {1, 0, 1, 0}).mean(), 0);
    }

    @Test
    void integerMeanTruncatesTowardZero() {
      // TF's integer mean is sum / count in the integer type (C++ division, toward zero):
      // mean([-1, -2]) = -3 / 2 = -1 (NumPy would say -1.5)
      assertEquals(-1, Tensor.of(new int[] {-1, -2}).mean().intValue());
      assertEquals(-1L, Tensor.of(new long[] {-1, -2}).mean().longValue());
    }

    @Test
    void reduceMaxDocExamples() {
      // tf.math.reduce_max docstring: [5, 1, 2, 4] -> 5; [-5, -1, -2, -4] -> -1;
      // [4, nan] -> nan; [nan, nan] -> nan; [-inf, inf] -> inf
      assertEquals(5, Tensor.of(new int[] {5, 1, 2, 4}).max().intValue());
      assertEquals(-1, Tensor.of(new int[] {-5, -1, -2, -4}).max().intValue());
      assertTrue(Float.isNaN(Tensor.of(new float[] {4, Float.NaN}).max().floatValue()));
      assertTrue(Float.isNaN(Tensor.of(new float[] {Float.NaN, Float.NaN}).max().floatValue()));
      assertEquals(
          Float.POSITIVE_INFINITY,
          Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY})
              .max()
              .floatValue());
    }

    @Test
    void reduceMinDocExamples() {
      // tf.math.reduce_min docstring: [5, 1, 2, 4] -> 1; [-5, -1, -2, -4] -> -5;
      // [4, nan] -> nan; [nan, nan] -> nan; [-inf, inf] -> -inf
      assertEquals(1, Tensor.of(new int[] {5, 1, 2, 4}).min().intValue());
      assertEquals(-5, Tensor.of(new int[] {-5, -1, -2, -4}).min().intValue());
      assertTrue(Float.isNaN(Tensor.of(new float[] {4, Float.NaN}).min().floatValue()));
      assertTrue(Float.isNaN(Tensor.of(new float[] {Float.NaN, Float.NaN}).min().floatValue()));
      assertEquals(
          Float.NEGATIVE_INFINITY,
          Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY})
              .min()
              .floatValue());
    }

    @Test
    void reduceMaxNanAlongAnAxisAndLongRows() {
      // The same NaN propagation as the docstring, along an axis and past a vector lane width
      float[][] x = new float[2][37];
      for (int i = 0; i < 37; i++) {
        x[0][i] = i;
        x[1][i] = -i;
      }
      x[0][20] = Float.NaN;
      Tensor m = Tensor.of(x).max(new int[] {1}, false);
      float[] v = m.toFloatArray();
      assertTrue(Float.isNaN(v[0]), "row with NaN: " + m);
      assertEquals(0f, v[1]);
      double[] y = new double[70];
      y[69] = Double.NaN;
      assertTrue(Double.isNaN(Tensor.of(y).min().doubleValue()));
      assertTrue(Double.isNaN(Tensor.of(y).max().doubleValue()));
    }

    @Test
    void softmax() {
      // tf.nn.softmax docstring: softmax([-1, 0., 1.]) -> [0.09003057, 0.24472848, 0.66524094]
      Tensor s = Ops.softmax(Tensor.of(new float[] {-1, 0, 1}), -1);
      close(d(0.09003057, 0.24472848, 0.66524094), s, 1e-7);
      close(1.0, s.sum(), 1e-6);
    }

    @Test
    void logSoftmaxIsLogOfSoftmax() {
      // tf.nn.log_softmax docstring: logits - log(reduce_sum(exp(logits), axis))
      Tensor l = Ops.logSoftmax(Tensor.of(new double[] {-1, 0, 1}), -1);
      double lse = Math.log(Math.exp(-1) + 1 + Math.exp(1));
      close(d(-1 - lse, -lse, 1 - lse), l, 1e-15);
    }

    @Test
    void softmaxOfLargeLogitsIsFinite() {
      // TF's softmax kernel subtracts the max: softmax([1000, 1000]) = [0.5, 0.5], not NaN
      close(d(0.5, 0.5), Ops.softmax(Tensor.of(new float[] {1000, 1000}), 0), 0);
      close(
          d(-Math.log(2), -Math.log(2)),
          Ops.logSoftmax(Tensor.of(new double[] {1000, 1000}), 0),
          1e-15);
    }

    @Test
    void relu() {
      // tf.nn.relu docstring: relu([-2., 0., 3.]) -> [0., 0., 3.]
      close(d(0, 0, 3), Ops.relu(Tensor.of(new float[] {-2, 0, 3})), 0);
    }

    @Test
    void sigmoid() {
      // tf.math.sigmoid docstring: [0.0, 1.0, 50.0, 100.0] -> [0.5, 0.7310586, 1.0, 1.0]
      close(d(0.5, 0.7310586, 1.0, 1.0), Ops.sigmoid(Tensor.of(new float[] {0, 1, 50, 100})), 1e-7);
    }

    @Test
    void tanh() {
      // tf.math.tanh docstring: [-inf, -5, -0.5, 1, 1.2, 2, 3, inf] ->
      // [-1., -0.99990916, -0.46211717, 0.7615942, 0.8336547, 0.9640276, 0.9950547, 1.]
      Tensor x =
          Tensor.of(
              new float[] {
                Float.NEGATIVE_INFINITY, -5, -0.5f, 1, 1.2f, 2, 3, Float.POSITIVE_INFINITY
              });
      close(
          d(-1, -0.99990916, -0.46211717, 0.7615942, 0.8336547, 0.9640276, 0.9950547, 1),
          Ops.tanh(x),
          1e-7);
    }

    @Test
    void signAbsSquare() {
      // tf.math.sign docstring: sign([0., 2., -3.]) -> [0., 1., -1.];
      // tf.math.abs docstring: [-2.25, 3.25] -> [2.25, 3.25];
      // tf.math.square docstring: square([-2., 0., 3.]) -> [4., 0., 9.]
      close(d(0, 1, -1), Ops.sign(Tensor.of(new float[] {0, 2, -3})), 0);
      close(d(2.25, 3.25), Ops.abs(Tensor.of(new float[] {-2.25f, 3.25f})), 0);
      close(d(4, 0, 9), Ops.square(Tensor.of(new float[] {-2, 0, 3})), 0);
      assertArrayEquals(new int[] {1, 2}, Ops.abs(Tensor.of(new int[] {-1, 2})).toIntArray());
    }

    @Test
    void expLogSqrt() {
      // tf.math.exp docstring: exp(2.0) -> 7.389056; exp([2.0, 8.0]) -> [7.389056, 2980.958];
      // tf.math.log docstring: log([0, 0.5, 1, 5]) -> [-inf, -0.6931472, 0., 1.609438];
      // tf.math.sqrt docstring: [[4.], [16.]] -> [[2.], [4.]]; [[-4.], [16.]] -> [[nan], [4.]]
      close(7.389056, Ops.exp(Tensor.of(2.0f)), 1e-7);
      close(d(7.389056, 2980.958), Ops.exp(Tensor.of(new float[] {2, 8})), 1e-7);
      close(
          d(Double.NEGATIVE_INFINITY, -0.6931472, 0, 1.609438),
          Ops.log(Tensor.of(new float[] {0, 0.5f, 1, 5})),
          1e-7);
      Tensor s = Ops.sqrt(Tensor.of(new float[][] {{4}, {16}}));
      assertEquals(Shape.of(2, 1), s.shape());
      close(d(2, 4), s, 0);
      close(d(Double.NaN, 4), Ops.sqrt(Tensor.of(new float[][] {{-4}, {16}})), 0);
    }

    @Test
    void powIntegers() {
      // tf.math.pow docstring: [[2, 2], [3, 3]] ** [[8, 16], [2, 3]] -> [[256, 65536], [9, 27]]
      Tensor p =
          Ops.pow(
              Tensor.of(new int[][] {{2, 2}, {3, 3}}), Tensor.of(new int[][] {{8, 16}, {2, 3}}));
      assertEquals(DType.INT32, p.dtype());
      assertArrayEquals(new int[] {256, 65536, 9, 27}, p.toIntArray());
    }

    @Test
    void powIntegerNegativeExponentIsAnError() {
      // cwise_ops.h: "Integers to negative integer powers are not allowed"
      assertThrows(
          IllegalArgumentException.class,
          () -> Ops.pow(Tensor.of(new int[] {2}), Tensor.of(new int[] {-1})));
    }

    @Test
    void powNegativeBaseFloat() {
      // TF's Pow on floats is std::pow: (-2.)**2 = 4, (-2.)**3 = -8, (-8.)**(1/3) = nan
      close(
          d(4, -8, Double.NaN),
          Ops.pow(Tensor.of(new double[] {-2, -2, -8}), Tensor.of(new double[] {2, 3, 1.0 / 3})),
          0);
    }

    @Test
    void addSubtractWithPythonScalar() {
      // tf.math.add docstring: [1, 2, 3, 4, 5] + 1 -> [2, 3, 4, 5, 6] (int32);
      // tf.math.subtract docstring: x - 1 -> [0, 1, 2, 3, 4] and 1 - x -> [0, -1, -2, -3, -4]
      Tensor x = Tensor.of(new int[] {1, 2, 3, 4, 5});
      Tensor a = Ops.add(x, 1);
      assertEquals(DType.INT32, a.dtype());
      assertArrayEquals(new int[] {2, 3, 4, 5, 6}, a.toIntArray());
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Ops.subtract(x, 1).toIntArray());
      assertArrayEquals(new int[] {0, -1, -2, -3, -4}, Ops.subtract(1, x).toIntArray());
    }

    @Test
    void multiply() {
      // tf.math.multiply docstring: x * x for [1, 2, 3, 4] -> [1, 4, 9, 16];
      // tf.math.multiply(7, 6) -> 42 int32; ones([1, 2]) * ones([2, 1]) -> ones([2, 2])
      Tensor x = Tensor.of(new int[] {1, 2, 3, 4});
      assertArrayEquals(new int[] {1, 4, 9, 16}, Ops.multiply(x, x).toIntArray());
      Tensor m = Ops.multiply(7, 6);
      assertEquals(DType.INT32, m.dtype());
      assertEquals(42, m.intValue());
      Tensor b =
          Ops.multiply(
              Tensor.ones(Shape.of(1, 2), DType.FLOAT32),
              Tensor.ones(Shape.of(2, 1), DType.FLOAT32));
      assertEquals(Shape.of(2, 2), b.shape());
      close(d(1, 1, 1, 1), b, 0);
    }

    @Test
    void integerDivisionIsTrueDivisionInFloat64() {
      // tf.math.divide docstring: tf.divide(tf.constant(16), tf.constant(4)) -> 4.0 float64;
      // tf.math.truediv: int32 operands are cast to float64: [7, -7] / 2 -> [3.5, -3.5]
      Tensor q = Ops.divide(Tensor.of(16), Tensor.of(4));
      assertEquals(DType.FLOAT64, q.dtype());
      assertEquals(4.0, q.doubleValue());
      Tensor h = Tensor.of(new int[] {7, -7}).div(2);
      assertEquals(DType.FLOAT64, h.dtype());
      close(d(3.5, -3.5), h, 0);
      Tensor z = Tensor.of(new long[] {1}).div(Tensor.of(new long[] {0}));
      assertEquals(DType.FLOAT64, z.dtype());
      assertEquals(Double.POSITIVE_INFINITY, z.doubleValue());
    }

    @Test
    void integerOverflowWraps() {
      // TF int32 arithmetic wraps (two's complement): 2147483647 + 1 -> -2147483648
      assertEquals(Integer.MIN_VALUE, Tensor.of(Integer.MAX_VALUE).add(1).intValue());
      assertEquals(Long.MIN_VALUE, Tensor.of(Long.MAX_VALUE).add(1).longValue());
    }

    @Test
    void mixedDtypesAreAnError() {
      // TF never promotes: tf.constant(1) + tf.constant(1.0) -> InvalidArgumentError
      // ("cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is
      // a float tensor")
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> Ops.add(Tensor.of(1), Tensor.of(1.0f)));
      assertTrue(
          e.getMessage().contains("int32") && e.getMessage().contains("float32"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> Tensor.of(new float[] {1}).mul(Tensor.of(new double[] {1})));
    }

    @Test
    void scalarThatTheDtypeCannotHoldIsAnError() {
      // TF: tf.constant([1, 2]) + 1.5 -> TypeError / InvalidArgumentError (1.5 is not an int32)
      assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.of(new int[] {1, 2}), 1.5));
    }

    @Test
    void matmul() {
      // tf.linalg.matmul docstring: a = [1..6] shape [2, 3], b = [7..12] shape [3, 2]
      // -> [[58, 64], [139, 154]]
      Tensor a = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
      Tensor b = Tensor.of(new int[] {7, 8, 9, 10, 11, 12}, Shape.of(3, 2));
      Tensor c = Ops.matmul(a, b);
      assertEquals(DType.INT32, c.dtype());
      assertArrayEquals(new int[] {58, 64, 139, 154}, c.toIntArray());
      Tensor cf = Ops.matmul(a.cast(DType.FLOAT32), b.cast(DType.FLOAT32));
      close(d(58, 64, 139, 154), cf, 0);
    }

    @Test
    void batchMatmul() {
      // tf.linalg.matmul docstring: a = arange(1, 13) shape [2, 2, 3], b = arange(13, 25) shape
      // [2, 3, 2] -> [[[94, 100], [229, 244]], [[508, 532], [697, 730]]]
      int[] av = new int[12];
      int[] bv = new int[12];
      for (int i = 0; i < 12; i++) {
        av[i] = i + 1;
        bv[i] = i + 13;
      }
      Tensor c = Ops.matmul(Tensor.of(av, Shape.of(2, 2, 3)), Tensor.of(bv, Shape.of(2, 3, 2)));
      assertEquals(Shape.of(2, 2, 2), c.shape());
      assertArrayEquals(new int[] {94, 100, 229, 244, 508, 532, 697, 730}, c.toIntArray());
    }

    @Test
    void matmulTransposeFlags() {
      // tf.linalg.matmul(a, b, transpose_a=True, transpose_b=True) = a^T b^T:
      // a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]] -> [[23, 31], [34, 46]]
      Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
      Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}});
      close(d(23, 31, 34, 46), Ops.matmul(a, b, true, true), 0);
      close(d(26, 30, 38, 44), Ops.matmul(a, b, true, false), 0);
      close(d(17, 23, 39, 53), Ops.matmul(a, b, false, true), 0);
    }

    @Test
    void matmulInnerMismatchIsAnError() {
      // TF: "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]"
      Tensor a = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32);
      assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, a));
    }
  }

  // =============================================================== array ops docs
  @Nested
  class ArrayDocs {
    @Test
    void constantWithShape() {
      // tf.constant docstring: tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3]) ->
      // [[1, 2, 3], [4, 5, 6]]; tf.constant(0, shape=(2, 3)) -> zeros; a value of the wrong
      // size for the shape is an error
      Tensor t = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
      assertEquals(Shape.of(2, 3), t.shape());
      assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, t.toIntArray());
      Tensor z = Tensor.of(0, Shape.of(2, 3));
      assertEquals(DType.INT32, z.dtype());
      assertArrayEquals(new int[6], z.toIntArray());
      assertThrows(
          IllegalArgumentException.class, () -> Tensor.of(new int[] {1, 2, 3}, Shape.of(2, 2)));
    }

    @Test
    void constantDtypes() {
      // tf.constant docstring: [1, 2, 3] is int32; a float64 NumPy array stays float64;
      // tf.constant([1, 2], dtype=tf.float64) converts; 1.5 into int32 is a TypeError
      assertEquals(DType.INT32, Tensor.of(new int[] {1, 2, 3}).dtype());
      assertEquals(DType.FLOAT64, Tensor.of(new double[] {1, 2}).dtype());
      Tensor c = Tensor.of(new int[] {1, 2}, DType.FLOAT64);
      assertEquals(DType.FLOAT64, c.dtype());
      close(d(1, 2), c, 0);
      assertThrows(IllegalArgumentException.class, () -> Tensor.of(1.5, DType.INT32));
    }

    @Test
    void cast() {
      // tf.cast docstring: [1.8, 2.2] float32 to int32 -> [1, 2] (truncation toward zero);
      // negative values truncate toward zero too: -1.8 -> -1; bool -> float is 0/1;
      // the tensor guide: cast([2.2, 3.3, 4.4]) to an integer type -> [2, 3, 4]
      assertArrayEquals(
          new int[] {1, 2}, Tensor.of(new float[] {1.8f, 2.2f}).cast(DType.INT32).toIntArray());
      assertArrayEquals(
          new int[] {-1, -2}, Tensor.of(new float[] {-1.8f, -2.2f}).cast(DType.INT32).toIntArray());
      assertArrayEquals(
          new long[] {2, 3, 4},
          Tensor.of(new double[] {2.2, 3.3, 4.4}).cast(DType.INT64).toLongArray());
      close(d(1, 0), Tensor.of(new boolean[] {true, false}).cast(DType.FLOAT32), 0);
      assertArrayEquals(
          new boolean[] {true, false, true},
          Tensor.of(new float[] {2, 0, -0.5f}).cast(DType.BOOL).toBooleanArray());
    }

    @Test
    void castKeepsTheGradientBetweenFloats() {
      // math_grad.py _CastGrad: float -> float casts pass the gradient through (cast back)
      Tensor x = Tensor.of(new float[] {1, 2});
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = x.cast(DType.FLOAT64).mul(3);
      }
      Tensor g = t.gradient(y, x);
      assertEquals(DType.FLOAT32, g.dtype());
      close(d(3, 3), g, 0);
    }

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
      assertEquals(
          Shape.scalar(), Ops.squeeze(Tensor.zeros(Shape.of(1, 1), DType.FLOAT32)).shape());
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

    @Test
    void whereBroadcastsTheCondition() {
      // tf.where (where_v2) broadcasts all three: cond [2, 1], x [3], y scalar -> [2, 3]
      Tensor c = Tensor.of(new boolean[][] {{true}, {false}});
      Tensor w = Ops.where(c, Tensor.of(new double[] {1, 2, 3}), Tensor.of(0.0));
      assertEquals(Shape.of(2, 3), w.shape());
      close(d(1, 2, 3, 0, 0, 0), w, 0);
    }
  }

  // =============================================================== printing (tensor guide)
  @Nested
  class Printing {
    @Test
    void tensorGuideScalarsAndVectors() {
      // Tensor guide: print(tf.constant(4)) -> tf.Tensor(4, shape=(), dtype=int32);
      // print(tf.constant([2.0, 3.0, 4.0])) -> tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)
      assertEquals("Tensor(4, shape=(), dtype=int32)", Tensor.of(4).toString());
      assertEquals(
          "Tensor([2. 3. 4.], shape=(3,), dtype=float32)",
          Tensor.of(new float[] {2, 3, 4}).toString());
    }

    @Test
    void tensorGuideMath() {
      // Tensor guide: a = [[1, 2], [3, 4]], b = ones -> tf.add(a, b) prints
      // tf.Tensor(\n[[2 3]\n [4 5]], shape=(2, 2), dtype=int32); tf.matmul(a, b) ->
      // [[3 3]\n [7 7]]
      Tensor a = Tensor.of(new int[][] {{1, 2}, {3, 4}});
      Tensor b = Tensor.of(new int[][] {{1, 1}, {1, 1}});
      assertEquals(
          "Tensor(\n[[2 3]\n [4 5]], shape=(2, 2), dtype=int32)", Ops.add(a, b).toString());
      assertEquals(
          "Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)", Ops.multiply(a, b).toString());
      assertEquals(
          "Tensor(\n[[3 3]\n [7 7]], shape=(2, 2), dtype=int32)", Ops.matmul(a, b).toString());
    }

    @Test
    void tensorGuideReduceMaxAndSoftmax() {
      // Tensor guide: c = [[4.0, 5.0], [10.0, 1.0]]: print(tf.reduce_max(c)) ->
      // tf.Tensor(10.0, shape=(), dtype=float32); print(tf.nn.softmax(c)) ->
      // tf.Tensor(\n[[2.6894143e-01 7.3105860e-01]\n [9.9987662e-01 1.2339458e-04]], ...)
      Tensor c = Tensor.of(new float[][] {{4, 5}, {10, 1}});
      assertEquals("Tensor(10.0, shape=(), dtype=float32)", c.max().toString());
      assertEquals(
          "Tensor(\n[[2.6894143e-01 7.3105860e-01]\n [9.9987662e-01 1.2339458e-04]],"
              + " shape=(2, 2), dtype=float32)",
          Ops.softmax(c, -1).toString());
    }

    @Test
    void tensorGuideBroadcastMultiply() {
      // Tensor guide "Broadcasting": x = reshape([1, 2, 3], [3, 1]), y = range(1, 5):
      // tf.multiply(x, y) -> [[ 1  2  3  4]\n [ 2  4  6  8]\n [ 3  6  9 12]]
      Tensor x = Ops.reshape(Tensor.of(new int[] {1, 2, 3}), 3, 1);
      Tensor y = Tensor.of(new int[] {1, 2, 3, 4});
      assertEquals(
          "Tensor(\n[[ 1  2  3  4]\n [ 2  4  6  8]\n [ 3  6  9 12]], shape=(3, 4),"
              + " dtype=int32)",
          Ops.multiply(x, y).toString());
    }

    @Test
    void tensorGuideReshapeFlat() {
      // Tensor guide: print(tf.reshape(rank_3_tensor, [-1])) for 0..29 wraps at 75 columns:
      // [ 0  1 ... 23\n 24 25 26 27 28 29]
      Tensor t = Tensor.range(30);
      String s = Ops.reshape(Ops.reshape(t, 3, 2, 5), -1).toString();
      assertEquals(
          "Tensor(\n[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22"
              + " 23\n 24 25 26 27 28 29], shape=(30,), dtype=int32)",
          s);
    }
  }

  // =============================================================== Keras losses
  @Nested
  class KerasLosses {
    @Test
    void binaryCrossentropy() {
      // tf.keras.losses.BinaryCrossentropy docstring: y_true = [[0, 1], [0, 0]],
      // y_pred = [[0.6, 0.4], [0.4, 0.6]] -> 0.815
      Tensor yt = Tensor.of(new float[][] {{0, 1}, {0, 0}});
      Tensor yp = Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});
      close(0.815, Losses.binaryCrossentropy(yt, yp), 1e-3);
      // tf.keras.losses.binary_crossentropy docstring: per sample [0.916, 0.714]; their mean
      close((0.916 + 0.714) / 2, Losses.binaryCrossentropy(yt, yp), 2e-3);
    }

    @Test
    void binaryCrossentropyFromLogits() {
      // tf.keras.losses.BinaryCrossentropy(from_logits=True) docstring: y_true = [0, 1, 0, 0],
      // y_pred = [-18.6, 0.51, 2.94, -12.8] -> 0.865
      Tensor yt = Tensor.of(new float[] {0, 1, 0, 0});
      Tensor yp = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f});
      close(0.865, Losses.binaryCrossentropy(yt, yp, true), 1e-3);
    }

    @Test
    void categoricalCrossentropy() {
      // tf.keras.losses.CategoricalCrossentropy docstring: y_true = [[0, 1, 0], [0, 0, 1]],
      // y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] -> 1.177 (per sample [0.0513, 2.303])
      Tensor yt = Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}});
      Tensor yp = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
      close(1.177, Losses.categoricalCrossentropy(yt, yp), 1e-3);
    }

    @Test
    void sparseCategoricalCrossentropy() {
      // tf.keras.losses.SparseCategoricalCrossentropy docstring: y_true = [1, 2],
      // y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] -> 1.177
      Tensor yt = Tensor.of(new int[] {1, 2});
      Tensor yp = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
      close(1.177, Losses.sparseCategoricalCrossentropy(yt, yp), 1e-3);
    }

    @Test
    void meanSquaredAndAbsoluteError() {
      // tf.keras.losses.MeanSquaredError / MeanAbsoluteError docstrings:
      // y_true = [[0., 1.], [0., 0.]], y_pred = [[1., 1.], [1., 0.]] -> 0.5 each
      Tensor yt = Tensor.of(new float[][] {{0, 1}, {0, 0}});
      Tensor yp = Tensor.of(new float[][] {{1, 1}, {1, 0}});
      close(0.5, Losses.meanSquaredError(yt, yp), 0);
      close(0.5, Losses.meanAbsoluteError(yt, yp), 0);
    }

    @Test
    void sparseFromLogitsClassDoc() {
      // Losses class Javadoc example checked against TF's sparse_softmax_cross_entropy_with_logits:
      // label 2 of logits [1, 2, 3] -> log(e + e^2 + e^3) - 3 = 0.40760596
      Tensor l =
          Losses.sparseCategoricalCrossentropy(
              Tensor.of(new int[] {2}), Tensor.of(new float[][] {{1, 2, 3}}), true);
      close(Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 3, l, 1e-6);
    }

    @Test
    void crossentropyGradientFromLogits() {
      // nn_grad.py _SoftmaxCrossEntropyWithLogitsGrad: d loss / d logits = softmax - labels
      // (divided by the batch size for the mean): logits [[1, 2, 3]] label 2
      Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
      GradientTape t = new GradientTape();
      Tensor loss;
      try (t) {
        t.watch(logits);
        loss = Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {2}), logits, true);
      }
      double z = Math.E + Math.exp(2) + Math.exp(3);
      close(d(Math.E / z, Math.exp(2) / z, Math.exp(3) / z - 1), t.gradient(loss, logits), 1e-14);
    }
  }

  // =============================================================== Keras optimizers
  @Nested
  class KerasOptimizers {
    @Test
    void sgdDocExample() {
      // tf.keras.optimizers.SGD docstring: SGD(learning_rate=0.1), var = 1.0,
      // loss = var ** 2 / 2 -> after one minimize, var = 0.9
      SGD opt = new SGD(0.1);
      Variable var = Variable.of(1.0f);
      opt.minimize(() -> var.pow(2).div(2.0), List.of(var));
      close(0.9, var, F32);
      assertEquals(1, opt.iterations());
    }

    @Test
    void sgdMomentumDocExample() {
      // tf.keras.optimizers.SGD docstring: SGD(0.1, momentum=0.9): the first step moves
      // 0.1, the second 0.18 (velocity = 0.9 * -0.1 - 0.1 * 0.9) -> 0.9 then 0.72
      SGD opt = new SGD(0.1, 0.9, false);
      Variable var = Variable.of(1.0f);
      Tensor val0 = var.value();
      opt.minimize(() -> var.pow(2).div(2.0), List.of(var));
      Tensor val1 = var.value();
      close(0.1, val0.sub(val1), F32);
      opt.minimize(() -> var.pow(2).div(2.0), List.of(var));
      Tensor val2 = var.value();
      close(0.18, val1.sub(val2), F32);
      close(0.72, var, F32);
    }

    @Test
    void sgdNesterov() {
      // Keras SGD update (docstring): velocity = m * velocity - lr * g;
      // w = w + m * velocity - lr * g. lr 0.1, m 0.9, loss w^2/2 from w = 1:
      // step 1: v = -0.1, w = 1 - 0.09 - 0.1 = 0.81; step 2: g = 0.81, v = -0.171,
      // w = 0.81 - 0.1539 - 0.081 = 0.5751
      SGD opt = new SGD(0.1, 0.9, true);
      Variable var = Variable.of(1.0);
      opt.minimize(() -> var.pow(2).div(2.0), List.of(var));
      close(0.81, var, 1e-12);
      opt.minimize(() -> var.pow(2).div(2.0), List.of(var));
      close(0.5751, var, 1e-12);
    }

    @Test
    void adamDocExample() {
      // tf.keras.optimizers.Adam docstring: Adam(learning_rate=0.1), var1 = 10.0,
      // loss = var1 ** 2 / 2: "The first step is -learning_rate*sign(grad)" -> 9.9
      Adam opt = new Adam(0.1);
      Variable var1 = Variable.of(10.0f);
      opt.minimize(() -> var1.pow(2).div(2.0), List.of(var1));
      close(9.9, var1, F32);
    }

    @Test
    void adamTwoStepsFollowKerasFormula() {
      // Keras Adam (ResourceApplyAdam): lr_t = lr sqrt(1 - b2^t) / (1 - b1^t);
      // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr_t m / (sqrt(v) + eps)
      Adam opt = new Adam(0.1, 0.9, 0.999, 1e-7);
      Variable w = Variable.of(10.0);
      double ew = 10;
      double m = 0;
      double v = 0;
      for (int t = 1; t <= 3; t++) {
        opt.minimize(() -> w.pow(2).div(2.0), List.of(w));
        double g = ew;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        double lrT = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        ew -= lrT * m / (Math.sqrt(v) + 1e-7);
        close(ew, w, 1e-12);
      }
    }

    @Test
    void nullGradientIsSkipped() {
      // Keras apply_gradients: a None gradient is filtered out (with a warning), the other
      // variables still update
      SGD opt = new SGD(0.5);
      Variable a = Variable.of(1.0);
      Variable b = Variable.of(1.0);
      opt.applyGradients(java.util.Arrays.asList(Tensor.of(2.0), null), List.of(a, b));
      close(0.0, a, 0);
      close(1.0, b, 0);
    }
  }

  // =============================================================== variables
  @Nested
  class VariablesGuide {
    @Test
    void assignKeepsDtypeAndShape() {
      // Variables guide: a = tf.Variable([2.0, 3.0]); a.assign([1, 2]) keeps float32;
      // a.assign([1.0, 2.0, 3.0]) fails ("Cannot assign value to variable... Shapes (2,) and
      // (3,) are incompatible") and leaves the value
      Variable a = Variable.of(new float[] {2, 3});
      a.assign(new int[] {1, 2});
      assertEquals(DType.FLOAT32, a.dtype());
      close(d(1, 2), a, 0);
      assertThrows(IllegalArgumentException.class, () -> a.assign(new float[] {1, 2, 3}));
      close(d(1, 2), a, 0);
    }

    @Test
    void variableToString() {
      // lanegrad's form of TF's repr: <tf.Variable 'Variable:0' shape=(2,) dtype=float32,
      // numpy=array([1., 2.], dtype=float32)>
      Variable a = Variable.of(new float[] {1, 2});
      assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>", a.toString());
    }

    @Test
    void assignAddAndSub() {
      // Variables guide: a.assign_add / assign_sub: [2, 3] + [1, 1] -> [3, 4]; - [1, 1] -> [2, 3]
      Variable a = Variable.of(new float[] {2, 3});
      a.assignAdd(new float[] {1, 1});
      close(d(3, 4), a, 0);
      a.assignSub(new float[] {1, 1});
      close(d(2, 3), a, 0);
    }
  }

  // =============================================================== edges users trip on
  @Nested
  class Edges {
    @Test
    void readValueIsRecorded() {
      // TF: v.read_value() / v.value() inside a tape is a recorded ReadVariableOp, so the
      // gradient flows to the variable: y = v.read_value() * 3 -> 3.0
      Variable v = Variable.of(2.0);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        y = v.readValue().mul(3);
      }
      close(3.0, t.gradient(y, v), 0);
      GradientTape t2 = new GradientTape();
      try (t2) {
        y = v.value().mul(4);
      }
      close(4.0, t2.gradient(y, v), 0);
    }

    @Test
    void nonTrainableVariableWatchedExplicitly() {
      // tf.GradientTape.watch docstring: watch() makes any variable (trainable or not) watched
      Variable v = Variable.builder(2.0).trainable(false).build();
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(v);
        y = v.mul(v);
      }
      close(4.0, t.gradient(y, v), 0);
    }

    @Test
    void opsBeforeWatchAreNotRecorded() {
      // TF records an op only if an input is watched when it runs: y = 2x before watch(x),
      // z = 3y after -> gradient(z, x) is None
      Tensor x = Tensor.of(1.0);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        Tensor y = x.mul(2);
        t.watch(x);
        z = y.mul(3);
      }
      assertNull(t.gradient(z, x));
    }

    @Test
    void sameSourceTwice() {
      // TF: gradient(y, [x, x]) answers each entry: [2x, 2x]
      Tensor x = Tensor.of(3.0);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = x.mul(x);
      }
      List<Tensor> g = t.gradient(y, List.of(x, x));
      close(6.0, g.get(0), 0);
      close(6.0, g.get(1), 0);
    }

    @Test
    void integerTargetGivesNone() {
      // backprop.py: gradients of an integer target are None (only floating targets are
      // differentiable); y = cast(x, int32) * 2
      Tensor x = Tensor.of(3.0);
      GradientTape t = new GradientTape();
      Tensor y;
      try (t) {
        t.watch(x);
        y = x.cast(DType.INT32).mul(2);
      }
      assertNull(t.gradient(y, x));
    }

    @Test
    void castToIntCutsTheGradient() {
      // math_grad.py _CastGrad: no gradient through a cast to an integer type; the float path
      // still counts: z = cast(cast(x, int32), float64) + x -> dz/dx = 1 (None through the int)
      Tensor x = Tensor.of(2.5);
      GradientTape t = new GradientTape();
      Tensor z;
      try (t) {
        t.watch(x);
        z = x.cast(DType.INT32).cast(DType.FLOAT64).add(x);
      }
      close(1.0, t.gradient(z, x), 0);
    }

    @Test
    void jacobianUnconnectedIsNoneBatchJacobianIsZeros() {
      // backprop.py jacobian: an unconnected source gives None; batch_jacobian gives zeros of
      // shape [batch] + target.shape[1:] + source.shape[1:]
      Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
      Tensor u = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
      GradientTape t = new GradientTape(true);
      Tensor y;
      try (t) {
        t.watch(x, u);
        y = x.mul(2);
      }
      assertNull(t.jacobian(y, u));
      Tensor bj = t.batchJacobian(y, u);
      assertEquals(Shape.of(2, 2, 3), bj.shape());
      close(new double[12], bj, 0);
    }

    @Test
    void emptyReductions() {
      // Eigen reducers' initial values, which TF returns for an empty input: sum 0, mean
      // 0 / 0 = nan, max -inf, min +inf
      Tensor e = Tensor.zeros(Shape.of(0), DType.FLOAT32);
      close(0.0, e.sum(), 0);
      assertTrue(Double.isNaN(e.mean().doubleValue()));
      assertEquals(Double.NEGATIVE_INFINITY, e.max().doubleValue());
      assertEquals(Double.POSITIVE_INFINITY, e.min().doubleValue());
      Tensor rows = Tensor.zeros(Shape.of(2, 0), DType.FLOAT64).sum(new int[] {1}, false);
      assertEquals(Shape.of(2), rows.shape());
      close(d(0, 0), rows, 0);
    }

    @Test
    void castInt64ToInt32KeepsTheLowBits() {
      // TF's Cast is a C++ static_cast: int64 2^32 + 5 -> int32 5; -1 stays -1
      assertArrayEquals(
          new int[] {5, -1},
          Tensor.of(new long[] {(1L << 32) + 5, -1}).cast(DType.INT32).toIntArray());
    }

    @Test
    void floatOnlyOpsRejectIntegers() {
      // TF registers Sqrt/Exp/Log/Sigmoid/Tanh/Softmax kernels for floating types only:
      // tf.sqrt(tf.constant(4)) -> NotFoundError "Could not find device for node ... Sqrt
      // [T=DT_INT32]"; tf.nn.softmax on int32 -> TypeError
      Tensor i = Tensor.of(new int[] {4});
      assertThrows(IllegalArgumentException.class, () -> Ops.sqrt(i));
      assertThrows(IllegalArgumentException.class, () -> Ops.exp(i));
      assertThrows(IllegalArgumentException.class, () -> Ops.log(i));
      assertThrows(IllegalArgumentException.class, () -> Ops.sigmoid(i));
      assertThrows(IllegalArgumentException.class, () -> Ops.tanh(i));
      assertThrows(IllegalArgumentException.class, () -> Ops.softmax(i, 0));
    }

    @Test
    void integerOpsThatTfHas() {
      // TF has int32 kernels for Neg, Abs, Sign, Square, Relu, Maximum, Minimum
      Tensor i = Tensor.of(new int[] {-3, 0, 2});
      assertArrayEquals(new int[] {3, 0, -2}, Ops.negative(i).toIntArray());
      assertArrayEquals(new int[] {-1, 0, 1}, Ops.sign(i).toIntArray());
      assertArrayEquals(new int[] {9, 0, 4}, Ops.square(i).toIntArray());
      assertArrayEquals(new int[] {0, 0, 2}, Ops.relu(i).toIntArray());
      assertArrayEquals(new int[] {-1, 0, 2}, Ops.maximum(i, -1).toIntArray());
      assertArrayEquals(new int[] {-3, 0, 1}, Ops.minimum(i, 1).toIntArray());
    }

    @Test
    void pythonFloatOperandTakesFloat32() {
      // TF: tf.constant([0.1]) + 0.1 converts 0.1 to float32 first: 0.1f + 0.1f
      Tensor y = Tensor.of(new float[] {0.1f}).add(0.1);
      assertEquals(DType.FLOAT32, y.dtype());
      assertEquals(0.1f + 0.1f, y.toFloatArray()[0]);
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
      assertTrue(
          e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
    }

    @Test
    void thirdDerivative() {
      // x^4 at x = 2: second derivative 12 x^2 = 48, third 24 x = 48, through three nested tapes
      Variable x = Variable.of(2.0);
      GradientTape t3 = new GradientTape();
      Tensor g2;
      try (t3) {
        GradientTape t2 = new GradientTape();
        Tensor g1;
        try (t2) {
          GradientTape t1 = new GradientTape();
          Tensor y;
          try (t1) {
            y = x.pow(4);
          }
          g1 = t1.gradient(y, x);
        }
        g2 = t2.gradient(g1, x);
      }
      close(48.0, g2, 1e-12); // 12 x^2
      close(48.0, t3.gradient(g2, x), 1e-12);
    }
  }

  // =============================================================== Keras layer guide
  /** Keras guide "Making new layers and models via subclassing": Linear with weights in fields. */
  static final class Linear extends dev.lanegrad.nn.Layer {
    Variable w;
    Variable b;

    Linear(int units, int inputDim) {
      w = Variable.of(Tensor.randomNormal(Shape.of(inputDim, units), 7));
      b = Variable.of(Tensor.zeros(Shape.of(units), DType.FLOAT32));
    }

    @Override
    protected Tensor call(Tensor inputs) {
      return Ops.matmul(inputs, w).add(b);
    }
  }

  /** The same guide's lazily built Linear (add_weight in build). */
  static final class LazyLinear extends dev.lanegrad.nn.Layer {
    final int units;
    Variable w;
    Variable b;

    LazyLinear(int units) {
      this.units = units;
    }

    @Override
    protected void build(Shape inputShape) {
      w =
          addWeight(
              "w",
              Shape.of(inputShape.dim(-1), units),
              dev.lanegrad.nn.Initializers.randomNormal(0, 0.05, 3));
      b = addWeight("b", Shape.of(units), dev.lanegrad.nn.Initializers.zeros());
    }

    @Override
    protected Tensor call(Tensor inputs) {
      return Ops.matmul(inputs, w).add(b);
    }
  }

  /** The guide's ComputeSum: a non-trainable accumulator. */
  static final class ComputeSum extends dev.lanegrad.nn.Layer {
    Variable total;

    ComputeSum(int inputDim) {
      total =
          Variable.builder(Tensor.zeros(Shape.of(inputDim), DType.FLOAT32))
              .trainable(false)
              .build();
    }

    @Override
    protected Tensor call(Tensor inputs) {
      total.assignAdd(inputs.sum(new int[] {0}, false));
      return total.value();
    }
  }

  /** The guide's MLPBlock: three LazyLinear children. */
  static final class MLPBlock extends dev.lanegrad.nn.Layer {
    LazyLinear linear1 = new LazyLinear(32);
    LazyLinear linear2 = new LazyLinear(32);
    LazyLinear linear3 = new LazyLinear(1);

    @Override
    protected Tensor call(Tensor inputs) {
      Tensor x = Ops.relu(linear1.apply(inputs));
      x = Ops.relu(linear2.apply(x));
      return linear3.apply(x);
    }
  }

  @Nested
  class KerasLayersGuide {
    @Test
    void linearTracksItsWeightsInOrder() {
      // guide: x = tf.ones((2, 2)); linear_layer = Linear(4, 2); y = linear_layer(x) has shape
      // (2, 4); linear_layer.weights == [linear_layer.w, linear_layer.b]
      Linear layer = new Linear(4, 2);
      Tensor y = layer.apply(Tensor.ones(Shape.of(2, 2), DType.FLOAT32));
      assertEquals(Shape.of(2, 4), y.shape());
      assertEquals(List.of(layer.w, layer.b), layer.variables());
    }

    @Test
    void computeSumNonTrainable() {
      // guide: my_sum = ComputeSum(2); y = my_sum(ones((2, 2))) -> [2. 2.], again -> [4. 4.];
      // weights: 1, non-trainable weights: 1, trainable_weights: []
      ComputeSum mySum = new ComputeSum(2);
      Tensor x = Tensor.ones(Shape.of(2, 2), DType.FLOAT32);
      close(d(2, 2), mySum.apply(x), 0);
      close(d(4, 4), mySum.apply(x), 0);
      assertEquals(1, mySum.variables().size());
      assertEquals(1, mySum.nonTrainableVariables().size());
      assertEquals(0, mySum.trainableVariables().size());
    }

    @Test
    void mlpBlockCountsNestedWeights() {
      // guide: mlp = MLPBlock(); y = mlp(tf.ones(shape=(3, 64))) -> weights: 6,
      // trainable weights: 6 (built lazily on the first call); the output has shape (3, 1)
      MLPBlock mlp = new MLPBlock();
      assertEquals(0, mlp.variables().size());
      Tensor y = mlp.apply(Tensor.ones(Shape.of(3, 64), DType.FLOAT32));
      assertEquals(Shape.of(3, 1), y.shape());
      assertEquals(6, mlp.variables().size());
      assertEquals(6, mlp.trainableVariables().size());
      assertEquals(64 * 32 + 32 + 32 * 32 + 32 + 32 + 1, mlp.countParams());
      assertEquals("mlp_block", mlp.name());
    }

    @Test
    void denseDocSequential() {
      // tf.keras.layers.Dense docstring: Input(shape=(16,)), Dense(32, activation='relu'),
      // Dense(32) -> output shape (None, 32)
      dev.lanegrad.nn.Sequential model =
          new dev.lanegrad.nn.Sequential(
              new dev.lanegrad.nn.Dense(32, dev.lanegrad.nn.Activation.RELU),
              new dev.lanegrad.nn.Dense(32));
      Tensor y = model.apply(Tensor.ones(Shape.of(5, 16), DType.FLOAT32));
      assertEquals(Shape.of(5, 32), y.shape());
      assertEquals(4, model.variables().size());
    }

    @Test
    void denseOnRank3ActsOnTheLastAxis() {
      // tf.keras.layers.Dense docstring: input (batch_size, d0, d1) -> kernel (d1, units),
      // output (batch_size, d0, units); values x @ kernel + bias per sub-tensor
      dev.lanegrad.nn.Dense dense =
          dev.lanegrad.nn.Dense.builder(3)
              .kernelInitializer(dev.lanegrad.nn.Initializers.constant(0.5f))
              .biasInitializer(dev.lanegrad.nn.Initializers.constant(1f))
              .build();
      Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Shape.of(2, 3, 2));
      Tensor y = dense.apply(x);
      assertEquals(Shape.of(2, 3, 3), y.shape());
      assertEquals(Shape.of(2, 3), dense.kernel().shape());
      double[] e = new double[18];
      for (int r = 0; r < 6; r++) {
        double v = 0.5 * ((2 * r + 1) + (2 * r + 2)) + 1;
        e[3 * r] = v;
        e[3 * r + 1] = v;
        e[3 * r + 2] = v;
      }
      close(e, y, 0);
    }

    @Test
    void denseGradientMatchesHandFormula() {
      // y = relu(x W + b) with loss sum(y): dW = x^T (y > 0), db = sum over the batch of (y > 0)
      dev.lanegrad.nn.Dense dense =
          dev.lanegrad.nn.Dense.builder(2)
              .activation(dev.lanegrad.nn.Activation.RELU)
              .kernelInitializer(
                  dev.lanegrad.nn.Initializers.constant(Tensor.of(new float[][] {{1, -1}, {2, 1}})))
              .biasInitializer(dev.lanegrad.nn.Initializers.zeros())
              .build();
      Tensor x = Tensor.of(new float[][] {{1, 1}, {1, -3}});
      GradientTape t = new GradientTape();
      Tensor loss;
      try (t) {
        loss = dense.apply(x).sum();
      }
      // pre-activations: row 1 [3, 0] (relu'(0) = 0), row 2 [-5, -4]
      List<Tensor> g = t.gradient(loss, List.of(dense.kernel(), dense.bias()));
      close(d(1, 0, 1, 0), g.get(0), 0);
      close(d(1, 0), g.get(1), 0);
    }
  }

  // =============================================================== float32 accumulation
  /**
   * TF sums float32 with Eigen's tree reduction (TensorReduction's InnerMostDimReducer: leaves of
   * 1024 values, combined pairwise) and multiplies with Eigen's GEBP / oneDNN, whose micro-kernels
   * start every depth block (kc) from zero and add it to C afterwards. Both keep the error of a
   * long float32 sum near one rounding of the result. Reference values measured on this machine
   * (NumPy 1.24 pairwise sum, torch 1.13 cascade sum, OpenBLAS sgemm) are quoted per test; each
   * bound is met by both of them.
   */
  @Nested
  class Float32Accumulation {
    @Test
    void sumOfAMillionEqualValues() {
      // 10^6 x 0.1f: exact 100000.0015; NumPy 100000.086, torch 100000.0078 (bound: 0.2)
      Tensor x = Tensor.fill(Shape.of(1_000_000), 0.1f);
      assertEquals(1e6 * (double) 0.1f, x.sum().doubleValue(), 0.2);
    }

    @Test
    void meanOfAMillionEqualValues() {
      // tf.reduce_mean(tf.fill([1000, 1000], 0.1)): NumPy 0.10000008, torch 0.10000000894
      // (bound: 2e-6 relative)
      Tensor x = Tensor.fill(Shape.of(1000, 1000), 0.1f);
      assertEquals(0.1f, x.mean().doubleValue(), 2e-7);
    }

    @Test
    void matmulWithALongInnerDimension() {
      // (8, 4096) @ (4096, 8) of 0.1f: exact 40.96000122; OpenBLAS 40.959972, torch 40.959965
      // (bound: 2e-6 relative = 8.2e-5)
      Tensor a = Tensor.fill(Shape.of(8, 4096), 0.1f);
      Tensor b = Tensor.fill(Shape.of(4096, 8), 0.1f);
      double exact = 4096 * (double) 0.1f * (double) 0.1f;
      float[] c = Ops.matmul(a, b).toFloatArray();
      for (float v : c) {
        assertEquals(exact, v, 8.2e-5);
      }
    }
  }
}
