package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.metrics.AUC;
import dev.lanegrad.metrics.BinaryAccuracy;
import dev.lanegrad.metrics.Mean;
import dev.lanegrad.metrics.MeanMetricWrapper;
import dev.lanegrad.metrics.MeanSquaredError;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.Precision;
import dev.lanegrad.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compile's metrics as Keras 2.15's compile_utils resolves and logs them: the keys {@code loss},
 * then each metric's name, then {@code val_} of each (keras/engine/training.py's logs), the values
 * equal to the metric computed once over all predictions (with a learning rate of 0 the weights do
 * not move, so batching cannot change them), evaluate's map, the progress line and the saved file.
 */
class CompileMetricsTest {
  private static final long SEED = 20261207L;

  @TempDir Path dir;

  private static Tensor[] data(int n) {
    SplittableRandom r = new SplittableRandom(SEED);
    float[][] x = new float[n][3];
    float[][] y = new float[n][1];
    for (int i = 0; i < n; i++) {
      y[i][0] = r.nextInt(2);
      for (int j = 0; j < 3; j++) {
        x[i][j] = (float) (r.nextGaussian() + (y[i][0] == 1 ? 0.5 : -0.5));
      }
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  private static Sequential model() {
    return new Sequential(
        Dense.builder(4)
            .activation(Activation.TANH)
            .inputShape(3)
            .kernelInitializer(Initializers.glorotUniform(3))
            .build(),
        Dense.builder(1)
            .activation(Activation.SIGMOID)
            .kernelInitializer(Initializers.glorotUniform(4))
            .build());
  }

  private static double once(Metric m, Tensor y, Tensor p) {
    m.resetState();
    m.updateState(y, p);
    return m.result();
  }

  @Test
  void metricObjectsAreLoggedUnderTheirNamesWithValPrefixes() {
    Tensor[] d = data(60);
    Tensor[] v = data(25);
    Sequential m = model();
    m.compile(
        new SGD(0),
        Losses.binaryCrossentropy(false),
        new BinaryAccuracy(),
        new AUC(),
        new Precision());
    List<Map<String, Double>> seen = new ArrayList<>();
    Callback spy =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            seen.add(Map.copyOf(logs));
          }
        };
    History h =
        m.fit(
            d[0],
            d[1],
            FitOptions.builder()
                .epochs(2)
                .batchSize(7)
                .seed(SEED)
                .verbose(0)
                .validationData(v[0], v[1])
                .callbacks(spy)
                .build());
    assertEquals(
        List.of(
            "loss",
            "binary_accuracy",
            "auc",
            "precision",
            "val_loss",
            "val_binary_accuracy",
            "val_auc",
            "val_precision"),
        new ArrayList<>(h.history().keySet()));
    Tensor p = m.predict(d[0]);
    Tensor pv = m.predict(v[0]);
    for (int e = 0; e < 2; e++) {
      assertEquals(once(new BinaryAccuracy(), d[1], p), h.get("binary_accuracy").get(e));
      assertEquals(once(new AUC(), d[1], p), h.get("auc").get(e));
      assertEquals(once(new Precision(), d[1], p), h.get("precision").get(e));
      assertEquals(once(new AUC(), v[1], pv), h.get("val_auc").get(e));
      assertEquals(once(new BinaryAccuracy(), v[1], pv), h.get("val_binary_accuracy").get(e));
      assertEquals(h.get("val_auc").get(e), seen.get(e).get("val_auc"));
    }
    Map<String, Double> ev = m.evaluate(v[0], v[1], 4);
    assertEquals(
        List.of("loss", "binary_accuracy", "auc", "precision"), new ArrayList<>(ev.keySet()));
    assertEquals(h.get("val_auc").get(1), ev.get("auc"));
    Map<String, Double> evd = m.evaluate(Dataset.fromTensorSlices(v[0], v[1]).batch(6));
    assertEquals(ev.get("auc"), evd.get("auc"));
  }

  @Test
  void namesResolveAsKerasAndLogUnderTheGivenString() {
    Tensor[] d = data(40);
    Sequential m = model();
    m.compile(new SGD(0), Losses::meanSquaredError, "acc", "mse", "AUC", "mae");
    History h =
        m.fit(
            d[0],
            d[1],
            FitOptions.builder()
                .epochs(1)
                .batchSize(8)
                .seed(SEED)
                .verbose(0)
                .validationSplit(0.25)
                .build());
    assertEquals(
        List.of(
            "loss",
            "acc",
            "mse",
            "auc",
            "mae",
            "val_loss",
            "val_acc",
            "val_mse",
            "val_auc",
            "val_mae"),
        new ArrayList<>(h.history().keySet()));
    Tensor train = d[0].get("0:30");
    Tensor p = m.predict(train);
    Tensor y = d[1].get("0:30");
    // "acc" on one sigmoid column is Keras's binary accuracy at 0.5
    assertEquals(once(new BinaryAccuracy(), y, p), h.get("acc").get(0));
    assertEquals(once(new MeanSquaredError(), y, p), h.get("mse").get(0), 1e-7);
    // the loss is the mean squared error too: the same number, up to float32 summation order
    assertEquals(h.get("loss").get(0), h.get("mse").get(0), 1e-6);
  }

