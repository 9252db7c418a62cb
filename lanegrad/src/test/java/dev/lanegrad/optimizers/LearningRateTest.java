package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.schedules.CosineDecay;
import dev.lanegrad.optimizers.schedules.LearningRateSchedule;
import dev.lanegrad.optimizers.schedules.PiecewiseConstantDecay;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule in place of a number: step n uses schedule.at(n), as Keras's iterations. */
class LearningRateTest {
  private static final Tensor ONE = Tensor.of(new float[] {1f});

  @Test
  void stepNUsesTheScheduleAtN() {
    PiecewiseConstantDecay s =
        new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {0.5, 0.25, 0.125});
    SGD opt = SGD.builder().learningRate(s).build();
    Variable w = Variable.of(new float[] {4f});
    // steps 0 and 1 at 0.5 (step <= 1), step 2 at 0.25, then 0.125: a gradient of 1 each time
    float[] expected = {3.5f, 3f, 2.75f, 2.625f, 2.5f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(s.at(i), opt.learningRate(), "the rate of the next step");
      opt.applyGradients(List.of(ONE), List.of(w));
      assertArrayEquals(new float[] {expected[i]}, w.toFloatArray(), "after step " + i);
    }
    assertSame(s, opt.learningRateSchedule());
    assertTrue(opt.toString().contains("PiecewiseConstantDecay"), opt.toString());
  }

  @Test
  void adamTakesTheScheduleValueAsItsRate() {
    CosineDecay s = new CosineDecay(0.1, 10);
    Adam scheduled = Adam.builder().learningRate(s).build();
    Variable a = Variable.of(new float[] {1f, -2f});
    Variable b = Variable.of(new float[] {1f, -2f});
    Tensor g = Tensor.of(new float[] {0.3f, -0.7f});
    for (int i = 0; i < 5; i++) {
      // the same step with the rate fixed at the schedule's value gives the same bits
      Adam fixed = new Adam(s.at(i));
      fixed.setIterations(i);
      if (i > 0) {
        fixed.setSlot(b, "m", scheduled.slot(a, "m"));
        fixed.setSlot(b, "v", scheduled.slot(a, "v"));
      }
      scheduled.applyGradients(List.of(g), List.of(a));
      fixed.applyGradients(List.of(g), List.of(b));
      assertArrayEquals(b.toFloatArray(), a.toFloatArray(), "step " + i);
    }
  }

  @Test
  void aScheduledRateIsNotSettableAndABadValueChangesNothing() {
    SGD opt = SGD.builder().learningRate(new CosineDecay(0.1, 10)).build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.5));
    assertTrue(e.getMessage().startsWith("SGD.setLearningRate: this optimizer was built with"));
    IllegalArgumentException n =
        assertThrows(
            IllegalArgumentException.class,
            () -> SGD.builder().learningRate((LearningRateSchedule) null));
    assertEquals(
        "SGD.builder: learningRate(LearningRateSchedule) must not be null", n.getMessage());

    LearningRateSchedule negative = step -> step == 0 ? 0.1 : -1;
    SGD bad = SGD.builder().learningRate(negative).build();
    Variable w = Variable.of(new float[] {4f});
    bad.applyGradients(List.of(ONE), List.of(w));
    IllegalStateException x =
        assertThrows(
            IllegalStateException.class, () -> bad.applyGradients(List.of(ONE), List.of(w)));
    assertTrue(x.getMessage().contains("gave -1.0 at step 1"), x.getMessage());
    assertArrayEquals(new float[] {3.9f}, w.toFloatArray());
    assertEquals(1, bad.iterations());
  }

  @Test
  void aNumberStaysSettableAndBuildersCheckTheirValues() {
    SGD opt = SGD.builder().learningRate(0.1).momentum(0.9).nesterov(true).build();
    assertNull(opt.learningRateSchedule());
    assertEquals(0.9, opt.momentum());
    assertTrue(opt.nesterov());
    opt.setLearningRate(0.2);
    assertEquals(0.2, opt.learningRate());
    // a schedule then a number: the number wins, as the last call
    SGD last = SGD.builder().learningRate(new CosineDecay(1, 1)).learningRate(0.3).build();
    assertNull(last.learningRateSchedule());
    assertEquals(0.3, last.learningRate());
    assertEquals(0.01, SGD.builder().build().learningRate(), "Keras's default");
    assertEquals(0.001, Adam.builder().build().learningRate(), "Keras's default");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().learningRate(-1).build());
    assertEquals("SGD: learningRate must be a finite number >= 0, got -1.0", e.getMessage());
    IllegalArgumentException m =
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().momentum(1.5).build());
    assertTrue(m.getMessage().startsWith("SGD: momentum"), m.getMessage());
    IllegalArgumentException b =
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().beta2(1).build());
    assertTrue(b.getMessage().contains("beta2=1.0"), b.getMessage());
  }
}
