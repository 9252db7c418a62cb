package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.metrics.MeanMetricWrapper;
import dev.lanegrad.nn.MicroBatches;
import dev.lanegrad.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call rejected with IllegalArgumentException/IllegalStateException leaves an enclosing recording
 * tape as it found it: the same entries (counted as FuzzTest counts them), the same watched
 * variables, the same gradients. MicroBatches.update runs a user's function and minimize a loss and
 * its gradient before they can find out that the input is bad, so they roll the tapes back.
 */
class RejectedCallTapeTest {

  @Test
  void rejectedUpdateLeavesTheTape() {
    Variable w = Variable.of(new double[] {1, 2});
    Variable other = Variable.of(new double[] {5, 7});
    try (GradientTape tape = new GradientTape(true)) {
      Tensor y = w.square().sum(); // dy/dw = 2w = [2, 4]
      int before = FuzzTest.entries(tape);
      assertTrue(before > 0);
      List<Variable> watched = tape.watchedVariables();
      assertEquals(List.of(w), watched);
      // the function records a mul that reads another trainable variable, then returns a scalar
      // for a (2,) variable: assign rejects it
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> MicroBatches.update(w, m -> m.mul(other).sum()));
      assertTrue(e.getMessage().contains("assign"), e.getMessage());
      assertEquals(before, FuzzTest.entries(tape));
      assertEquals(List.of(w), tape.watchedVariables());
      assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), 0);
      assertArrayEquals(new double[] {2, 4}, tape.gradient(y, w).toDoubleArray(), 0);

      // an accepted update records: the rollback is not a pause
      MicroBatches.update(w, m -> m.mul(other));
      assertTrue(FuzzTest.entries(tape) > before);
      assertArrayEquals(new double[] {5, 14}, w.toDoubleArray(), 0);
      assertTrue(tape.watchedVariables().contains(other));
    }
  }

  @Test
  void rejectedMinimizeLeavesTheTape() {
    Variable w = Variable.of(new double[] {1, 2});
    Variable unused = Variable.of(new double[] {3});
    SGD sgd = new SGD(0.1);
    try (GradientTape tape = new GradientTape(true)) {
      Tensor y = w.mul(3.0).sum(); // dy/dw = [3, 3]
      int before = FuzzTest.entries(tape);
      // the loss does not reach the one variable listed: no gradient for any variable
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> sgd.minimize(() -> w.square().sum(), List.of(unused)));
      assertTrue(e.getMessage().contains("No gradients"), e.getMessage());
      assertEquals(before, FuzzTest.entries(tape));
      // the loss function records, then returns null
      assertThrows(
          IllegalArgumentException.class,
          () ->
              sgd.minimize(
                  () -> {
                    w.square();
                    return null;
                  },
                  List.of(w)));
      assertEquals(before, FuzzTest.entries(tape));
      assertEquals(List.of(w), tape.watchedVariables());
      assertEquals(0, sgd.iterations());
      assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), 0);
      assertArrayEquals(new double[] {3, 3}, tape.gradient(y, w).toDoubleArray(), 0);

      // an accepted minimize: w - 0.1 * 2w = [0.8, 1.6], and the loss is recorded
      sgd.minimize(() -> w.square().sum(), List.of(w));
      assertTrue(FuzzTest.entries(tape) > before);
      assertArrayEquals(new double[] {0.8, 1.6}, w.toDoubleArray(), 1e-15);
    }
  }

  @Test
  void rejectedMovingAverageAndMetricLeaveTheTape() {
    Variable w = Variable.of(new double[] {1, 2});
    try (GradientTape tape = new GradientTape(true)) {
      Tensor y = w.square().sum();
      int before = FuzzTest.entries(tape);
      // a (3,) value does not broadcast to the (2,) variable: the mul on w is forgotten
      assertThrows(
          IllegalArgumentException.class,
          () -> MicroBatches.movingAverage(w, Tensor.of(new double[] {1, 1, 1}), 0.5));
      assertEquals(before, FuzzTest.entries(tape));
      assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), 0);

      // a user's metric records w * yPred, then three weights for two values are rejected
      MeanMetricWrapper m = new MeanMetricWrapper("wp", (t, p) -> p.mul(w));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              m.updateState(
                  Tensor.of(new double[] {0, 0}),
                  Tensor.of(new double[] {1, 1}),
                  Tensor.of(new double[] {1, 1, 1})));
      assertEquals(before, FuzzTest.entries(tape));
      assertEquals(0.0, m.result(), 0);
      assertArrayEquals(new double[] {2, 4}, tape.gradient(y, w).toDoubleArray(), 0);

      // accepted: 0.5 w + 0.5 [3, 4] = [2, 3]
      MicroBatches.movingAverage(w, Tensor.of(new double[] {3, 4}), 0.5);
      assertArrayEquals(new double[] {2, 3}, w.toDoubleArray(), 0);
    }
  }
}
