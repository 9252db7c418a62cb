package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Argument checks shared by every optimizer: each rejects before changing anything. */
class OptimizerTest {
  private final Variable a = Variable.builder(new float[] {1f, 2f}).name("a").build();
  private final Variable b = Variable.builder(new float[] {3f}).name("b").build();

  private void rejects(Optimizer opt, String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().startsWith(opt.name() + ".applyGradients"), e.getMessage());
    assertArrayEquals(new float[] {1f, 2f}, a.toFloatArray());
    assertArrayEquals(new float[] {3f}, b.toFloatArray());
    assertEquals(0, opt.iterations());
  }

  @Test
  void badArgumentsChangeNothing() {
    for (Optimizer opt :
        List.of(
            new SGD(0.1),
            new SGD(0.1, 0.9, true),
            new Adam(0.1),
            Adam.builder().amsgrad(true).clipNorm(1).build(),
            new AdamW(0.1, 0.01),
            RMSprop.builder().centered(true).momentum(0.5).globalClipNorm(1).build(),
            Adagrad.builder().clipValue(1).weightDecay(0.1).build(),
            new Adamax(0.1),
            new Nadam(0.1))) {
      Tensor ga = Tensor.of(new float[] {1f, 1f});
      rejects(
          opt,
          "got 1 gradients for 2 variables",
          () -> opt.applyGradients(List.of(ga), List.of(a, b)));
      rejects(
          opt,
          "No gradients provided for any variable: [a:0, b:0]",
          () -> opt.applyGradients(Arrays.asList(null, null), List.of(a, b)));
      rejects(opt, "No gradients", () -> opt.applyGradients(List.of(), List.of()));
      // the first pair is fine, the second is wrong: nothing may change
      rejects(
          opt,
          "gradient 1 (shape (2,), dtype float32) does not match variable 'b:0' (shape (1,)",
          () -> opt.applyGradients(List.of(ga, ga), List.of(a, b)));
      rejects(
          opt,
          "dtype float64",
          () -> opt.applyGradients(List.of(ga, Tensor.of(new double[] {1})), List.of(a, b)));
      rejects(
          opt,
          "variable 1 is null",
          () -> opt.applyGradients(List.of(ga, ga), Arrays.asList(a, null)));
      rejects(opt, "must not be null", () -> opt.applyGradients(null, List.of(a)));
      Variable i = Variable.of(new int[] {1});
      rejects(
          opt,
          "only float32 and float64",
          () -> opt.applyGradients(List.of(Tensor.of(new int[] {1})), List.of(i)));
    }
  }

  @Test
  void nullGradientsAreSkipped() {
    SGD opt = new SGD(1);
    opt.applyGradients(Arrays.asList(null, Tensor.of(new float[] {1f})), List.of(a, b));
    assertArrayEquals(new float[] {1f, 2f}, a.toFloatArray());
    assertArrayEquals(new float[] {2f}, b.toFloatArray());
    assertEquals(1, opt.iterations());
  }

  @Test
  void minimize() {
    Variable w = Variable.of(5f);
    SGD opt = new SGD(0.1);
    Tensor loss = opt.minimize(() -> w.square(), List.of(w));
    assertEquals(25f, loss.floatValue());
    assertEquals(4f, w.floatValue());
  }
}
