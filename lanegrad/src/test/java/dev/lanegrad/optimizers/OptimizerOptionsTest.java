package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The new optimizers' first steps computed by hand from Keras 2.15's formulas, clipping's edge
 * cases, and every bad hyper-parameter rejected by name.
 */
class OptimizerOptionsTest {
  private static Variable var(float... v) {
    return Variable.builder(v).build();
  }

  private static Tensor t(float... v) {
    return Tensor.of(v);
  }

  @Test
  void firstStepsByHand() {
    // Keras's RMSprop docstring: var1 = 10, loss = var1^2 / 2, lr 0.1, one minimize: 9.683772
    Variable w = var(10f);
    new RMSprop(0.1).minimize(() -> w.square().div(2f), List.of(w));
    assertEquals(9.683772f, w.toFloatArray()[0], 1e-6f);
    // Adagrad from w = 1, g = 1, lr 0.1: accumulator 0.1 + 1, w = 1 - 0.1 / sqrt(1.1 + 1e-7)
    Variable a = var(1f);
    Adagrad adagrad = new Adagrad(0.1);
    adagrad.applyGradients(List.of(t(1f)), List.of(a));
    assertEquals(1 - 0.1 / Math.sqrt(1.1 + 1e-7), a.toFloatArray()[0], 1e-7);
    assertArrayEquals(new float[] {1.1f}, adagrad.slot(a, "accumulator").toFloatArray());
    // Adamax's first step: m = 0.1 g, u = |g|: w moves by lr * 0.1 g / (0.1 (|g| + eps)) ~ lr
    Variable x = var(1f, -1f);
    new Adamax(0.02).applyGradients(List.of(t(3f, -0.5f)), List.of(x));
    assertArrayEquals(new float[] {0.98f, -0.98f}, x.toFloatArray(), 1e-6f);
    // AdamW with a zero gradient: Adam's step is 0 / (0 + eps) = 0, only the decay moves w
    Variable d = var(1f, -2f);
    new AdamW(0.001, 0.004).applyGradients(List.of(t(0f, 0f)), List.of(d));
    assertArrayEquals(
        new float[] {1f - 1f * 0.004f * 0.001f, -2f - -2f * 0.004f * 0.001f}, d.toFloatArray());
    // Nadam's first step: u_1 = 0.9 (1 - 0.48) = 0.468, u_2 = 0.9 (1 - 0.5 * 0.9216) = 0.49528,
    // m = 0.1 g, v = 0.001 g^2; mHat = u_2 m / (1 - u_1 u_2) + (1 - u_1) g / (1 - u_1),
    // vHat = g^2: w = 1 - lr (u_2 0.1 / (1 - u_1 u_2) + 1) g / (|g| + eps)
    Variable n = var(1f);
    new Nadam(0.01).applyGradients(List.of(t(2f)), List.of(n));
    double u1 = 0.468;
    double u2 = 0.9 * (1 - 0.5 * 0.96 * 0.96);
    double mHat = u2 * 0.2 / (1 - u1 * u2) + 2;
    assertEquals(1 - 0.01 * mHat / (2 + 1e-7), n.toFloatArray()[0], 1e-6);
    // AMSGrad keeps the larger second moment: after a big then a small gradient, vhat > v
    Variable s = var(0f);
    Adam ams = Adam.builder().learningRate(0.1).amsgrad(true).build();
    ams.applyGradients(List.of(t(10f)), List.of(s));
    ams.applyGradients(List.of(t(0.001f)), List.of(s));
    float v = ams.slot(s, "v").toFloatArray()[0];
    float vhat = ams.slot(s, "vhat").toFloatArray()[0];
    assertEquals(0.1f, vhat, 1e-6f); // 0.001 * 100, the first step's v
    assertTrue(v < vhat, v + " < " + vhat);
  }

