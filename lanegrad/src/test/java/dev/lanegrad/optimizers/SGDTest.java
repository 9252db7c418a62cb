package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SGDTest {
  private static final Tensor G = Tensor.of(new float[] {0.5f, -1.0f});

  private static float[] steps(SGD opt, int n) {
    Variable w = Variable.of(new float[] {1f, -2f});
    for (int i = 0; i < n; i++) {
      opt.applyGradients(List.of(G), List.of(w));
    }
    return w.toFloatArray();
  }

  private static Tensor grad(Variable w) {
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = w.pow(2);
    }
    return tape.gradient(loss, w);
  }

  /** Seed 003: 50 SGD steps on w**2 from 5.0 at lr 0.1, float32 as TF computes it. */
  @Test
  void seed003FinalLossIsBitExact() {
    Variable w = Variable.of(5.0f);
    SGD optimizer = new SGD(0.1);
    List<Double> losses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Tensor g = grad(w);
      optimizer.applyGradients(List.of(g), List.of(w));
      losses.add(w.pow(2).doubleValue());
    }
    assertEquals(5.0925916816879635e-09, w.pow(2).doubleValue());
    assertEquals(50, optimizer.iterations());

    // the manual loop of the seed: w.assign(w - 0.1 * 2 * w), the same curve exactly
    Variable w2 = Variable.of(5.0f);
    for (int i = 0; i < 50; i++) {
      w2.assign(w2.sub(w2.mul(0.1 * 2)));
      assertEquals(losses.get(i), w2.pow(2).doubleValue(), "step " + i);
    }
    assertEquals(5.0925916816879635e-09, w2.pow(2).doubleValue());
  }

  @Test
  void plainThreeSteps() {
    // w = w - 0.1 * g: 1 → 0.95 → 0.9 → 0.85 and -2 → -1.9 → -1.8 → -1.7
    assertArrayEquals(new float[] {0.95f, -1.9f}, steps(new SGD(0.1), 1), 1e-6f);
    assertArrayEquals(new float[] {0.85f, -1.7f}, steps(new SGD(0.1), 3), 1e-6f);
  }

  @Test
  void momentumThreeSteps() {
    // v = 0.9 v - 0.1 g; w += v. g = 0.5: v = -0.05, -0.095, -0.1355; w = 0.95, 0.855, 0.7195
    SGD opt = new SGD(0.1, 0.9, false);
    assertArrayEquals(new float[] {0.95f, -1.9f}, steps(new SGD(0.1, 0.9, false), 1), 1e-6f);
    assertArrayEquals(new float[] {0.855f, -1.71f}, steps(new SGD(0.1, 0.9, false), 2), 1e-6f);
    assertArrayEquals(new float[] {0.7195f, -1.439f}, steps(opt, 3), 1e-6f);
    assertEquals(3, opt.iterations());
  }

  @Test
  void nesterovThreeSteps() {
    // v as momentum; w += 0.9 v - 0.1 g: w = 0.905, 0.7695, 0.59755 and -1.81, -1.539, -1.1951
    assertArrayEquals(new float[] {0.905f, -1.81f}, steps(new SGD(0.1, 0.9, true), 1), 1e-6f);
    assertArrayEquals(new float[] {0.7695f, -1.539f}, steps(new SGD(0.1, 0.9, true), 2), 1e-6f);
    assertArrayEquals(new float[] {0.59755f, -1.1951f}, steps(new SGD(0.1, 0.9, true), 3), 1e-6f);
  }

  @Test
  void float32ArithmeticAsTf() {
    // TF's kernel: var -= grad * lr in float32; lr = 0.1 rounds to float first
    Variable w = Variable.of(new float[] {0.3f});
    Tensor g = Tensor.of(new float[] {0.7f});
    new SGD(0.1).applyGradients(List.of(g), List.of(w));
    assertEquals(0.3f - 0.7f * 0.1f, w.toFloatArray()[0]);
  }

  @Test
  void float64Variables() {
    Variable w = Variable.of(new double[] {1.0});
    SGD opt = new SGD(0.1, 0.9, false);
    for (int i = 0; i < 3; i++) {
      opt.applyGradients(List.of(Tensor.of(new double[] {0.5})), List.of(w));
    }
    assertEquals(DType.FLOAT64, w.dtype());
    assertEquals(1 - 0.05 - 0.095 - 0.1355, w.doubleValue(), 1e-15);
  }

  @Test
  void stepsAlternateBetweenTwoArraysWhenUnshared() {
    Variable w = Variable.of(new float[] {1f, 2f});
    SGD opt = new SGD(0.1);
    opt.applyGradients(List.of(G), List.of(w)); // the initial array belongs to its tensor
    Object a = Internal.data(w);
    opt.applyGradients(List.of(G), List.of(w)); // first spare: a fresh array
    Object b = Internal.data(w);
    opt.applyGradients(List.of(G), List.of(w));
    assertSame(a, Internal.data(w), "a step on an unshared variable reuses the spare array");
    opt.applyGradients(List.of(G), List.of(w));
    assertSame(b, Internal.data(w), "and alternates: nothing is allocated after warm-up");
    Tensor held = w.readValue();
    opt.applyGradients(List.of(G), List.of(w));
    opt.applyGradients(List.of(G), List.of(w));
    assertNotSame(Internal.data(held), Internal.data(w), "a held array is never reused");
  }

  @Test
  void snapshotKeepsItsValue() {
    Variable w = Variable.of(new float[] {1f, -2f});
    SGD opt = new SGD(0.1);
    opt.applyGradients(List.of(G), List.of(w));
    Tensor before = w.readValue();
    opt.applyGradients(List.of(G), List.of(w));
    assertArrayEquals(new float[] {0.95f, -1.9f}, before.toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {0.9f, -1.8f}, w.toFloatArray(), 1e-6f);
  }

  @Test
  void taperecordedValueKeepsItsValue() {
    Variable w = Variable.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = w.mul(w);
    }
    new SGD(1).applyGradients(List.of(Tensor.of(1f)), List.of(w));
    assertEquals(2f, w.floatValue());
    // the tape saw w = 3: dy/dw = 2 * 3
    assertEquals(6f, tape.gradient(y, w).floatValue());
  }

  @Test
  void gradientMayBeTheVariableItself() {
    Variable w = Variable.of(new float[] {1f, 2f});
    new SGD(0.5).applyGradients(List.of(w), List.of(w));
    assertArrayEquals(new float[] {0.5f, 1f}, w.toFloatArray());
  }

  @Test
  void badHyperParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
    assertTrue(
        e.getMessage().contains("learningRate") && e.getMessage().contains("-0.1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SGD(Double.NaN));
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5, false));
    assertTrue(
        e.getMessage().contains("momentum") && e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, -0.1, true));
    assertEquals(0.01, new SGD().learningRate());
    assertEquals(0.9, new SGD(0.1, 0.9, true).momentum());
  }
}
