package dev.lanegrad;

import static dev.lanegrad.TfFixtures.F32;
import static dev.lanegrad.TfFixtures.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras's optimizers: the SGD (plain, momentum, Nesterov) and Adam docstring values and update
 * formulas, and a null gradient. The expected values are TF's and Keras's (docstrings, guides,
 * kernels, gradient functions); each test names its source.
 */
class OptimizerSemanticsTest {
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
