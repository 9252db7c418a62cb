package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientCheck;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Second order through whole layers in float64: the tape's gradient of a loss, as a function of the
 * input, differentiated again by the tape and compared with central differences of that gradient
 * (GradientCheck). Both the input's gradient ({@code d2L/dx2}) and a kernel's ({@code d2L/dW dx},
 * what gradient penalties and meta-learning need) are checked, for a Dense stack with smooth
 * activations and for a small LSTM (whose unrolled tape holds unstack, split, matmul, sigmoid and
 * tanh).
 */
class SecondOrderLayersTest {
  /** {@code L = sum(model(x)^2 * w)}: its gradient with respect to {@code source(x)}. */
  private static UnaryOperator<Tensor> gradientOf(
      Layer model, Tensor w, java.util.function.Function<Tensor, Tensor> source) {
    return x -> {
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor y = model.apply(x);
        Tensor l = y.mul(y).mul(w).sum();
        return tape.gradient(l, source.apply(x));
      }
    };
  }

  private static void check(Layer model, Variable kernel, Tensor x, Tensor w) {
    GradientCheck.Result dxx = GradientCheck.check(gradientOf(model, w, v -> v), x);
    assertTrue(dxx.passed(1e-6), dxx.report(1e-6));
    GradientCheck.Result dwx = GradientCheck.check(gradientOf(model, w, v -> kernel), x);
    assertTrue(dwx.passed(1e-6), dwx.report(1e-6));
    assertTrue(dwx.connected(0));
  }

  @Test
  void denseStackWithActivations() {
    Utils.clearSession();
    Dense first =
        Dense.builder(4)
            .activation(Activation.TANH)
            .dtype(DType.FLOAT64)
            .biasInitializer(Initializers.randomUniform(-0.5, 0.5, 3))
            .inputShape(3)
            .build();
    Sequential model =
        new Sequential(
            first,
            Dense.builder(4).activation(Activation.SOFTPLUS).dtype(DType.FLOAT64).build(),
            Dense.builder(3).activation(Activation.GELU).dtype(DType.FLOAT64).build(),
            Dense.builder(3).activation(Activation.SIGMOID).dtype(DType.FLOAT64).build(),
            Dense.builder(2).activation(Activation.SOFTMAX).dtype(DType.FLOAT64).build());
    Tensor x = random(1, 2, 3);
    assertEquals(DType.FLOAT64, model.apply(x).dtype());
    check(model, first.kernel(), x, random(2, 2, 2));
  }

  @Test
  void smallLstm() {
    Utils.clearSession();
    LSTM lstm =
        LSTM.builder(2)
            .returnSequences(true)
            .dtype(DType.FLOAT64)
            .biasInitializer(Initializers.randomUniform(-0.5, 0.5, 4))
            .build();
    Tensor x = random(3, 2, 3, 2);
    lstm.apply(x);
    check(lstm, lstm.recurrentKernel(), x, random(4, 2, 3, 2));
  }
}
