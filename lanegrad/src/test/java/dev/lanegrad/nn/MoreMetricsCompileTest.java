package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.metrics.BinaryIoU;
import dev.lanegrad.metrics.F1Score;
import dev.lanegrad.metrics.FBetaScore;
import dev.lanegrad.metrics.FalsePositives;
import dev.lanegrad.metrics.IoU;
import dev.lanegrad.metrics.MeanIoU;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.OneHotIoU;
import dev.lanegrad.metrics.OneHotMeanIoU;
import dev.lanegrad.metrics.PrecisionAtRecall;
import dev.lanegrad.metrics.R2Score;
import dev.lanegrad.metrics.RecallAtPrecision;
import dev.lanegrad.metrics.SensitivityAtSpecificity;
import dev.lanegrad.metrics.SpecificityAtSensitivity;
import dev.lanegrad.metrics.TruePositives;
import dev.lanegrad.optimizers.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confusion-count, threshold-sweep, F-score, R2 and IoU metrics in compile: logged under
 * Keras's names (unnamed ones numbered as Keras numbers them, {@code true_positives_1}), each log
 * equal to the metric computed once over all predictions (learning rate 0: the weights stay), kept
 * with their options by {@code Model.save}/{@code Model.load}; one-score-per-class metrics are
 * rejected at compile, since fit's logs hold one number per name.
 */
class MoreMetricsCompileTest {
  @TempDir Path dir;

  private static Tensor[] data(int n) {
    SplittableRandom r = new SplittableRandom(7);
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
        Dense.builder(1)
            .activation(Activation.SIGMOID)
            .inputShape(3)
            .kernelInitializer(Initializers.glorotUniform(3))
            .build());
  }

  private static List<Metric> fresh() {
    return List.of(
        new TruePositives(),
        new TruePositives(),
        new FalsePositives("fp", 0.3),
        new PrecisionAtRecall(0.5),
        new RecallAtPrecision("rap", 0.6, 50, -1),
        new SensitivityAtSpecificity(0.7),
        new SpecificityAtSensitivity(0.7),
        new F1Score("f1_macro", "macro", 0.5),
        new FBetaScore("f2_micro", "micro", 2.0, 0.4),
        new R2Score(),
        new BinaryIoU(),
        new IoU("iou", 2, new int[] {1}, null, true, true, -1),
        new MeanIoU("miou", 2, null, true, true, -1));
  }

  @Test
  void fitLogsEqualTheMetricsOverAllPredictions() {
    Tensor[] d = data(64);
    Sequential m = model();
    List<Metric> metrics = fresh();
    m.compile(new SGD(0.0), Losses::binaryCrossentropy, metrics.toArray(new Metric[0]));
    History h =
        m.fit(
            d[0],
            d[1],
            FitOptions.builder().epochs(1).batchSize(16).shuffle(false).verbose(0).build());
    List<String> names = new ArrayList<>();
    for (Metric x : metrics) {
      names.add(x.name());
    }
    assertEquals("true_positives", names.get(0));
    assertEquals("true_positives_1", names.get(1));
    assertEquals("precision_at_recall", names.get(3));
    Map<String, List<Double>> logs = h.history();
    Tensor pred = m.predict(d[0]);
    List<Metric> reference = fresh();
    for (int k = 0; k < metrics.size(); k++) {
      Metric r = reference.get(k);
      r.updateState(d[1], pred);
      String key = metrics.get(k).name();
      assertTrue(logs.containsKey(key), key + " in " + logs.keySet());
      assertEquals(r.result(), logs.get(key).get(0), 1e-6, key);
    }
  }

  @Test
  void saveAndLoadKeepEveryOption() {
    Sequential m = model();
    List<Metric> metrics = new ArrayList<>(fresh());
    metrics.add(new OneHotIoU("oh", 3, new int[] {0, 2}, 1, true, -1));
    metrics.add(new OneHotMeanIoU("ohm", 4, null, false, 0));
    metrics.add(new dev.lanegrad.metrics.SparseCategoricalCrossentropy("sce", true, 255, 1));
    metrics.add(new dev.lanegrad.metrics.CategoricalCrossentropy("cce", false, 0.1, 0));
    m.compile(new SGD(0.1), Losses::binaryCrossentropy, metrics.toArray(new Metric[0]));
    Path f = dir.resolve("m.lanegrad");
    m.save(f);
    Model back = Model.load(f);
    List<Object> loaded = back.metrics();
    assertEquals(metrics.size(), loaded.size());
    for (int k = 0; k < metrics.size(); k++) {
      Metric a = metrics.get(k);
      Metric b = (Metric) loaded.get(k);
      assertEquals(a.getClass(), b.getClass());
      assertEquals(a.name(), b.name());
      if (a instanceof RecallAtPrecision x) {
        RecallAtPrecision y = (RecallAtPrecision) b;
        assertEquals(x.precision(), y.precision());
        assertEquals(x.numThresholds(), y.numThresholds());
        assertEquals(x.classId(), y.classId());
      } else if (a instanceof FBetaScore x) {
        FBetaScore y = (FBetaScore) b;
        assertEquals(x.average(), y.average());
        assertEquals(x.beta(), y.beta());
        assertEquals(x.threshold(), y.threshold());
      } else if (a instanceof IoU x) {
        IoU y = (IoU) b;
        assertEquals(x.numClasses(), y.numClasses());
        assertArrayEquals(x.targetClassIds(), y.targetClassIds());
        assertEquals(x.ignoreClass(), y.ignoreClass());
        assertEquals(x.sparseYTrue(), y.sparseYTrue());
        assertEquals(x.sparseYPred(), y.sparseYPred());
        assertEquals(x.axis(), y.axis());
      } else if (a instanceof dev.lanegrad.metrics.SparseCategoricalCrossentropy x) {
        var y = (dev.lanegrad.metrics.SparseCategoricalCrossentropy) b;
        assertEquals(x.ignoreClass(), y.ignoreClass());
        assertEquals(x.axis(), y.axis());
        assertEquals(x.fromLogits(), y.fromLogits());
      } else if (a instanceof dev.lanegrad.metrics.CategoricalCrossentropy x) {
        var y = (dev.lanegrad.metrics.CategoricalCrossentropy) b;
        assertEquals(x.axis(), y.axis());
        assertEquals(x.labelSmoothing(), y.labelSmoothing());
      } else if (a instanceof FalsePositives x) {
        assertEquals(x.threshold(), ((FalsePositives) b).threshold());
      }
    }
  }

  @Test
  void oneScorePerClassIsRejectedAtCompile() {
    Sequential m = model();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.compile(new SGD(0.1), Losses::binaryCrossentropy, new F1Score()));
    assertTrue(e.getMessage().contains("F1Score \"f1_score\" gives one score per class"));
    assertThrows(
        IllegalArgumentException.class,
        () -> m.compile(new SGD(0.1), Losses::binaryCrossentropy, new R2Score("r", null, 0)));
  }
}
