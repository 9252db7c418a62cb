package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gradient cells of the seed notebooks (the TF tutorials ported whole in {@code src/examples}:
 * {@code Seed000Variables}, {@code Seed001Autodiff}, {@code Seed002MoreTape}, {@code
 * Seed004Basics}), asserting the values they print to the seed's float32 digits. Cells with Dense
 * layers are here with bare variables where the printed numbers follow from the printed values
 * alone; cells whose numbers depend on random weights that the notebook does not print are ported
 * with weights that reproduce the printed outputs (explained at each cell).
 */
class SeedGradientsTest {

  /** Float32 values as the seed prints them (shortest repr): equal within one float32 ulp or so. */
  static void assertF32(float[] expected, Tensor t) {
    assertNotNull(t, "gradient is null");
    assertEquals(DType.FLOAT32, t.dtype(), "dtype of " + t);
    float[] got = t.toFloatArray();
    assertEquals(expected.length, got.length, "size of " + t);
    for (int i = 0; i < got.length; i++) {
      assertEquals(
          expected[i], got[i], 4 * Math.ulp(expected[i]) + 1e-30f, "element " + i + " of " + t);
    }
  }

  static void assertF32(float expected, Tensor t) {
    assertF32(new float[] {expected}, t);
  }

  // ---------------------------------------------------------------- 000

