package dev.lanegrad.internal.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A non-persistent tape leases the arrays of the variables it records and gives them back when its
 * gradient is done, so that a tape-recorded training step alternates between two arrays per
 * variable instead of allocating one per step; every case where someone else may still see the
 * array keeps it.
 */
class TapeLeaseTest {
  private static final Tensor X = Tensor.of(new float[] {1f, -2f});

  /** One step of loss = sum(w * x): dloss/dw = x. */
  private static void step(Variable w, SGD opt) {
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = w.mul(X).sum();
    }
    opt.applyGradients(tape.gradient(loss, List.of(w)), List.of(w));
  }

  @Test
  void tapeRecordedStepsAlternateBetweenTwoArrays() {
    Variable w = Variable.of(new float[] {3f, 4f});
    SGD opt = new SGD(0.5);
    step(w, opt); // the initial array belongs to its tensor
    step(w, opt); // the first spare: a fresh array
    Object a = Internal.data(w);
    step(w, opt);
    Object b = Internal.data(w);
    step(w, opt);
    assertSame(a, Internal.data(w), "the tape gave the array back: the update reuses it");
    step(w, opt);
    assertSame(b, Internal.data(w), "and alternates: no array is allocated per step");
    // w -= 0.5 * x, five times: 3 - 2.5, 4 + 5
    assertArrayEquals(new float[] {0.5f, 9f}, w.toFloatArray());
  }

  @Test
  void anArrayATapeStillHoldsIsNotReused() {
    Variable w = Variable.of(3f);
    SGD opt = new SGD(1);
    opt.applyGradients(List.of(Tensor.of(1f)), List.of(w)); // w = 2, an array of its own
    opt.applyGradients(List.of(Tensor.of(1f)), List.of(w)); // w = 1, the first spare
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = w.mul(w);
    }
    Object seen = Internal.data(w);
    // two updates before the gradient: the leased array must survive both
    opt.applyGradients(List.of(Tensor.of(1f)), List.of(w));
    opt.applyGradients(List.of(Tensor.of(1f)), List.of(w));
    assertNotSame(seen, Internal.data(w));
    assertEquals(-1f, w.floatValue());
    assertEquals(2f, tape.gradient(y, w).floatValue(), "the tape saw w = 1: dy/dw = 2 * 1");
  }

  @Test
  void aPersistentTapeKeepsItsArrays() {
    Variable w = Variable.of(3f);
    SGD opt = new SGD(1);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      y = w.mul(w);
    }
    assertEquals(6f, tape.gradient(y, w).floatValue());
    for (int i = 0; i < 4; i++) {
      opt.applyGradients(List.of(Tensor.of(1f)), List.of(w));
    }
    assertEquals(-1f, w.floatValue());
    assertEquals(6f, tape.gradient(y, w).floatValue(), "still the value it recorded: 2 * 3");
  }

  @Test
  void anOuterTapeRecordingTheGradientKeepsTheArrays() {
    // second order: d2(w^3)/dw2 = 6w at w = 2, the update of w between the two gradients
    Variable w = Variable.of(2f);
    SGD opt = new SGD(1);
    GradientTape outer = new GradientTape();
    Tensor g;
    try (outer) {
      GradientTape inner = new GradientTape();
      Tensor y;
      try (inner) {
        y = w.mul(w).mul(w);
      }
      g = inner.gradient(y, w);
    }
    assertEquals(12f, g.floatValue());
    for (int i = 0; i < 4; i++) {
      opt.applyGradients(List.of(Tensor.of(1f)), List.of(w));
    }
    assertEquals(12f, outer.gradient(g, w).floatValue(), "6 * 2: the values both tapes saw");
  }

  @Test
  void aHeldSnapshotIsNotReused() {
    Variable w = Variable.of(new float[] {3f, 4f});
    SGD opt = new SGD(0.5);
    step(w, opt);
    step(w, opt);
    Tensor held = w.readValue();
    float[] before = held.toFloatArray();
    for (int i = 0; i < 4; i++) {
      step(w, opt);
    }
    assertArrayEquals(before, held.toFloatArray(), "a tensor never changes");
  }
}
