package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  // hand-computed with Keras's formulas (lr 0.1, defaults), gradients 0.5, -0.25, 1.0:
  // t=1: m=0.05, v=0.00025, alpha = 0.1*sqrt(0.001)/0.1, w = 1 - 0.05*alpha/(sqrt(v)+1e-7)
  private static final double[] EXPECTED = {
    0.9000006324515321, 0.8733670792079219, 0.8075561008769583
  };
  private static final double[] GRADS = {0.5, -0.25, 1.0};

  @Test
  void threeStepsWithBiasCorrectionFloat32() {
    Variable w = Variable.of(1f);
    Adam opt = new Adam(0.1);
    for (int t = 0; t < 3; t++) {
      opt.applyGradients(List.of(Tensor.of((float) GRADS[t])), List.of(w));
      assertEquals(EXPECTED[t], w.floatValue(), 2e-6, "step " + (t + 1));
      assertEquals(t + 1, opt.iterations());
    }
  }

  @Test
  void threeStepsFloat64() {
    Variable w = Variable.of(1.0);
    Adam opt = new Adam(0.1, 0.9, 0.999, 1e-7);
    for (int t = 0; t < 3; t++) {
      opt.applyGradients(List.of(Tensor.of(GRADS[t])), List.of(w));
      assertEquals(EXPECTED[t], w.doubleValue(), 1e-14, "step " + (t + 1));
    }
  }

  @Test
  void firstStepMovesByAboutTheLearningRate() {
    Variable w = Variable.of(new float[] {0f, 0f, 0f});
    new Adam(0.01).applyGradients(List.of(Tensor.of(new float[] {100f, -1e-3f, 0f})), List.of(w));
    float[] v = w.toFloatArray();
    assertEquals(-0.01f, v[0], 1e-6f);
    assertEquals(0.01f, v[1], 1e-4f);
    assertEquals(0f, v[2]);
  }

  @Test
  void slotsArePerVariable() {
    Variable a = Variable.of(1f);
    Variable b = Variable.of(1f);
    Adam opt = new Adam(0.1);
    opt.applyGradients(List.of(Tensor.of(0.5f), Tensor.of(0.5f)), List.of(a, b));
    // b skipped on step 2: its moments stay as after step 1
    opt.applyGradients(java.util.Arrays.asList(Tensor.of(-0.25f), null), List.of(a, b));
    assertEquals(EXPECTED[1], a.floatValue(), 2e-6);
    assertEquals(EXPECTED[0], b.floatValue(), 2e-6);
    assertEquals(2, opt.iterations());
  }

  @Test
  void rejectedCallLeavesSlotsAndStepAlone() {
    Variable w = Variable.of(1f);
    Adam opt = new Adam(0.1);
    opt.applyGradients(List.of(Tensor.of(0.5f)), List.of(w));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            opt.applyGradients(
                List.of(Tensor.of(-0.25f), Tensor.of(1.0)), List.of(w, Variable.of(1f))));
    assertEquals(1, opt.iterations());
    opt.applyGradients(List.of(Tensor.of(-0.25f)), List.of(w));
    assertEquals(EXPECTED[1], w.floatValue(), 2e-6);
  }

  @Test
  void defaultsAndBadHyperParameters() {
    Adam a = new Adam();
    assertEquals(0.001, a.learningRate());
    assertEquals(0.9, a.beta1());
    assertEquals(0.999, a.beta2());
    assertEquals(1e-7, a.epsilon());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-7));
    assertTrue(e.getMessage().contains("beta1=1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, -0.5, 1e-7));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, -1));
    e = assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
    assertTrue(e.getMessage().startsWith("Adam: learningRate"), e.getMessage());
  }
}
