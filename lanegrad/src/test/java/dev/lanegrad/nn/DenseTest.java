package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenseTest {
  private static final float[][] KERNEL = {{1, 2}, {3, 4}, {5, 6}};
  private static final Tensor X = Tensor.of(new float[][] {{1, 1, 1}, {1, 0, -1}});

  private static Dense dense(Activation a) {
    return Dense.builder(2)
        .activation(a)
        .kernelInitializer(Initializers.constant(KERNEL))
        .biasInitializer(Initializers.constant(new float[] {0.5f, -0.5f}))
        .build();
  }

  @Test
  void forwardWithAGivenKernel() {
    // x · K = [[9, 12], [-4, -4]]; + b = [[9.5, 11.5], [-3.5, -4.5]]
    assertArrayEquals(
        new float[] {9.5f, 11.5f, -3.5f, -4.5f}, dense(Activation.LINEAR).apply(X).toFloatArray());
    assertArrayEquals(
        new float[] {9.5f, 11.5f, 0f, 0f}, dense(Activation.RELU).apply(X).toFloatArray());
    Tensor y = dense(Activation.LINEAR).apply(X);
    assertEquals(Shape.of(2, 2), y.shape());
    assertEquals(DType.FLOAT32, y.dtype());
  }

  @Test
  void everyActivation() {
    float[] z = {9.5f, 11.5f, -3.5f, -4.5f};
    float[] sig = dense(Activation.SIGMOID).apply(X).toFloatArray();
    float[] tanh = dense(Activation.TANH).apply(X).toFloatArray();
    float[] soft = dense(Activation.SOFTMAX).apply(X).toFloatArray();
    for (int i = 0; i < 4; i++) {
      assertEquals(1 / (1 + Math.exp(-z[i])), sig[i], 1e-6);
      assertEquals(Math.tanh(z[i]), tanh[i], 1e-6);
    }
    // softmax over the last axis: rows [9.5, 11.5] and [-3.5, -4.5]
    double e2 = Math.exp(2);
    assertEquals(1 / (1 + e2), soft[0], 1e-6);
    assertEquals(e2 / (1 + e2), soft[1], 1e-6);
    assertEquals(Math.E / (1 + Math.E), soft[2], 1e-6);
  }

  @Test
  void gradientsFlowToKernelAndBias() {
    Dense d = dense(Activation.LINEAR);
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = d.apply(X).sum();
    }
    List<Tensor> g = tape.gradient(loss, d.trainableVariables());
    // dL/dK = x^T · ones: row i holds the batch sum of x[:, i]; dL/db = batch size
    assertArrayEquals(new float[] {2, 2, 1, 1, 0, 0}, g.get(0).toFloatArray());
    assertArrayEquals(new float[] {2, 2}, g.get(1).toFloatArray());

    Dense r = dense(Activation.RELU);
    GradientTape tape2 = new GradientTape();
    try (tape2) {
      loss = r.apply(X).sum();
    }
    g = tape2.gradient(loss, r.trainableVariables());
    // only the first row is active
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, g.get(0).toFloatArray());
    assertArrayEquals(new float[] {1, 1}, g.get(1).toFloatArray());
  }

  @Test
  void seed001DenseReluOnOneRow() {
    // seed 001: layer = Dense(2, activation='relu'); x = [[1., 2., 3.]]; loss = mean(y**2)
    Utils.clearSession();
    Dense layer = new Dense(2, Activation.RELU);
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
    GradientTape tape = new GradientTape();
    Tensor loss;
    Tensor y;
    try (tape) {
      y = layer.apply(x);
      loss = y.square().mean();
    }
    List<Tensor> grad = tape.gradient(loss, layer.trainableVariables());
    assertEquals("dense/kernel:0", layer.trainableVariables().get(0).name());
    assertEquals(Shape.of(3, 2), grad.get(0).shape());
    assertEquals(Shape.of(2), grad.get(1).shape());
    // d mean(y^2)/db_j = y_j (2 units, mean over 2): relu' where y > 0
    float[] yv = y.toFloatArray();
    assertArrayEquals(yv, grad.get(1).toFloatArray(), 1e-6f);
  }

  @Test
  void higherRankInputUsesTheLastAxis() {
    Dense d = dense(Activation.LINEAR);
    Tensor x3 = Tensor.of(new float[][][] {{{1, 1, 1}, {1, 0, -1}}, {{0, 0, 0}, {1, 0, 0}}});
    Tensor y = d.apply(x3);
    assertEquals(Shape.of(2, 2, 2), y.shape());
    assertArrayEquals(
        new float[] {9.5f, 11.5f, -3.5f, -4.5f, 0.5f, -0.5f, 1.5f, 1.5f}, y.toFloatArray());
  }

  @Test
  void castsInputToFloat32() {
    Tensor xi = Tensor.of(new int[][] {{1, 1, 1}, {1, 0, -1}});
    assertArrayEquals(
        new float[] {9.5f, 11.5f, -3.5f, -4.5f}, dense(Activation.LINEAR).apply(xi).toFloatArray());
    Tensor xd = Tensor.of(new double[][] {{1, 1, 1}});
    assertEquals(DType.FLOAT32, dense(Activation.LINEAR).apply(xd).dtype());
  }

  @Test
  void glorotUniformBoundsAndDefaults() {
    Dense d = Dense.builder(30).inputShape(20).build();
    double limit = Math.sqrt(6.0 / (20 + 30));
    float[] k = d.kernel().toFloatArray();
    double maxAbs = 0;
    double sum = 0;
    for (float v : k) {
      assertTrue(Math.abs(v) <= limit, v + " outside ±" + limit);
      maxAbs = Math.max(maxAbs, Math.abs(v));
      sum += v;
    }
    assertTrue(maxAbs > 0.9 * limit, "600 draws should come near the limit: " + maxAbs);
    assertEquals(0, sum / k.length, 0.05, "mean of a symmetric uniform");
    assertArrayEquals(new float[30], d.bias().toFloatArray());
    assertEquals(Shape.of(20, 30), d.kernel().shape());
    assertEquals(Activation.LINEAR, d.activation());
    assertEquals(30, d.units());
  }

  @Test
  void fans() {
    assertArrayEquals(new double[] {3, 4}, Initializers.fans(Shape.of(3, 4)));
    assertArrayEquals(new double[] {5, 5}, Initializers.fans(Shape.of(5)));
    assertArrayEquals(new double[] {3 * 6, 4 * 6}, Initializers.fans(Shape.of(2, 3, 3, 4)));
  }

  @Test
  void kernelsDifferUnlessSeeded() {
    float[] a = Dense.builder(4).inputShape(4).build().kernel().toFloatArray();
    float[] b = Dense.builder(4).inputShape(4).build().kernel().toFloatArray();
    assertFalse(Arrays.equals(a, b));
    float[] s1 =
        Dense.builder(4)
            .kernelInitializer(Initializers.glorotUniform(7))
            .inputShape(4)
            .build()
            .kernel()
            .toFloatArray();
    float[] s2 =
        Dense.builder(4)
            .kernelInitializer(Initializers.glorotUniform(7))
            .inputShape(4)
            .build()
            .kernel()
            .toFloatArray();
    assertArrayEquals(s1, s2);
    Utils.setRandomSeed(42);
    float[] g1 = Dense.builder(4).inputShape(4).build().kernel().toFloatArray();
    Utils.setRandomSeed(42);
    float[] g2 = Dense.builder(4).inputShape(4).build().kernel().toFloatArray();
    assertArrayEquals(g1, g2);
  }

  @Test
  void builderOptions() {
    Dense d = Dense.builder(3).useBias(false).inputShape(2).build();
    assertTrue(d.built());
    assertNull(d.bias());
    assertEquals(1, d.variables().size());
    Dense lazy = new Dense(3);
    assertFalse(lazy.built());
    assertNull(lazy.kernel());
    lazy.apply(Tensor.of(new float[][] {{1, 2}}));
    assertNotNull(lazy.kernel());
    assertEquals(Shape.of(2, 3), lazy.kernel().shape());
  }

  @Test
  void badInput() {
    Utils.clearSession();
    Dense d = new Dense(2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> d.apply(Tensor.of(new float[] {1, 2, 3})));
    assertEquals(
        "Input 0 of layer \"dense\" is incompatible with the layer: expected min_ndim=2,"
            + " found ndim=1. Full shape received: (3,)",
        e.getMessage());
    assertFalse(d.built());
    d.apply(X);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> d.apply(Tensor.of(new float[][] {{1, 2, 3, 4}})));
    assertEquals(
        "Input 0 of layer \"dense\" is incompatible with the layer: expected axis -1 of"
            + " input shape to have value 3 (kernel shape (3, 2)), but received input with shape"
            + " (1, 4)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
    assertTrue(e.getMessage().contains("units=0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Dense(-3, Activation.RELU));
    assertThrows(IllegalArgumentException.class, () -> Dense.builder(2).inputShape());
    assertThrows(IllegalArgumentException.class, () -> Dense.builder(2).activation(null));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> d.apply(Tensor.of(new boolean[][] {{true, false, true}})));
    assertTrue(
        e.getMessage().contains("bool") && e.getMessage().contains("(1, 3)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Dense.builder(2)
                    .kernelInitializer(Initializers.constant(new float[] {1, 2}))
                    .inputShape(3)
                    .build());
    assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
  }

  @Test
  void variablesAreWatchedAutomatically() {
    Dense d = dense(Activation.LINEAR);
    d.apply(X);
    Variable k = d.kernel();
    assertTrue(k.trainable());
  }

  /** The number of entries a tape has recorded, read through its internals as FuzzTest does. */
  private static int recorded(GradientTape t) throws ReflectiveOperationException {
    java.lang.reflect.Field f = GradientTape.class.getDeclaredField("tape");
    f.setAccessible(true);
    Object tape = f.get(t);
    java.lang.reflect.Field e = tape.getClass().getDeclaredField("entries");
    e.setAccessible(true);
    return ((List<?>) e.get(tape)).size();
  }

  private static void rejects(String fragment, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  /**
   * Issue 7: a rejected call leaves every tape as it was. The inputs are FLOAT64 and watched, so
   * the cast to float32 (and the first layer of a stack) would be recorded if they ran before the
   * check that rejects the call; an unbuilt layer stays unbuilt.
   */
  @Test
  void aRejectedApplyLeavesARecordingTapeAsItWas() throws Exception {
    Dense built = dense(Activation.RELU); // kernel (3, 2)
    Dense unbuilt = new Dense(2);
    Dense first = dense(Activation.LINEAR); // (.., 3) -> (.., 2)
    Dense second = Dense.builder(1).inputShape(5).build(); // wants (.., 5)
    Sequential model = new Sequential(first, second);
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0.5, -1, 2}});
    Tensor wide = Tensor.of(new double[][] {{1, 2, 3, 4}});
    Tensor flat = Tensor.of(new double[] {1, 2, 3});
    Tensor bools = Tensor.of(new boolean[][] {{true, false, true}});
    GradientTape tape = new GradientTape(true);
    List<Tensor> before;
    Tensor loss;
    try (tape) {
      tape.watch(x, wide, flat);
      loss = built.apply(x).square().sum();
      before = tape.gradient(loss, List.of(x, built.kernel(), built.bias()));
      int entries = recorded(tape);

      rejects("expected axis -1 of input shape to have value 3", () -> built.apply(wide));
      rejects("found ndim=1", () -> built.apply(flat));
      rejects("bool", () -> unbuilt.apply(bools));
      rejects("expected axis -1 of input shape to have value 5", () -> model.apply(x));
      rejects("expected axis -1 of input shape to have value 5", () -> model.predict(x));
      rejects("expected axis -1 of input shape to have value 5", () -> model.predict(x, 1));

      assertEquals(entries, recorded(tape), "entries on the tape after the rejected calls");
      assertFalse(unbuilt.built(), "a rejected first call builds nothing");
      assertTrue(unbuilt.variables().isEmpty());
      assertFalse(first.built(), "the stack's first layer never ran");
      assertFalse(model.built());
    }
    // the persistent tape answers as before the rejected calls, without an error
    List<Tensor> after = tape.gradient(loss, List.of(x, built.kernel(), built.bias()));
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i).toDoubleArray(), after.get(i).toDoubleArray(), "source " + i);
    }
    // hand-computed: y = relu(x K + b) = [[22.5, 27.5], [8, 8.5]] (all positive); dL/dy = 2y;
    // dL/dx = 2y K^T, row 0: 2 (22.5 + 2 * 27.5, 3 * 22.5 + 4 * 27.5, 5 * 22.5 + 6 * 27.5)
    assertArrayEquals(
        new double[] {155, 355, 555}, Arrays.copyOf(after.get(0).toDoubleArray(), 3), 1e-4);
  }
}