  @Test
  void clippingByHand() {
    // clipNorm 1 on [3, 4]: norm 5, g = [0.6, 0.8]; SGD lr 1 subtracts it
    Variable w = var(0f, 0f);
    Tensor g = t(3f, 4f);
    SGD.builder().learningRate(1).clipNorm(1).build().applyGradients(List.of(g), List.of(w));
    assertArrayEquals(new float[] {-0.6f, -0.8f}, w.toFloatArray(), 1e-7f);
    assertArrayEquals(new float[] {3f, 4f}, g.toFloatArray(), "the gradient itself is unchanged");
    // under the norm the gradient stays (g * c / c)
    Variable u = var(0f);
    SGD.builder().learningRate(1).clipNorm(10).build().applyGradients(List.of(t(3f)), List.of(u));
    assertArrayEquals(new float[] {-3f}, u.toFloatArray());
    // globalClipNorm 1 over [3] and [4]: joint norm 5, each scaled by 1/5
    Variable a = var(0f);
    Variable b = var(0f);
    SGD.builder()
        .learningRate(1)
        .globalClipNorm(1)
        .build()
        .applyGradients(List.of(t(3f), t(4f)), List.of(a, b));
    assertArrayEquals(new float[] {-0.6f}, a.toFloatArray(), 1e-7f);
    assertArrayEquals(new float[] {-0.8f}, b.toFloatArray(), 1e-7f);
    // clipValue 0.5
    Variable c = var(0f, 0f, 0f);
    SGD.builder()
        .learningRate(1)
        .clipValue(0.5)
        .build()
        .applyGradients(List.of(t(-2f, 0.1f, 3f)), List.of(c));
    assertArrayEquals(new float[] {0.5f, -0.1f, -0.5f}, c.toFloatArray());
    // Keras applies one rule: clipNorm first, and clipValue is then ignored
    Variable p = var(0f, 0f);
    SGD.builder()
        .learningRate(1)
        .clipNorm(1)
        .clipValue(0.1)
        .build()
        .applyGradients(List.of(t(3f, 4f)), List.of(p));
    assertArrayEquals(new float[] {-0.6f, -0.8f}, p.toFloatArray(), 1e-7f);
    // float64 gradients clip in float64
    Variable d = Variable.of(new double[] {0, 0});
    SGD.builder()
        .learningRate(1)
        .clipNorm(1)
        .build()
        .applyGradients(List.of(Tensor.of(new double[] {3, 4})), List.of(d));
    assertArrayEquals(new double[] {-0.6, -0.8}, d.toDoubleArray(), 1e-16);
  }

  @Test
  void clippingEdgeCases() {
    for (Supplier<Optimizer> s :
        List.<Supplier<Optimizer>>of(
            () -> SGD.builder().learningRate(1).clipNorm(1).build(),
            () -> SGD.builder().learningRate(1).globalClipNorm(3).build(),
            () -> SGD.builder().learningRate(1).clipValue(1).build())) {
      // a zero gradient norm: no NaN, nothing moves (TF's two-tap where; 1/0 = inf in the min)
      Variable w = var(2f, -1f);
      Optimizer opt = s.get();
      opt.applyGradients(List.of(t(0f, 0f)), List.of(w));
      assertArrayEquals(new float[] {2f, -1f}, w.toFloatArray(), opt.toString());
      // a null gradient leaves its variable alone and takes no part in the global norm
      Variable a = var(1f);
      Variable b = var(5f);
      opt.applyGradients(Arrays.asList(null, t(0.5f)), List.of(a, b));
      assertArrayEquals(new float[] {1f}, a.toFloatArray(), opt.toString());
      assertArrayEquals(new float[] {4.5f}, b.toFloatArray(), opt.toString());
    }
    // a non-finite global norm makes every gradient NaN, as TF's clip_by_global_norm does
    Variable a = var(1f);
    Variable b = var(1f);
    SGD.builder()
        .learningRate(1)
        .globalClipNorm(1)
        .build()
        .applyGradients(List.of(t(Float.POSITIVE_INFINITY), t(1f)), List.of(a, b));
    assertTrue(Float.isNaN(b.toFloatArray()[0]));
    // weight decay only touches variables that have a gradient
    Variable kept = var(3f);
    Variable decayed = var(3f);
    SGD.builder()
        .learningRate(0.5)
        .weightDecay(0.1)
        .build()
        .applyGradients(Arrays.asList(null, t(0f)), List.of(kept, decayed));
    assertArrayEquals(new float[] {3f}, kept.toFloatArray());
    assertArrayEquals(new float[] {3f - 3f * 0.1f * 0.5f}, decayed.toFloatArray());
  }

  private static void rejects(String message, Supplier<Optimizer> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertEquals(message, e.getMessage());
  }

