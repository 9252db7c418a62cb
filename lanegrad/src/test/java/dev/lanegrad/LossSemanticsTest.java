package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.nn.Losses;
import org.junit.jupiter.api.Test;

/**
 * Keras's losses: the docstring values, from logits, how shapes are squeezed and broadcast, and how
 * samples are averaged. The expected values are TF's and Keras's (docstrings, guides, kernels,
 * gradient functions); each test names its source.
 */
class LossSemanticsTest {
  @Test
  void binaryCrossentropy() {
    // tf.keras.losses.BinaryCrossentropy docstring: y_true = [[0, 1], [0, 0]],
    // y_pred = [[0.6, 0.4], [0.4, 0.6]] -> 0.815
    Tensor yt = Tensor.of(new float[][] {{0, 1}, {0, 0}});
    Tensor yp = Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});
    close(0.815, Losses.binaryCrossentropy(yt, yp), 1e-3);
    // tf.keras.losses.binary_crossentropy docstring: per sample [0.916, 0.714]; their mean
    close((0.916 + 0.714) / 2, Losses.binaryCrossentropy(yt, yp), 2e-3);
  }

  @Test
  void binaryCrossentropyFromLogits() {
    // tf.keras.losses.BinaryCrossentropy(from_logits=True) docstring: y_true = [0, 1, 0, 0],
    // y_pred = [-18.6, 0.51, 2.94, -12.8] -> 0.865
    Tensor yt = Tensor.of(new float[] {0, 1, 0, 0});
    Tensor yp = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f});
    close(0.865, Losses.binaryCrossentropy(yt, yp, true), 1e-3);
  }

  @Test
  void categoricalCrossentropy() {
    // tf.keras.losses.CategoricalCrossentropy docstring: y_true = [[0, 1, 0], [0, 0, 1]],
    // y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] -> 1.177 (per sample [0.0513, 2.303])
    Tensor yt = Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}});
    Tensor yp = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
    close(1.177, Losses.categoricalCrossentropy(yt, yp), 1e-3);
  }

  @Test
  void sparseCategoricalCrossentropy() {
    // tf.keras.losses.SparseCategoricalCrossentropy docstring: y_true = [1, 2],
    // y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] -> 1.177
    Tensor yt = Tensor.of(new int[] {1, 2});
    Tensor yp = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
    close(1.177, Losses.sparseCategoricalCrossentropy(yt, yp), 1e-3);
  }

  @Test
  void meanSquaredAndAbsoluteError() {
    // tf.keras.losses.MeanSquaredError / MeanAbsoluteError docstrings:
    // y_true = [[0., 1.], [0., 0.]], y_pred = [[1., 1.], [1., 0.]] -> 0.5 each
    Tensor yt = Tensor.of(new float[][] {{0, 1}, {0, 0}});
    Tensor yp = Tensor.of(new float[][] {{1, 1}, {1, 0}});
    close(0.5, Losses.meanSquaredError(yt, yp), 0);
    close(0.5, Losses.meanAbsoluteError(yt, yp), 0);
  }

  @Test
  void sparseFromLogitsClassDoc() {
    // Losses class Javadoc example checked against TF's sparse_softmax_cross_entropy_with_logits:
    // label 2 of logits [1, 2, 3] -> log(e + e^2 + e^3) - 3 = 0.40760596
    Tensor l =
        Losses.sparseCategoricalCrossentropy(
            Tensor.of(new int[] {2}), Tensor.of(new float[][] {{1, 2, 3}}), true);
    close(Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 3, l, 1e-6);
  }

  @Test
  void crossentropyGradientFromLogits() {
    // nn_grad.py _SoftmaxCrossEntropyWithLogitsGrad: d loss / d logits = softmax - labels
    // (divided by the batch size for the mean): logits [[1, 2, 3]] label 2
    Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
    GradientTape t = new GradientTape();
    Tensor loss;
    try (t) {
      t.watch(logits);
      loss = Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {2}), logits, true);
    }
    double z = Math.E + Math.exp(2) + Math.exp(3);
    close(d(Math.E / z, Math.exp(2) / z, Math.exp(3) / z - 1), t.gradient(loss, logits), 1e-14);
  }

  /**
   * Keras losses squeeze a trailing 1 (squeeze_or_expand_dimensions) and otherwise broadcast: yTrue
   * [[0, 1]] against yPred [[1, 3], [2, 2]] gives |d| = 1, 2, 2, 1 (MAE 1.5) and d^2 = 1, 4, 4, 1
   * (MSE 2.5); the MSE gradient w.r.t. yPred is 2 d / 4.
   */
  @Test
  void lossesBroadcastLikeKeras() {
    Tensor t = Tensor.of(new float[][] {{0, 1}});
    Tensor p = Tensor.of(new float[][] {{1, 3}, {2, 2}});
    assertEquals(1.5f, Losses.meanAbsoluteError(t, p).floatValue());
    GradientTape tape = new GradientTape();
    Tensor mse;
    try (tape) {
      tape.watch(p);
      mse = Losses.meanSquaredError(t, p);
    }
    assertEquals(2.5f, mse.floatValue());
    assertArrayEquals(new float[] {0.5f, 1f, 1f, 0.5f}, tape.gradient(mse, p).toFloatArray());
    // shapes that do not broadcast are still rejected, naming both
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.meanSquaredError(Tensor.of(new float[] {1, 2, 3}), p));
    assertTrue(
        e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 2)"), e.getMessage());
  }

  /**
   * Keras's mean_squared_error is backend.mean(squared_difference, axis=-1), then the batch
   * reduction sum / batch size: in float32 the rows' means of [[8.8, 5.2, 2.9], [7.9, 4, 6.1]]^2
   * (41.63, 39.54) average to 38.085, where one mean over all six squares gives 38.085003.
   */
  @Test
  void lossesAverageEachSampleFirstAsKerasDoes() {
    Tensor t = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32);
    Tensor p = Tensor.of(new float[][] {{8.8f, 5.2f, 2.9f}, {7.9f, 4.0f, 6.1f}});
    float r0 = (8.8f * 8.8f + 5.2f * 5.2f + 2.9f * 2.9f) / 3;
    float r1 = (7.9f * 7.9f + 4.0f * 4.0f + 6.1f * 6.1f) / 3;
    assertEquals((r0 + r1) / 2, Losses.meanSquaredError(t, p).floatValue());
    assertEquals(38.085f, Losses.meanSquaredError(t, p).floatValue());
    assertEquals(
        (8.8f + 5.2f + 2.9f) / 3 / 2 + (7.9f + 4.0f + 6.1f) / 3 / 2,
        Losses.meanAbsoluteError(t, p).floatValue(),
        1e-6f);
  }

  /**
   * tf.nn.sigmoid_cross_entropy_with_logits is relu(x) - x z + log1p(exp(-|x|)); the Keras
   * BinaryCrossentropy(from_logits=True) docstring gives 0.865 for labels [0, 1, 0, 0] and logits
   * [-18.6, 0.51, 2.94, -12.8]. log1p keeps the tail exp(-|x|) that log(1 + ...) loses: one logit
   * of 20 with label 1 costs log1p(exp(-20)) = 2.0611537e-9, not 0.
   */
  @Test
  void binaryCrossentropyFromLogitsUsesLog1p() {
    float[] x = {-18.6f, 0.51f, 2.94f, -12.8f};
    float[] z = {0, 1, 0, 0};
    float sum = 0;
    for (int i = 0; i < 4; i++) {
      float relu = Math.max(x[i], 0f);
      sum += relu - x[i] * z[i] + (float) Math.log1p((float) Math.exp(-Math.abs(x[i])));
    }
    Tensor l = Losses.binaryCrossentropy(Tensor.of(z), Tensor.of(x), true);
    assertEquals(sum / 4, l.floatValue());
    assertEquals(0.865, l.floatValue(), 5e-4);
    assertEquals(
        2.0611537e-9f,
        Losses.binaryCrossentropy(Tensor.of(new float[] {1}), Tensor.of(new float[] {20}), true)
            .floatValue(),
        1e-15f);
  }
}
