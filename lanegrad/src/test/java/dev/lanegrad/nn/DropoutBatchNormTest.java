package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.close;
import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dropout (training flag, seeding, scaling) and BatchNormalization (Keras's statistics). */
class DropoutBatchNormTest {
  @TempDir Path dir;

  @Test
  void dropout() {
    Utils.clearSession();
    Tensor x = Tensor.ones(Shape.of(100, 50), DType.FLOAT32);
    Dropout d = new Dropout(0.2, 42);
    assertEquals("dropout", d.name());
    assertArrayEquals(x.toFloatArray(), d.apply(x).toFloatArray(), "inference: the identity");
    float[] y = d.apply(x, true).toFloatArray();
    int zeros = 0;
    for (float v : y) {
      assertTrue(v == 0f || v == 1.25f, "kept values scaled by 1 / (1 - rate): " + v);
      zeros += v == 0 ? 1 : 0;
    }
    assertEquals(0.2, zeros / 5000.0, 0.03);
    // each call a new mask; the same seed replays the same sequence of masks
    float[] y2 = d.apply(x, true).toFloatArray();
    assertFalse(Arrays.equals(y, y2));
    Dropout again = new Dropout(0.2, 42);
    assertArrayEquals(y, again.apply(x, true).toFloatArray());
    assertArrayEquals(y2, again.apply(x, true).toFloatArray());
    assertArrayEquals(x.toFloatArray(), new Dropout(0).apply(x, true).toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
    assertThrows(IllegalArgumentException.class, () -> d.apply(Tensor.of(new int[] {1}), true));
    // in a model: fit drops, predict does not
    Sequential m = new Sequential(new Dropout(0.5, 1));
    assertArrayEquals(x.toFloatArray(), m.predict(x).toFloatArray());
  }

  @Test
  void batchNormalizationKerasLayout() throws Exception {
    Map<String, Tensor> npz =
        Tensor.loadNpz(Path.of(getClass().getResource("/keras/layers.npz").toURI()));
    Utils.clearSession();
    BatchNormalization bn = new BatchNormalization();
    Tensor x = npz.get("bn_x");
    bn.apply(x);
    assertEquals(
        List.of(
            "batch_normalization/gamma:0 (3,)",
            "batch_normalization/beta:0 (3,)",
            "batch_normalization/moving_mean:0 (3,) non-trainable",
            "batch_normalization/moving_variance:0 (3,) non-trainable"),
        LayerChecks.names(bn));
    assertEquals(2, bn.trainableVariables().size());
    bn.gamma().assign(npz.get("bn_gamma"));
    bn.beta().assign(npz.get("bn_beta"));
    bn.movingMean().assign(npz.get("bn_moving_mean"));
    bn.movingVariance().assign(npz.get("bn_moving_variance"));
    close(npz.get("bn_inference").toFloatArray(), bn.apply(x).toFloatArray(), 1e-5f, "inference");
    close(
        npz.get("bn_moving_mean").toFloatArray(), bn.movingMean().toFloatArray(), 0f, "unchanged");
    close(
        npz.get("bn_training").toFloatArray(), bn.apply(x, true).toFloatArray(), 1e-5f, "training");
    close(
        npz.get("bn_new_moving_mean").toFloatArray(),
        bn.movingMean().toFloatArray(),
        1e-6f,
        "mean");
    close(
        npz.get("bn_new_moving_variance").toFloatArray(),
        bn.movingVariance().toFloatArray(),
        1e-6f,
        "variance");

    // rank 4: Keras's fused path, Bessel-corrected moving variance
    BatchNormalization bn4 = new BatchNormalization();
    Tensor x4 = npz.get("bn4_x");
    bn4.apply(x4);
    bn4.gamma().assign(npz.get("bn_gamma"));
    bn4.beta().assign(npz.get("bn_beta"));
    bn4.movingMean().assign(npz.get("bn_moving_mean"));
    bn4.movingVariance().assign(npz.get("bn_moving_variance"));
    close(npz.get("bn4_training").toFloatArray(), bn4.apply(x4, true).toFloatArray(), 1e-5f, "bn4");
    close(
        npz.get("bn4_new_moving_mean").toFloatArray(),
        bn4.movingMean().toFloatArray(),
        1e-6f,
        "m4");
    close(
        npz.get("bn4_new_moving_variance").toFloatArray(),
        bn4.movingVariance().toFloatArray(),
        1e-6f,
        "v4");

    // a frozen layer runs in inference mode and updates nothing (Keras 2)
    float[] before = bn.movingMean().toFloatArray();
    bn.setTrainable(false);
    float[] inference = bn.apply(x).toFloatArray();
    close(inference, bn.apply(x, true).toFloatArray(), 0f, "frozen");
    assertArrayEquals(before, bn.movingMean().toFloatArray());
    bn.setTrainable(true);
  }

  /**
   * Keras 2.15 fuses only float32 input of rank 4 or 5 (normalization/batch_normalization.py: build
   * sets fused for rank 4 and 5, _raise_if_fused_cannot_be_used refuses a float64 compute dtype):
   * there the moving variance moves towards FusedBatchNormV3's Bessel-corrected variance and
   * epsilon is at least 1.001e-5 (nn_impl.py fused_batch_norm); elsewhere towards the plain batch
   * variance, with epsilon as given.
   */
  @Test
  void kerasFusesFloat32RankFourAndFiveOnly() {
    double[] x = {1, 2, 3, 6}; // mean 3, population variance 3.5, Bessel 14 / 3
    Object[][] cases = {
      {DType.FLOAT32, Shape.of(2, 2, 1, 1), 14 / 3.0, 1.001e-5},
      {DType.FLOAT32, Shape.of(1, 2, 2, 1, 1), 14 / 3.0, 1.001e-5},
      {DType.FLOAT64, Shape.of(2, 2, 1, 1), 3.5, 1e-8},
      {DType.FLOAT32, Shape.of(4, 1), 3.5, 1e-8},
      {DType.FLOAT32, Shape.of(2, 2, 1), 3.5, 1e-8},
    };
    for (Object[] k : cases) {
      DType d = (DType) k[0];
      Shape shape = (Shape) k[1];
      BatchNormalization bn =
          BatchNormalization.builder().momentum(0).epsilon(1e-8).dtype(d).build();
      Tensor in = Tensor.of(x, shape).cast(d);
      double[] y = bn.apply(in, true).toDoubleArray();
      String what = d + " " + shape;
      assertEquals((double) k[2], bn.movingVariance().toDoubleArray()[0], 1e-6, what);
      assertEquals(3, bn.movingMean().toDoubleArray()[0], 1e-6, what);
      double eps = (double) k[3];
      for (int i = 0; i < 4; i++) {
        assertEquals((x[i] - 3) / Math.sqrt(3.5 + eps), y[i], 1e-7, what + " y" + i);
      }
    }
  }

  @Test
  void batchNormalizationGradientsErrorsCheckpoint() {
    BatchNormalization bn = BatchNormalization.builder().dtype(DType.FLOAT64).build();
    Tensor x = random(7, 4, 3);
    bn.apply(x);
    bn.gamma().assign(new double[] {0.5, 2, -1});
    LayerChecks.gradients(bn, xi -> bn.apply(xi, false), x, 1e-6);
    // batch statistics: the moving update does not touch the tape's answer
    LayerChecks.gradients(bn, xi -> bn.apply(xi, true), x, 1e-5);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> bn.apply(Tensor.zeros(Shape.of(2, 4), DType.FLOAT32)));
    assertTrue(
        e.getMessage().contains("expected axis -1 of input shape to have value 3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> bn.apply(Tensor.zeros(Shape.of(3), DType.FLOAT32)));
    Utils.clearSession();
    BatchNormalization a = new BatchNormalization();
    Tensor xf = random(8, 5, 2).cast(DType.FLOAT32);
    a.apply(xf, true); // moving statistics move away from 0 and 1
    LayerChecks.checkpointRoundTrip(dir, a, BatchNormalization::new, xf);
  }
}