  @Test
  void seed000_squareOfVariable() {
    Variable x = Variable.of(new float[] {3, 3});
    assertF32(new float[] {9, 9}, x.pow(2));
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.pow(2);
    }
    assertF32(new float[] {6, 6}, tape.gradient(y, x)); // [6. 6.]
  }

  @Test
  void seed000_gradientWithRespectToIntermediate() {
    Tensor x = Tensor.of(3f);
    GradientTape tape = new GradientTape();
    Tensor r;
    Tensor z;
    try (tape) {
      tape.watch(x);
      r = x.mul(x);
      z = r.mul(r);
    }
    assertF32(18f, tape.gradient(z, r)); // 18.0
  }

  @Test
  void seed000_controlFlowTargetIsAVariable() {
    Tensor x = Tensor.of(1f);
    Variable v0 = Variable.of(2f);
    Variable v1 = Variable.of(2f);
    GradientTape tape = new GradientTape(true);
    Tensor result;
    try (tape) {
      tape.watch(x);
      result = x.greater(0).booleanValue() ? v0 : v1.pow(2);
    }
    List<Tensor> g = tape.gradient(result, List.of(v0, v1));
    assertF32(1f, g.get(0)); // tf.Tensor(1.0, shape=(), dtype=float32) None
    assertNull(g.get(1));
  }

  @Test
  void seed000_yEqualsMxPlusB() {
    Tensor theX = Tensor.of(2f);
    Tensor theM = Tensor.of(2f);
    Tensor theB = Tensor.of(4f);
    assertF32(8f, theM.mul(theX).add(theB));
    GradientTape t1 = new GradientTape();
    Tensor y1;
    try (t1) {
      t1.watch(theX);
      y1 = theM.mul(theX).add(theB);
    }
    List<Tensor> g1 = t1.gradient(y1, List.of(theX));
    assertEquals(1, g1.size());
    assertF32(2f, g1.get(0));
    GradientTape t2 = new GradientTape();
    Tensor y2;
    try (t2) {
      t2.watch(theX);
      y2 = theB.mul(theX).add(theB); // yeqmxb(the_x, the_b, the_b)
    }
    assertF32(4f, t2.gradient(y2, theX));
    Tensor anotherX = Tensor.of(40f);
    Tensor anotherM = Tensor.of(30f);
    Tensor anotherB = Tensor.of(20f);
    GradientTape t3 = new GradientTape();
    Tensor y3;
    try (t3) {
      t3.watch(anotherX);
      y3 = anotherM.mul(anotherX).add(anotherB);
    }
    // the cell's text asks why it "returns None"; TF in fact answers [30.0]: x is watched
    assertF32(30f, t3.gradient(y3, List.of(anotherX)).get(0));
  }

  // ---------------------------------------------------------------- 001 and 002

  @Test
  void seed001and002_squareOfScalarVariable() {
    Variable x = Variable.of(4f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.pow(2);
    }
    assertF32(16f, y);
    Tensor g = tape.gradient(y, x);
    assertEquals(Shape.scalar(), g.shape());
    assertF32(8f, g);
  }

  @Test
  void seed001_matmulModel() {
    // the notebook prints w (random normal); b = ones; x = [[10, 20, 30, 40]]
    Variable w =
        Variable.of(
            new float[][] {
              {1.6781247f, 1.1388843f}, {0.22586143f, -2.206287f},
              {-0.32982063f, 1.4358617f}, {-0.37560588f, 1.3389487f}
            });
    Variable b = Variable.of(Tensor.ones(Shape.of(2), DType.FLOAT32));
    Variable x = Variable.of(new float[][] {{10, 20, 30, 40}});
    GradientTape tape = new GradientTape(true);
    Tensor loss;
    try (tape) {
      Tensor y = Ops.matmul(x, w).add(b);
      loss = Ops.reduceMean(y.pow(2));
    }
    List<Tensor> g = tape.gradient(loss, List.of(w, b));
    assertEquals(Shape.of(4, 2), g.get(0).shape());
    assertF32Near(
        new float[] {
          -26.203785f,
          648.96906f,
          -52.40757f,
          1297.9381f,
          -78.61136f,
          1946.9071f,
          -104.81514f,
          2595.8762f
        },
        g.get(0));
    assertEquals(Shape.of(2), g.get(1).shape());
    assertF32Near(new float[] {-2.6203785f, 64.896904f}, g.get(1));
  }

  /**
   * For values computed from a matmul of printed (rounded) weights: the notebook's own sums ran in
   * another order, so allow a few float32 ulps of the largest term (~2e-6 relative to it).
   */
  static void assertF32Near(float[] expected, Tensor t) {
    assertNotNull(t);
    assertEquals(DType.FLOAT32, t.dtype());
    float[] got = t.toFloatArray();
    assertEquals(expected.length, got.length);
    for (int i = 0; i < got.length; i++) {
      assertEquals(
          expected[i],
          got[i],
          2e-5 * Math.max(1, Math.abs(expected[i])),
          "element " + i + " of " + t);
    }
  }

  @Test
  void seed002_matmulModel() {
    // w is random and not printed; these weights give the printed y = x w + b = [-66.16483,
    // -8.044242]
    // (dl_db = 2 y / 2 = y), so the cell's dl_dw = x^T y and dl_db follow
    Variable w =
        Variable.of(
            new float[][] {{0, 0}, {0, 0}, {0, 0}, {(-66.16483f - 1) / 40, (-8.044242f - 1) / 40}});
    Variable b = Variable.of(Tensor.ones(Shape.of(2), DType.FLOAT32));
    Variable x = Variable.of(new float[][] {{10, 20, 30, 40}});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor loss;
    try (tape) {
      y = Ops.matmul(x, w).add(b);
      loss = Ops.reduceMean(y.pow(2));
    }
    List<Tensor> g = tape.gradient(loss, List.of(w, b));
    assertF32Near(
        new float[] {
          -661.6483f,
          -80.44242f,
          -1323.2966f,
          -160.88484f,
          -1984.945f,
          -241.32726f,
          -2646.5933f,
          -321.76968f
        },
        g.get(0));
    assertF32Near(new float[] {-66.16483f, -8.044242f}, g.get(1));
    // In [25]: tape.gradient(y, [w, b]) of the non-scalar y
    List<Tensor> gy = tape.gradient(y, List.of(w, b));
    assertF32(new float[] {10, 10, 20, 20, 30, 30, 40, 40}, gy.get(0));
    assertF32(new float[] {1, 1}, gy.get(1));
  }

  @Test
  void seed001_denseReluGradients() {
    // Dense(2, relu) on x = [[10, 20, 30]], loss = sum(y^2): the printed gradients say that unit 0
    // gave y0 = 60.147205 / 2 and unit 1 was cut by relu; a kernel with those outputs reproduces
    // them
    Tensor x = Tensor.of(new float[][] {{10, 20, 30}});
    Variable kernel = Variable.of(new float[][] {{3.00736025f, -1}, {0, -1}, {0, -1}});
    Variable bias = Variable.of(new float[] {0, 0});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      Tensor y = Ops.matmul(x, kernel).add(bias).relu();
      loss = Ops.reduceSum(y.pow(2));
    }
    List<Tensor> g = tape.gradient(loss, List.of(kernel, bias));
    assertEquals(Shape.of(3, 2), g.get(0).shape()); // dense/kernel:0, shape: (3, 2)
    assertEquals(Shape.of(2), g.get(1).shape()); // dense/bias:0, shape: (2,)
    assertF32Near(new float[] {601.47205f, 0, 1202.9441f, 0, 1804.4161f, 0}, g.get(0));
    assertF32Near(new float[] {60.147205f, 0}, g.get(1));
  }

  @Test
  void seed002_denseReluAllCut() {
    // Dense(2, relu) on x = [[10, 20, 30, 40]] printed all-zero gradients: every unit was cut by
    // relu. Zeros, not None: the gradient depends on the weights through relu's mask.
    Tensor x = Tensor.of(new float[][] {{10, 20, 30, 40}});
    Variable kernel = Variable.of(Tensor.fill(Shape.of(4, 2), -0.5f));
    Variable bias = Variable.of(new float[] {0, 0});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Ops.reduceSum(Ops.matmul(x, kernel).add(bias).relu().pow(2));
    }
    List<Tensor> g = tape.gradient(loss, List.of(kernel, bias));
    assertF32(new float[8], g.get(0));
    assertEquals(Shape.of(4, 2), g.get(0).shape());
    assertF32(new float[2], g.get(1));
  }

  @Test
  void seed001_trainableVersusConstants() {
    Variable x1 = Variable.of(5f);
    Variable x2 = Variable.builder(5f).trainable(false).build();
    Tensor x3 = Ops.add(x1, x2);
    assertF32(10f, x3);
    Tensor x4 = Tensor.of(5f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    List<Tensor> g = tape.gradient(y, List.of(x1, x2, x3, x4));
    assertF32(10f, g.get(0)); // [10.0, None, None, None]
    assertNull(g.get(1));
    assertNull(g.get(2));
    assertNull(g.get(3));
  }

  @Test
  void seed002_trainableVersusConstantsAndWatch() {
    Variable x1 = Variable.of(4f);
    Variable x2 = Variable.builder(5f).trainable(false).build();
    Tensor x3 = Ops.add(x1, x2);
    assertF32(9f, x3);
    Tensor x4 = Tensor.of(5f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    List<Tensor> g = tape.gradient(y, List.of(x1, x2, x3, x4));
    assertF32(8f, g.get(0)); // [8.0, None, None, None]
    assertNull(g.get(1));
    assertNull(g.get(2));
    assertNull(g.get(3));

    GradientTape t2 = new GradientTape();
    try (t2) {
      t2.watch(x2); // force the tape to watch the non-trainable variable
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    g = t2.gradient(y, List.of(x1, x2, x3, x4));
    assertF32(8f, g.get(0)); // [8.0, 10.0, None, None]
    assertF32(10f, g.get(1));
    assertNull(g.get(2));
    assertNull(g.get(3));

    GradientTape t3 = new GradientTape(false, false);
    try (t3) {
      t3.watch(x1);
      y = x1.pow(2).add(x2.pow(2));
    }
    g = t3.gradient(y, List.of(x1, x2));
    assertF32(8f, g.get(0)); // [8.0, None]
    assertNull(g.get(1));
  }

  @Test
  void seed001_watchConstants() {
    Tensor x1 = Tensor.of(5f);
    Variable x2 = Variable.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x1);
      y = x1.pow(2).add(x2.pow(2));
    }
    List<Tensor> g = tape.gradient(y, List.of(x1, x2));
    assertF32(10f, g.get(0));
    assertF32(6f, g.get(1));

    GradientTape t2 = new GradientTape(false, false);
    try (t2) {
      t2.watch(x1);
      y = x1.pow(2).add(x2.pow(2));
    }
    g = t2.gradient(y, List.of(x1, x2));
    assertF32(10f, g.get(0)); // (10.0, None)
    assertNull(g.get(1));
  }

  /** result = x1**2 if x > 0 else x2**2, on a persistent (001) or plain (002) tape. */
  static List<Tensor> branch(float xv, float v1, float v2, boolean persistent) {
    Tensor x = Tensor.of(xv);
    Variable x1 = Variable.of(v1);
    Variable x2 = Variable.of(v2);
    GradientTape tape = new GradientTape(persistent);
    Tensor result;
    try (tape) {
      tape.watch(x);
      result = x.greater(0).booleanValue() ? x1.pow(2) : x2.pow(2);
    }
    return tape.gradient(result, List.of(x1, x2));
  }

  @Test
  void seed001_controlFlow() {
    List<Tensor> g = branch(1, 5, 3, true);
    assertF32(10f, g.get(0)); // (10.0, None)
    assertNull(g.get(1));
    g = branch(-1, 5, 3, true);
    assertNull(g.get(0)); // (None, 6.0)
    assertF32(6f, g.get(1));
  }

  @Test
  void seed002_controlFlow() {
    List<Tensor> g = branch(1, 5, 6, false);
    assertF32(10f, g.get(0)); // [10.0, None]
    assertNull(g.get(1));
    g = branch(-1, 5, 6, false);
    assertNull(g.get(0)); // [None, 12.0]
    assertF32(12f, g.get(1));
  }

  @Test
  void seed001_gradientInsideTheBlockOfAnUnrelatedVariable() {
    Variable x = Variable.of(2f);
    Variable y = Variable.of(3f);
    Tensor dyDx;
    GradientTape tape = new GradientTape();
    try (tape) {
      Tensor z = y.mul(y);
      dyDx = tape.gradient(z, x);
    }
    assertNull(dyDx); // None
  }

  // ---------------------------------------------------------------- 004

  @Test
  void seed004_persistentTape() {
    Variable x = Variable.of(Tensor.of(3, DType.FLOAT32));
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
      z = y.mul(y);
    }
    Tensor dzDx = tape.gradient(z, x);
    Tensor dyDx = tape.gradient(y, x);
    assertF32(108f, dzDx); // tf.Tensor(108.0, shape=(), dtype=float32)
    assertF32(6f, dyDx); // tf.Tensor(6.0, shape=(), dtype=float32)
    assertEquals(Shape.scalar(), dzDx.shape());
  }

  @Test
  void seed004_higherOrder() {
    Variable x = Variable.of(Tensor.of(3, DType.FLOAT32));
    GradientTape tape1 = new GradientTape();
    GradientTape tape2 = new GradientTape();
    Tensor dyDx;
    try (tape1) {
      try (tape2) {
        Tensor y = x.mul(x).mul(x);
        dyDx = tape2.gradient(y, x);
      }
    }
    Tensor d2 = tape1.gradient(dyDx, x);
    assertF32(27f, dyDx);
    assertF32(18f, d2);
  }

  @Test
  void seed004_absLossFitStep() {
    // the training loop starts from np.random weights (not printed), so its losses cannot be
    // reproduced; one step of it is exact: d|w x + b - y| / dw = sum sign(w x + b - y) x
    Tensor x = Tensor.of(new float[] {-1, 0, 1, 2, 3, 4});
    Tensor yTrue = x.mul(2).sub(1);
    Variable w = Variable.of(1.5f);
    Variable b = Variable.of(0.25f);
    GradientTape tape = new GradientTape(true);
    Tensor loss;
    try (tape) {
      Tensor yPred = w.mul(x).add(b);
      loss = yPred.sub(yTrue).abs();
    }
    // residuals (w-2)x + b+1 = -0.5x + 1.25: signs + + + + - -
    assertF32(new float[] {1.75f, 1.25f, 0.75f, 0.25f, 0.25f, 0.75f}, loss);
    assertF32(-5f, tape.gradient(loss, w));
    assertF32(2f, tape.gradient(loss, b));
    w.assignSub(tape.gradient(loss, w).mul(0.001f));
    b.assignSub(tape.gradient(loss, b).mul(0.001f));
    assertF32(1.505f, w.readValue());
    assertF32(0.248f, b.readValue());
  }
}
