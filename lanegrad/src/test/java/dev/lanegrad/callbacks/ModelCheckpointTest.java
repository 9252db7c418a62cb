package dev.lanegrad.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras 2's ModelCheckpoint (tf_keras/callbacks.py), saving through Model.save/saveWeights. */
class ModelCheckpointTest {
  @TempDir Path dir;

  @Test
  void filePathsUsePythonFormatFields() {
    // Keras's docstring example: "weights.{epoch:02d}-{val_loss:.2f}.hdf5" with epoch from 1
    assertEquals(
        "weights.03-0.29.lgm",
        ModelCheckpoint.format(
            "weights.{epoch:02d}-{val_loss:.2f}.lgm", 3, Map.of("val_loss", 0.28712)));
    assertEquals(
        "m-12-0.5-1.500000e-05.lgm",
        ModelCheckpoint.format(
            "m-{epoch}-{loss}-{lr:e}.lgm", 12, Map.of("loss", 0.5, "lr", 1.5e-5)));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelCheckpoint.format("m-{val_acc}.lgm", 1, Map.of("loss", 1.0)));
    assertTrue(e.getMessage().startsWith("ModelCheckpoint: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m-{epoch:x}.lgm"));
    assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder(""));
  }

  @Test
  void saveBestOnlyWritesOnlyImprovements() {
    Tensor[] d = CallbacksTest.clusters(16, 21);
    Sequential m = CallbacksTest.mlp();
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true));
    ModelCheckpoint best =
        ModelCheckpoint.builder(dir.resolve("best-{epoch}.lgm").toString())
            .saveBestOnly(true)
            .build();
    m.fit(
        d[0],
        d[1],
        FitOptions.builder()
            .epochs(4)
            .verbose(0)
            .callbacks(CallbacksTest.script("val_loss", 1.0, 0.5, 0.7, 0.4), best)
            .build());
    assertTrue(Files.exists(dir.resolve("best-1.lgm")));
    assertTrue(Files.exists(dir.resolve("best-2.lgm")));
    assertFalse(Files.exists(dir.resolve("best-3.lgm")));
    assertTrue(Files.exists(dir.resolve("best-4.lgm")));
    assertEquals(0.4, best.best());
    // the last one is the final model
    Model back = Model.load(dir.resolve("best-4.lgm"));
    assertArrayEquals(m.predict(d[0]).toFloatArray(), back.predict(d[0]).toFloatArray());
    // "max" for accuracy in auto mode, weights only
    ModelCheckpoint acc =
        ModelCheckpoint.builder(dir.resolve("w.safetensors").toString())
            .monitor("val_accuracy")
            .saveBestOnly(true)
            .saveWeightsOnly(true)
            .build();
    m.fit(
        d[0],
        d[1],
        FitOptions.builder()
            .epochs(3)
            .verbose(0)
            .callbacks(CallbacksTest.script("val_accuracy", 0.5, 0.9, 0.7), acc)
            .build());
    assertEquals(0.9, acc.best());
    List<float[]> end = CallbacksTest.weights(m);
    m.loadWeights(dir.resolve("w.safetensors")); // epoch 2's weights, not the last epoch's
    assertTrue(
        !java.util.Arrays.equals(end.get(0), CallbacksTest.weights(m).get(0)),
        "the third epoch changed the weights after the best save");
  }

  @Test
  void aThrowingCallbackLeavesTheLastCheckpointWhole() {
    Tensor[] d = CallbacksTest.clusters(32, 22);
    Sequential m = CallbacksTest.mlp();
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true));
    Path last = dir.resolve("last.lgm");
    List<List<float[]>> atEpochEnd = new ArrayList<>();
    Callback snap =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            atEpochEnd.add(CallbacksTest.weights(m));
          }
        };
    IllegalStateException boom = new IllegalStateException("my callback: out of disk");
    Callback thrower =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            if (atEpochEnd.size() == 2 && batch == 1) {
              throw boom;
            }
          }
        };
    ModelCheckpoint ckpt = ModelCheckpoint.builder(last.toString()).build();
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                m.fit(
                    d[0],
                    d[1],
                    FitOptions.builder()
                        .epochs(5)
                        .batchSize(8)
                        .verbose(0)
                        .callbacks(snap, ckpt, thrower)
                        .build()));
    assertSame(boom, e);
    Model back = Model.load(last);
    List<float[]> saved = new ArrayList<>();
    for (Variable v : back.variables()) {
      saved.add(v.toFloatArray());
    }
    CallbacksTest.assertSameWeights(atEpochEnd.get(1), saved);
    assertEquals(8, back.optimizer().iterations(), "two epochs of four batches");
  }
}