  @Test
  void progressLineShowsMetricsAndValidationValues() {
    Tensor[] d = data(30);
    Sequential m = model();
    m.compile(new SGD(0.1), Losses.binaryCrossentropy(false), "accuracy", "auc");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.fit(
        d[0],
        d[1],
        FitOptions.builder()
            .epochs(1)
            .batchSize(10)
            .seed(SEED)
            .validationSplit(0.2)
            .output(new PrintStream(out, true, StandardCharsets.UTF_8))
            .build());
    String line = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        line.matches(
            "(?s)Epoch 1/1 3/3 .* - loss: [0-9.]+ - accuracy: [0-9.]+ - auc: [0-9.]+ - val_loss:"
                + " [0-9.]+ - val_accuracy: [0-9.]+ - val_auc: [0-9.]+ - [0-9]+ examples/s\\s*"),
        line);
  }

  @Test
  void compileRejectsWhatKerasCannotRun() {
    Sequential m = model();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.compile(new SGD(0.1), Losses::meanSquaredError, new Mean()));
    assertTrue(e.getMessage().contains("Mean"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.compile(
                    new SGD(0.1),
                    Losses::meanSquaredError,
                    AUC.builder().name("auc").build(),
                    AUC.builder().name("auc").build()));
    // keras/engine/compile_utils.py _set_metric_names: "Found two metrics with the same name"
    assertTrue(e.getMessage().contains("\"auc\""), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> m.compile(new SGD(0.1), Losses::meanSquaredError, (Metric) null));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.compile(new SGD(0.1), Losses::meanSquaredError, "mse", "mse"));
    assertTrue(e.getMessage().contains("\"mse\""), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.compile(new SGD(0.1), Losses::meanSquaredError, "f1"));
    assertTrue(
        e.getMessage().contains("unknown metric \"f1\"") && e.getMessage().contains("mse"),
        e.getMessage());
  }

  @Test
  void aMetricRejectingTheLabelsLeavesTheWeightsAlone() {
    Tensor[] d = data(10);
    Sequential m = model();
    m.compile(new SGD(0.5), Losses::meanSquaredError, new AUC());
    float[] before = m.variables().get(0).toFloatArray();
    // labels (10, 2) against predictions (10, 1): the loss broadcasts, AUC does not
    Tensor wide = Tensor.zeros(dev.lanegrad.Shape.of(10, 2), dev.lanegrad.DType.FLOAT32);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.fit(d[0], wide, FitOptions.builder().epochs(1).batchSize(10).verbose(0).build()));
    assertTrue(
        e.getMessage().contains("AUC \"auc\"") && e.getMessage().contains("(10, 2)"),
        e.getMessage());
    assertEquals(
        java.util.Arrays.toString(before),
        java.util.Arrays.toString(m.variables().get(0).toFloatArray()));
  }

  @Test
  void saveAndLoadKeepTheMetrics() {
    Tensor[] d = data(30);
    Sequential m = model();
    m.compile(
        new SGD(0.1),
        Losses.binaryCrossentropy(false),
        AUC.builder().curve("PR").numThresholds(50).name("pr_auc").build(),
        new BinaryAccuracy("acc_at_0.3", 0.3),
        new Precision("p", 0.7));
    m.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(10).seed(SEED).verbose(0).build());
    Path file = dir.resolve("m.lgm");
    m.save(file);
    Model again = Model.load(file);
    assertEquals(3, again.metrics().size());
    AUC auc = (AUC) again.metrics().get(0);
    assertEquals("pr_auc", auc.name());
    assertEquals("PR", auc.curve());
    assertEquals(50, auc.numThresholds());
    assertEquals(0.3, ((BinaryAccuracy) again.metrics().get(1)).threshold());
    assertEquals(m.evaluate(d[0], d[1]), again.evaluate(d[0], d[1]));

    Sequential named = model();
    named.compile(new SGD(0.1), Losses::meanSquaredError, "accuracy", "mae");
    named.save(file);
    assertEquals(List.of("accuracy", "mae"), Model.load(file).metrics());
  }

  @Test
  void aCustomMetricIsNotRestoredButTheBuiltInsAre() {
    Tensor[] d = data(20);
    Sequential m = model();
    m.compile(
        new SGD(0.1),
        Losses::meanSquaredError,
        new MeanMetricWrapper(
            "within", (t, p) -> t.sub(p).abs().lessEqual(0.5).cast(dev.lanegrad.DType.FLOAT32)),
        new AUC());
    History h =
        m.fit(
            d[0], d[1], FitOptions.builder().epochs(1).batchSize(5).seed(SEED).verbose(0).build());
    assertEquals(List.of("loss", "within", "auc"), new ArrayList<>(h.history().keySet()));
    Path file = dir.resolve("custom.lgm");
    m.save(file);
    Model again = Model.load(file);
    assertEquals(1, again.metrics().size());
    assertEquals("auc", ((Metric) again.metrics().get(0)).name());
  }
}
