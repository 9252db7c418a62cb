package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StepFunction#keep}: a tensor computed inside a call that the body keeps (a layer's
 * recorded scores, an activity loss) stays readable with its own values after later calls, while
 * the plan's other buffers are still reused; the eager run of the same body is the reference.
 */
class StepFunctionKeepTest {
  private static final Variable W =
      Variable.of(Tensor.randomUniform(Shape.of(24, 32), -0.3, 0.3, 1));

  private static Tensor body(Tensor x, List<Tensor> kept, List<Tensor> leaked) {
    Tensor h = x.matmul(W).tanh();
    Tensor scores = h.mul(2.0).exp(); // (16, 32): 512 floats, a reused buffer
    kept.add(StepFunction.keep(scores));
    leaked.add(h.add(1.0));
    return scores.sum();
  }

  @Test
  void keptTensorsKeepTheirValuesAndOthersStillExpire() {
    List<Tensor> kept = new ArrayList<>();
    List<Tensor> leaked = new ArrayList<>();
    StepFunction fn = new StepFunction(in -> body(in.get(0), kept, leaked));
    List<Tensor> eagerKept = new ArrayList<>();
    List<Tensor> eagerLeaked = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 6; i++) {
      Tensor x = Tensor.randomUniform(Shape.of(16, 24), -1, 1, 10 + i);
      float traced = fn.call(x).floatValue();
      float eager = body(x, eagerKept, eagerLeaked).floatValue();
      assertEquals(eager, traced, 0f, "step " + i);
      if (i == 2) {
        bytes = fn.bufferBytes();
      } else if (i > 2) {
        // the kept buffer leaves the plan and the next call takes a fresh one: nothing grows
        assertEquals(bytes, fn.bufferBytes(), "step " + i);
      }
    }
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(eagerKept.get(i).toFloatArray(), kept.get(i).toFloatArray(), 0f);
      int k = i;
      assertThrows(IllegalStateException.class, () -> leaked.get(k).toFloatArray());
    }
  }

  @Test
  void keepingAnExpiredTensorIsRejectedAndOthersPassThrough() {
    List<Tensor> leaked = new ArrayList<>();
    StepFunction fn =
        new StepFunction(in -> {
          Tensor h = in.get(0).matmul(W);
          leaked.add(h);
          // inputs and variables are not the call's: keep returns them as they are
          assertSame(in.get(0), StepFunction.keep(in.get(0)));
          assertSame(W, StepFunction.keep(W));
          return null;
        });
    fn.call(Tensor.randomUniform(Shape.of(16, 24), -1, 1, 3));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> StepFunction.keep(leaked.get(0)));
    assertTrue(e.getMessage().startsWith("StepFunction.keep: "), e.getMessage());
  }
}
