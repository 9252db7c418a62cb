package dev.lanegrad;

import static dev.lanegrad.TfFixtures.F32;
import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Gradients of gradients, Jacobians and custom gradients: nested tapes to the third order, a
 * persistent tape recording its own gradient, jacobian and batchJacobian, tf.custom_gradient. The
 * expected values are TF's and Keras's (docstrings, guides, kernels, gradient functions); each test
 * names its source.
 */
class HigherOrderSemanticsTest {
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
          Ops.customGradient(v.mul(v), y -> CustomGradient.of(y, dy -> dy.mul(0.5).div(dy.abs())));
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