  @Test
  void badHyperParametersAreRejectedByName() {
    rejects(
        "RMSprop: learningRate must be a finite number >= 0, got -0.1",
        () -> RMSprop.builder().learningRate(-0.1).build());
    rejects("RMSprop: rho must be in [0, 1], got 1.5", () -> RMSprop.builder().rho(1.5).build());
    rejects(
        "RMSprop: momentum must be in [0, 1], got -0.1",
        () -> RMSprop.builder().momentum(-0.1).build());
    rejects(
        "RMSprop: epsilon must be a finite number >= 0, got NaN",
        () -> RMSprop.builder().epsilon(Double.NaN).build());
    rejects(
        "Adagrad: initialAccumulatorValue must be a finite number >= 0, got -1.0",
        () -> Adagrad.builder().initialAccumulatorValue(-1).build());
    rejects(
        "Adagrad: epsilon must be a finite number >= 0, got Infinity",
        () -> Adagrad.builder().epsilon(Double.POSITIVE_INFINITY).build());
    rejects(
        "Adamax: beta1 and beta2 must be in [0, 1), got beta1=1.0, beta2=0.999",
        () -> Adamax.builder().beta1(1).build());
    rejects(
        "Nadam: beta1 and beta2 must be in [0, 1), got beta1=0.9, beta2=-0.5",
        () -> Nadam.builder().beta2(-0.5).build());
    rejects(
        "AdamW: weightDecay must be a finite number >= 0 (0: none), got -0.01",
        () -> new AdamW(0.001, -0.01));
    rejects(
        "AdamW: learningRate must be a finite number >= 0, got NaN",
        () -> new AdamW(Double.NaN, 0));
    rejects(
        "Adam: beta1 and beta2 must be in [0, 1), got beta1=0.9, beta2=1.0",
        () -> Adam.builder().amsgrad(true).beta2(1).build());
    rejects(
        "SGD: clipNorm must be a finite number >= 0 (0: none), got -1.0",
        () -> SGD.builder().clipNorm(-1).build());
    rejects(
        "Nadam: clipValue must be a finite number >= 0 (0: none), got NaN",
        () -> Nadam.builder().clipValue(Double.NaN).build());
    rejects(
        "Adagrad: globalClipNorm must be a finite number >= 0 (0: none), got Infinity",
        () -> Adagrad.builder().globalClipNorm(Double.POSITIVE_INFINITY).build());
    rejects(
        "Adamax: at most one of clipNorm and globalClipNorm can be set, got clipNorm=1.0,"
            + " globalClipNorm=2.0",
        () -> Adamax.builder().clipNorm(1).globalClipNorm(2).build());
    rejects(
        "RMSprop: weightDecay must be a finite number >= 0 (0: none), got -1.0",
        () -> RMSprop.builder().weightDecay(-1).build());
  }

  @Test
  void defaultsSlotsAndOptionsAreKeras() {
    RMSprop r = new RMSprop();
    assertEquals(0.001, r.learningRate());
    assertEquals(0.9, r.rho());
    assertEquals(0.0, r.momentum());
    assertEquals(1e-7, r.epsilon());
    assertEquals(List.of("velocity"), r.slotNames());
    assertEquals(
        List.of("velocity", "momentum", "average_gradient"),
        RMSprop.builder().momentum(0.9).centered(true).build().slotNames());
    Adagrad a = new Adagrad();
    assertEquals(0.1, a.initialAccumulatorValue());
    assertEquals(List.of("accumulator"), a.slotNames());
    AdamW w = new AdamW();
    assertEquals(0.004, w.weightDecay());
    assertEquals(0.001, w.learningRate());
    assertEquals(List.of("m", "v"), w.slotNames());
    assertEquals(List.of("m", "u"), new Adamax().slotNames());
    assertEquals(List.of("m", "v"), new Nadam().slotNames());
    assertEquals(List.of("m", "v", "vhat"), Adam.builder().amsgrad(true).build().slotNames());
    SGD s = SGD.builder().clipNorm(1).clipValue(2).weightDecay(0.5).learningRate(0.2).build();
    assertEquals(1.0, s.clipNorm());
    assertEquals(2.0, s.clipValue());
    assertEquals(0.0, s.globalClipNorm());
    assertEquals(0.5, s.weightDecay());
    assertTrue(s.toString().contains("clipNorm=1.0, clipValue=2.0, weightDecay=0.5"), s.toString());
    // a forgotten accumulator restarts at the initial value, as before the first step
    Variable v = var(1f);
    Adagrad g = Adagrad.builder().initialAccumulatorValue(0.5).build();
    assertNull(g.slot(v, "accumulator"));
    g.applyGradients(List.of(t(1f)), List.of(v));
    g.setSlot(v, "accumulator", null);
    g.applyGradients(List.of(t(2f)), List.of(v));
    assertArrayEquals(new float[] {4.5f}, g.slot(v, "accumulator").toFloatArray());
  }
}
