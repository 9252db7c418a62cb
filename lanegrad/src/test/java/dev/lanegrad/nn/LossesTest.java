package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Values from the Keras documentation's examples, and by hand (see the comments). */
class LossesTest {
  private static Tensor f(float[]... rows) {
    return Tensor.of(rows);
  }

  private static final Tensor T2 = f(new float[] {0, 1}, new float[] {0, 0});

  @Test
  void meanSquaredAndAbsoluteError() {
    Tensor p = f(new float[] {1, 1}, new float[] {1, 0});
    assertEquals(0.5, Losses.meanSquaredError(T2, p).doubleValue(), 1e-7);
    assertEquals(0.5, Losses.meanAbsoluteError(T2, p).doubleValue(), 1e-7);
    // (2^2 + 1^2 + 0 + 3^2) / 4 = 3.5 and (2 + 1 + 0 + 3) / 4 = 1.5
    Tensor q = f(new float[] {2, 0}, new float[] {0, -3});
    assertEquals(3.5, Losses.meanSquaredError(T2, q).doubleValue(), 1e-6);
    assertEquals(1.5, Losses.meanAbsoluteError(T2, q).doubleValue(), 1e-6);
    assertEquals(DType.FLOAT32, Losses.meanSquaredError(T2, q).dtype());
    assertEquals(Shape.scalar(), Losses.meanSquaredError(T2, q).shape());
  }

  @Test
  void labelsOfShapeNAgainstPredictionsNBy1() {
    // Keras squeezes the trailing 1 instead of broadcasting (n,) against (n, 1) to (n, n)
    Tensor y = Tensor.of(new float[] {1, 2, 3});
    Tensor p = f(new float[] {1}, new float[] {2}, new float[] {5});
    assertEquals(4.0 / 3, Losses.meanSquaredError(y, p).doubleValue(), 1e-6);
    assertEquals(4.0 / 3, Losses.meanSquaredError(p, y).doubleValue(), 1e-6);
    // integer labels are cast to the predictions' dtype
    assertEquals(
        4.0 / 3, Losses.meanSquaredError(Tensor.of(new int[] {1, 2, 3}), p).doubleValue(), 1e-6);
  }

