package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static dev.lanegrad.TfFixtures.grad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ops' gradients where they are not smooth: kinks (relu, abs, sign at 0), poles (sqrt and log
 * at 0), ties (maximum, minimum, reduceMax and reduceMin), pow at a zero or negative base, and
 * where's NaN trap, as TF's gradient functions (math_grad.py, nn_grad.py, array_grad.py) define
 * them. The expected values are TF's and Keras's (docstrings, guides, kernels, gradient functions);
 * each test names its source.
 */
class GradientsAtKinksTest {
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
            t -> Ops.where(t.greater(0.0), Ops.sqrt(t), Tensor.zeros(Shape.of(2), DType.FLOAT64)));
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

  /**
   * math_grad._MinOrMaxGrad splits the gradient equally among the tied maxima; _MaximumGrad sends
   * it to x where x >= y (ties to x), and NaN >= y is false, so a NaN x gets 0.
   */
  @Test
  void gradientsAtTies() {
    Tensor x = Tensor.of(new float[] {1, 3, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.max();
    }
    assertArrayEquals(new float[] {0f, 0.5f, 0.5f}, tape.gradient(y, x).toFloatArray());

    Tensor a = Tensor.of(new float[] {1, 2, Float.NaN});
    GradientTape t2 = new GradientTape();
    Tensor z;
    try (t2) {
      t2.watch(a);
      z = a.maximum(1);
    }
    assertArrayEquals(new float[] {1f, 1f, 0f}, t2.gradient(z, a).toFloatArray());
  }
}
