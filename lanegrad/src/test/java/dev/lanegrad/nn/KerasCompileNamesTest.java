package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.metrics.AUC;
import dev.lanegrad.metrics.BinaryAccuracy;
import dev.lanegrad.metrics.BinaryCrossentropy;
import dev.lanegrad.metrics.CategoricalCrossentropy;
import dev.lanegrad.metrics.MeanSquaredError;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.SparseCategoricalCrossentropy;
import dev.lanegrad.optimizers.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compile's metric names as Keras 2.15 resolves them (keras/engine/compile_utils.py:
 * _get_metric_object, match_dtype_and_rank, _set_metric_names; keras/metrics/__init__.py): each
 * value is checked against the metric computed once over all predictions of an untrained model
 * (SGD(0) keeps the weights, so batching cannot change them).
 */
class KerasCompileNamesTest {
  @TempDir Path dir;

  private static Tensor x(int n, int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][3];
    for (float[] row : x) {
      for (int j = 0; j < 3; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return Tensor.of(x);
  }

  private static Sequential model(int units, Activation out) {
    return new Sequential(
        Dense.builder(units)
            .activation(out)
            .inputShape(3)
            .kernelInitializer(Initializers.glorotUniform(5))
            .build());
  }

  private static double once(Metric m, Tensor y, Tensor p) {
    m.updateState(y, p);
    return m.result();
  }

  private static FitOptions.Builder quiet() {
    return FitOptions.builder().epochs(1).batchSize(8).seed(1L).verbose(0);
  }

  @Test
  void accuracyOnLogitsThresholdsAtHalfAsKeras() {
    // compile_utils picks metrics_mod.binary_accuracy (threshold=0.5) whatever the loss's
    // from_logits
    Tensor x = x(40, 1);
    Sequential m = model(1, Activation.LINEAR);
    m.compile(new SGD(0), Losses.binaryCrossentropy(true), "accuracy");
    Tensor logits = m.predict(x);
    float[] p = logits.toFloatArray();
    float[] y = new float[p.length];
    int atHalf = 0;
    int atZero = 0;
    for (int i = 0; i < p.length; i++) {
      y[i] = p[i] > 0.25f ? 1f : 0f;
      atHalf += (p[i] > 0.5f ? 1f : 0f) == y[i] ? 1 : 0;
      atZero += (p[i] > 0f ? 1f : 0f) == y[i] ? 1 : 0;
    }
    assertNotEquals(atHalf, atZero, "the data must tell the two thresholds apart");
    Map<String, Double> ev = m.evaluate(x, Tensor.of(y).reshape(40, 1));
    assertEquals((float) atHalf / p.length, ev.get("accuracy"), 1e-6);
  }

  @Test
  void crossentropyAndCeChooseTheirKindFromShapes() {
    Tensor x = x(30, 2);
    Sequential bin = model(1, Activation.SIGMOID);
    bin.compile(new SGD(0), Losses.binaryCrossentropy(false), "ce", "ACC");
    float[] yb = new float[30];
    for (int i = 0; i < 30; i++) {
      yb[i] = i % 3 == 0 ? 1 : 0;
    }
    Tensor ybt = Tensor.of(yb).reshape(30, 1);
    Map<String, Double> ev = bin.evaluate(x, ybt);
    Tensor pb = bin.predict(x);
    assertEquals(List.of("loss", "ce", "ACC"), new ArrayList<>(ev.keySet()));
    assertEquals(once(new BinaryCrossentropy(), ybt, pb), ev.get("ce"), 1e-6);
    assertEquals(once(new BinaryAccuracy(), ybt, pb), ev.get("ACC"), 1e-6);

    Sequential cat = model(3, Activation.SOFTMAX);
    cat.compile(new SGD(0), Losses.categoricalCrossentropy(false), "crossentropy");
    float[][] oneHot = new float[30][3];
    int[] labels = new int[30];
    for (int i = 0; i < 30; i++) {
      labels[i] = i % 3;
      oneHot[i][i % 3] = 1;
    }
    Tensor pc = cat.predict(x);
    double cce = once(new CategoricalCrossentropy(), Tensor.of(oneHot), pc);
    assertEquals(cce, cat.evaluate(x, Tensor.of(oneHot)).get("crossentropy"), 1e-6);
    Sequential sparse = model(3, Activation.SOFTMAX);
    sparse.compile(new SGD(0), Losses.sparseCategoricalCrossentropy(false), "crossentropy");
    Map<String, Double> es = sparse.evaluate(x, Tensor.of(labels));
    assertEquals(
        once(new SparseCategoricalCrossentropy(), Tensor.of(labels), sparse.predict(x)),
        es.get("crossentropy"),
        1e-6);
    assertEquals(cce, es.get("crossentropy"), 1e-5, "one-hot and sparse agree");
  }

  @Test
  void rankOneLabelsAreExpandedBeforeEveryMetric() {
    // match_dtype_and_rank: y (n,) with predictions (n, 1) becomes (n, 1), so mse is per sample,
    // not one mean per batch (30 rows in batches of 8 end with a batch of 6)
    Tensor x = x(30, 3);
    Sequential m = model(1, Activation.LINEAR);
    m.compile(new SGD(0), Losses::meanSquaredError, "mse");
    float[] y = new float[30];
    for (int i = 0; i < 30; i++) {
      y[i] = i * 0.1f;
    }
    double expected = once(new MeanSquaredError(), Tensor.of(y).reshape(30, 1), m.predict(x));
    assertEquals(expected, m.evaluate(x, Tensor.of(y), 8).get("mse"), 1e-6);
  }

  @Test
  void unnamedMetricsOfOneClassAreNumbered() {
    Tensor x = x(20, 4);
    float[] y = new float[20];
    for (int i = 0; i < 20; i++) {
      y[i] = i % 2;
    }
    Tensor yt = Tensor.of(y).reshape(20, 1);
    Sequential m = model(1, Activation.SIGMOID);
    AUC roc = new AUC();
    AUC pr = AUC.builder().curve("PR").build();
    m.compile(new SGD(0), Losses.binaryCrossentropy(false), roc, pr);
    assertEquals("auc_1", pr.name());
    History h = m.fit(x, yt, quiet().validationData(x, yt).build());
    assertEquals(
        List.of("loss", "auc", "auc_1", "val_loss", "val_auc", "val_auc_1"),
        new ArrayList<>(h.history().keySet()));
    Tensor p = m.predict(x);
    assertEquals(once(AUC.builder().curve("PR").build(), yt, p), h.get("val_auc_1").get(0), 1e-6);

    Sequential s = model(1, Activation.SIGMOID);
    s.compile(new SGD(0), Losses.binaryCrossentropy(false), "auc", "precision", "auc", "precision");
    Map<String, Double> ev = s.evaluate(x, yt);
    assertEquals(
        List.of("loss", "auc", "precision", "auc_1", "precision_1"), new ArrayList<>(ev.keySet()));
    assertEquals(ev.get("auc"), ev.get("auc_1"));

    Path file = dir.resolve("m.lgm");
    s.save(file);
    Model back = Model.load(file);
    assertEquals(ev, back.evaluate(x, yt));
  }

  @Test
  void lossMetricsSaveAndLoad() {
    Tensor x = x(12, 5);
    Sequential m = model(3, Activation.SOFTMAX);
    m.compile(
        new SGD(0),
        Losses.sparseCategoricalCrossentropy(false),
        new SparseCategoricalCrossentropy("xent", false),
        new CategoricalCrossentropy("cce", false, 0.1),
        AUC.builder().name("mauc").multiLabel(true).labelWeights(1, 2, 3).build());
    int[] labels = new int[12];
    for (int i = 0; i < 12; i++) {
      labels[i] = (i * 7) % 3;
    }
    Path file = dir.resolve("m.lgm");
    m.save(file);
    Model back = Model.load(file);
    assertEquals(3, back.metrics().size());
    AUC mauc = (AUC) back.metrics().get(2);
    assertTrue(mauc.multiLabel());
    assertEquals(3, mauc.numLabels());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3}, mauc.labelWeights());
    CategoricalCrossentropy c = (CategoricalCrossentropy) back.metrics().get(1);
    assertEquals(0.1, c.labelSmoothing());
    assertEquals("xent", ((Metric) back.metrics().get(0)).name());
    float[][] oneHot = new float[12][3];
    for (int i = 0; i < 12; i++) {
      oneHot[i][labels[i]] = 1;
    }
    Tensor yt = Tensor.of(oneHot);
    Sequential plain = model(3, Activation.SOFTMAX);
    plain.compile(
        new SGD(0), Losses.categoricalCrossentropy(false), "mape", "kullback_leibler_divergence");
    Map<String, Double> ev = plain.evaluate(x, yt);
    Tensor p = plain.predict(x);
    assertEquals(
        once(new dev.lanegrad.metrics.MeanAbsolutePercentageError(), yt, p), ev.get("mape"), 1e-3);
    assertEquals(
        once(new dev.lanegrad.metrics.KLDivergence(), yt, p),
        ev.get("kullback_leibler_divergence"),
        1e-6);
  }
}