  @Test
  void binaryCrossentropy() {
    Tensor p = f(new float[] {0.6f, 0.4f}, new float[] {0.4f, 0.6f});
    assertEquals(0.8149242256804742, Losses.binaryCrossentropy(T2, p, false).doubleValue(), 1e-6);
    assertEquals(0.8149242256804742, Losses.binaryCrossentropy(T2, p).doubleValue(), 1e-6);
    Tensor z = Tensor.of(new float[] {0, 1, 0, 0});
    Tensor logits = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f});
    assertEquals(
        0.8654579497810972, Losses.binaryCrossentropy(z, logits, true).doubleValue(), 1e-6);
  }

  @Test
  void binaryCrossentropyStaysFinite() {
    // logits: max(x,0) - x z + log(1 + e^-|x|) = 1000 for both
    Tensor l =
        Losses.binaryCrossentropy(
            Tensor.of(new float[] {0, 1}), Tensor.of(new float[] {1000, -1000}), true);
    assertEquals(1000.0, l.doubleValue(), 1e-3);
    // probabilities 0 and 1 on the wrong side, clipped in float32 as TF: -log(1e-7 + 1e-7) and
    // -log((1 - float32(1 - 1e-7)) + 1e-7) = -log(1.1920929e-7 + 1e-7)
    Tensor p =
        Losses.binaryCrossentropy(Tensor.of(new float[] {1, 0}), Tensor.of(new float[] {0, 1}));
    assertEquals((15.424948470398375 + 15.333226) / 2, p.doubleValue(), 1e-4);
  }

  @Test
  void binaryLogitsGradientAtZeroIsSigmoidMinusLabel() {
    Variable x = Variable.of(new float[] {0f, 0f});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Losses.binaryCrossentropy(Tensor.of(new float[] {1, 0}), x, true);
    }
    // (sigmoid(0) - z) / n = (-0.5, 0.5) / 2
    assertArrayEquals(new float[] {-0.25f, 0.25f}, tape.gradient(loss, x).toFloatArray(), 1e-7f);
    assertEquals(Math.log(2), loss.doubleValue(), 1e-6);
  }

  @Test
  void categoricalCrossentropy() {
    Tensor t = f(new float[] {0, 1, 0}, new float[] {0, 0, 1});
    Tensor p = f(new float[] {0.05f, 0.95f, 0}, new float[] {0.1f, 0.8f, 0.1f});
    assertEquals(
        1.176939193690798, Losses.categoricalCrossentropy(t, p, false).doubleValue(), 1e-5);
    assertEquals(1.176939193690798, Losses.categoricalCrossentropy(t, p).doubleValue(), 1e-5);
    // logits: (-logSoftmax([1,2,3])[2] - logSoftmax([0.5,-1,2])[0]) / 2
    Tensor t2 = f(new float[] {0, 0, 1}, new float[] {1, 0, 0});
    Tensor x = f(new float[] {1, 2, 3}, new float[] {0.5f, -1, 2});
    assertEquals(
        1.0744586305507688, Losses.categoricalCrossentropy(t2, x, true).doubleValue(), 1e-6);
  }

  @Test
  void sparseCategoricalCrossentropy() {
    Tensor p = f(new float[] {0.05f, 0.95f, 0}, new float[] {0.1f, 0.8f, 0.1f});
    Tensor labels = Tensor.of(new int[] {1, 2});
    assertEquals(
        1.1769392436907955,
        Losses.sparseCategoricalCrossentropy(labels, p, false).doubleValue(),
        1e-5);
    assertEquals(
        1.1769392436907955, Losses.sparseCategoricalCrossentropy(labels, p).doubleValue(), 1e-5);
    // labels of shape (n, 1) and as floats work too
    Tensor column = Tensor.of(new float[][] {{1}, {2}});
    assertEquals(
        1.1769392436907955,
        Losses.sparseCategoricalCrossentropy(column, p, false).doubleValue(),
        1e-5);
    // logits: -logSoftmax([1, 2, 3])[2] = log(e + e^2 + e^3) - 3
    Tensor x = f(new float[] {1, 2, 3});
    assertEquals(
        0.4076059644443804,
        Losses.sparseCategoricalCrossentropy(Tensor.of(new long[] {2}), x, true).doubleValue(),
        1e-6);
    assertEquals(
        2.4076059644443806,
        Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {0}), x, true).doubleValue(),
        1e-6);
  }

  @Test
  void softmaxCrossentropyGradientIsSoftmaxMinusLabels() {
    Variable x = Variable.of(new float[][] {{1, 2, 3}});
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {2}), x, true);
    }
    double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(
        new float[] {
          (float) (Math.exp(1) / s), (float) (Math.exp(2) / s), (float) (Math.exp(3) / s - 1)
        },
        tape.gradient(loss, x).toFloatArray(),
        1e-6f);
  }

  @Test
  void extremeLogitsStayFinite() {
    Tensor x = f(new float[] {1000, -1000, 0});
    // -logSoftmax(x)[1] = 1000 - (-1000) = 2000
    assertEquals(
        2000.0,
        Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {1}), x, true).doubleValue(),
        1e-2);
    assertEquals(
        2000.0,
        Losses.categoricalCrossentropy(f(new float[] {0, 1, 0}), x, true).doubleValue(),
        1e-2);
    assertEquals(
        0.0,
        Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {0}), x, true).doubleValue(),
        1e-6);
    // probability 0 for the true class: clipped to 1e-7
    double l =
        Losses.categoricalCrossentropy(f(new float[] {0, 1}), f(new float[] {1, 0})).doubleValue();
    assertEquals(16.11809565095832, l, 1e-3);
  }

  @Test
  void float64Predictions() {
    Tensor p = Tensor.of(new double[][] {{1, 2, 3}});
    Tensor l = Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {2}), p, true);
    assertEquals(DType.FLOAT64, l.dtype());
    assertEquals(0.4076059644443804, l.doubleValue(), 1e-14);
  }

  @Test
  void asLossObjects() {
    Loss mse = Losses::meanSquaredError;
    Loss bce = Losses::binaryCrossentropy;
    Loss sparse = Losses.sparseCategoricalCrossentropy(true);
    assertEquals(
        0.5, mse.compute(T2, f(new float[] {1, 1}, new float[] {1, 0})).doubleValue(), 1e-7);
    assertEquals(
        0.4076059644443804,
        sparse.compute(Tensor.of(new int[] {2}), f(new float[] {1, 2, 3})).doubleValue(),
        1e-6);
    assertTrue(Losses.fromLogits(sparse));
    assertTrue(!Losses.fromLogits(bce) && !Losses.fromLogits(Losses.binaryCrossentropy(false)));
    assertEquals("sparseCategoricalCrossentropy(fromLogits=true)", sparse.toString());
  }

  private static void rejects(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void badInput() {
    Tensor a = Tensor.of(new float[] {1, 2, 3});
    Tensor b = Tensor.of(new float[] {1, 2, 3, 4});
    rejects(
        "meanSquaredError: yTrue shape (3,) and yPred shape (4,) are incompatible",
        () -> Losses.meanSquaredError(a, b));
    rejects(
        "meanAbsoluteError: yTrue shape (2, 2) and yPred shape (2, 3) are incompatible",
        () -> Losses.meanAbsoluteError(T2, f(new float[] {1, 2, 3}, new float[] {1, 2, 3})));
    rejects("binaryCrossentropy: yTrue shape (3,)", () -> Losses.binaryCrossentropy(a, b, true));
    rejects(
        "categoricalCrossentropy: yTrue shape (3,)",
        () -> Losses.categoricalCrossentropy(a, b, false));
    rejects(
        "yPred must be float32 or float64, got int32",
        () -> Losses.meanSquaredError(a, Tensor.of(new int[] {1, 2, 3})));
    rejects("must not be null", () -> Losses.meanSquaredError(null, a));
    Tensor logits = f(new float[] {1, 2, 3}, new float[] {1, 2, 3});
    rejects(
        "sparseCategoricalCrossentropy: Received a label value of 3 which is outside the valid"
            + " range of [0, 3)",
        () -> Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {0, 3}), logits, true));
    rejects(
        "label value of -1",
        () -> Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {-1, 0}), logits, false));
    rejects(
        "label value of 0.5",
        () -> Losses.sparseCategoricalCrossentropy(Tensor.of(new float[] {0.5f, 0}), logits, true));
    rejects(
        "labels of shape (3,) do not match logits/probabilities of shape (2, 3) (expected labels"
            + " of shape (2,))",
        () -> Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {0, 1, 2}), logits, true));
    rejects(
        "needs a class axis",
        () -> Losses.sparseCategoricalCrossentropy(Tensor.of(0), Tensor.of(1f), true));
  }
}
