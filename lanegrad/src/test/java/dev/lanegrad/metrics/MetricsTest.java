package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The built-ins against the values in Keras 2.15's docstrings (the "Standalone usage" examples of
 * keras/metrics/accuracy_metrics.py, confusion_metrics.py, regression_metrics.py and
 * base_metric.py), hand-computed values, and AUC's bucketed counts against the
 * threshold-by-threshold definition of keras/utils/metrics_utils.py.
 */
class MetricsTest {
  static Tensor f(float... v) {
    return Tensor.of(v);
  }

  static Tensor f2(float[]... v) {
    return Tensor.of(v);
  }

  /** Keras's float32 result widened, as the docstrings print {@code result().numpy()}. */
  static void keras(double expected, Metric m) {
    assertEquals((double) (float) expected, m.result(), 0.0, m.toString());
  }

  @Test
  void meanMatchesKerasDocstring() {
    Mean m = new Mean();
    m.updateState(f(1, 3, 5, 7));
    keras(4.0, m);
    m.resetState();
    m.updateState(f(1, 3, 5, 7), f(1, 1, 0, 0));
    keras(2.0, m);
    assertEquals("mean", m.name());
    m.resetState();
    assertEquals(0.0, m.result());
  }

  @Test
  void meanAveragesTrailingAxesForLeadingWeights() {
    // Keras's fallback: weights of shape (2,) for values (2, 2): each row's mean, weighted
    Mean m = new Mean();
    m.updateState(f2(new float[] {1, 3}, new float[] {10, 20}), f(1, 3));
    keras((2.0 * 1 + 15.0 * 3) / 4, m);
  }

  @Test
  void accuracyMatchesKerasDocstring() {
    Metric m = new Accuracy();
    Tensor t = f2(new float[] {1}, new float[] {2}, new float[] {3}, new float[] {4});
    Tensor p = f2(new float[] {0}, new float[] {2}, new float[] {3}, new float[] {4});
    m.updateState(t, p);
    keras(0.75, m);
    m.resetState();
    m.updateState(t, p, f(1, 1, 0, 0));
    keras(0.5, m);
  }

  @Test
  void binaryAccuracyMatchesKerasDocstring() {
    Metric m = new BinaryAccuracy();
    Tensor t = f2(new float[] {1}, new float[] {1}, new float[] {0}, new float[] {0});
    Tensor p = f2(new float[] {0.98f}, new float[] {1}, new float[] {0}, new float[] {0.6f});
    m.updateState(t, p);
    keras(0.75, m);
    m.resetState();
    m.updateState(t, p, f(1, 0, 0, 1));
    keras(0.5, m);
    assertEquals("binary_accuracy", m.name());
  }

  @Test
  void binaryAccuracyIsStrictlyAboveTheThresholdAndMeansOverTheLastAxis() {
    Metric m = new BinaryAccuracy();
    // 0.5 is not above 0.5: predicted 0; rows (2 of 2) and (1 of 2) average to 0.75
    m.updateState(
        f2(new float[] {0, 1}, new float[] {1, 1}),
        f2(new float[] {0.5f, 0.7f}, new float[] {0.9f, 0.2f}));
    keras(0.75, m);
    Metric logits = new BinaryAccuracy("acc0", 0.0);
    logits.updateState(f(1, 0), f(0.1f, -0.1f));
    keras(1.0, logits);
  }

  @Test
  void categoricalAccuraciesMatchKerasDocstrings() {
    Tensor oneHot = f2(new float[] {0, 0, 1}, new float[] {0, 1, 0});
    Tensor p = f2(new float[] {0.1f, 0.9f, 0.8f}, new float[] {0.05f, 0.95f, 0});
    Tensor w = f(0.7f, 0.3f);
    Metric c = new CategoricalAccuracy();
    c.updateState(oneHot, p);
    keras(0.5, c);
    c.resetState();
    c.updateState(oneHot, p, w);
    keras(0.3, c);

    Tensor sparse = f2(new float[] {2}, new float[] {1});
    Tensor ps = f2(new float[] {0.1f, 0.6f, 0.3f}, new float[] {0.05f, 0.95f, 0});
    Metric s = new SparseCategoricalAccuracy();
    s.updateState(sparse, ps);
    keras(0.5, s);
    s.resetState();
    s.updateState(sparse, ps, w);
    keras(0.3, s);
    s.resetState();
    s.updateState(Tensor.of(new int[] {2, 1}), ps); // labels without the axis of 1, integer
    keras(0.5, s);

    Metric k = new TopKCategoricalAccuracy(1);
    k.updateState(oneHot, p);
    keras(0.5, k);
    k.resetState();
    k.updateState(oneHot, p, w);
    keras(0.3, k);

    Metric sk = new SparseTopKCategoricalAccuracy(1);
    sk.updateState(Tensor.of(new int[] {2, 1}), p);
    keras(0.5, sk);
    sk.resetState();
    sk.updateState(Tensor.of(new int[] {2, 1}), p, w);
    keras(0.3, sk);
    assertEquals(5, new TopKCategoricalAccuracy().k());
    assertEquals("sparse_top_k_categorical_accuracy", new SparseTopKCategoricalAccuracy().name());
  }

  @Test
  void topKCountsTiesAtTheBoundaryAsInTopK() {
    // TF's in_top_k kernel: in when fewer than k classes score strictly higher
    Tensor p = f2(new float[] {0.5f, 0.5f, 0.5f, 0.1f});
    Metric k1 = new SparseTopKCategoricalAccuracy(1);
    k1.updateState(Tensor.of(new int[] {2}), p); // three-way tie for first: all in the top 1
    keras(1.0, k1);
    Metric k3 = new SparseTopKCategoricalAccuracy(3);
    k3.updateState(Tensor.of(new int[] {3}), p); // three classes above it
    keras(0.0, k3);
    Metric k4 = new SparseTopKCategoricalAccuracy(4);
    k4.updateState(
        Tensor.of(new int[] {3, 7, -1}),
        f2(
            new float[] {0.5f, 0.5f, 0.5f, 0.1f},
            new float[] {1, 2, 3, 4},
            new float[] {1, 2, 3, 4}));
    keras(1.0 / 3, k4); // a label out of range is a miss
    Metric nan = new SparseTopKCategoricalAccuracy(3);
    nan.updateState(Tensor.of(new int[] {0}), f2(new float[] {0.9f, Float.NaN, 0.1f}));
    keras(0.0, nan); // a non-finite score makes the row a miss
  }

  @Test
  void precisionAndRecallMatchKerasDocstrings() {
    Tensor t = f(0, 1, 1, 1);
    Tensor p = f(1, 0, 1, 1);
    Metric pr = new Precision();
    pr.updateState(t, p);
    keras(2.0 / 3, pr);
    pr.resetState();
    pr.updateState(t, p, f(0, 0, 1, 0));
    keras(1.0, pr);
    Metric re = new Recall();
    re.updateState(t, p);
    keras(2.0 / 3, re);
    re.resetState();
    re.updateState(t, p, f(0, 0, 1, 0));
    keras(1.0, re);
    // the threshold is strict and labels are positive when non-zero
    Metric p2 = new Precision();
    p2.updateState(f(2, 0, 0), f(0.6f, 0.5f, 0.51f));
    keras(0.5, p2);
    Metric none = new Recall();
    none.updateState(f(0, 0), f(0.9f, 0.1f));
    keras(0.0, none); // no positive label: divide_no_nan gives 0
  }

  @Test
  void aucMatchesKerasDocstring() {
    AUC m = AUC.builder().numThresholds(3).build();
    Tensor t = f(0, 0, 1, 1);
    Tensor p = f(0, 0.5f, 0.3f, 0.9f);
    m.updateState(t, p);
    assertArrayEquals(new float[] {2, 1, 0}, m.truePositives());
    assertArrayEquals(new float[] {2, 0, 0}, m.falsePositives());
    assertArrayEquals(new float[] {0, 1, 2}, m.falseNegatives());
    assertArrayEquals(new float[] {0, 2, 2}, m.trueNegatives());
    keras(0.75, m);
    m.resetState();
    m.updateState(t, p, f(1, 0, 0, 1));
    keras(1.0, m);
  }

  @Test
  void aucCurvesAndSummationMethodsByHand() {
    Tensor t = f(0, 0, 1, 1);
    Tensor p = f(0, 0.5f, 0.3f, 0.9f);
    // tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2]; ROC y = [1, .5, 0], x = [1, 0, 0]
    assertEquals(0.5, auc(3, "ROC", "minoring", t, p), 1e-7);
    assertEquals(1.0, auc(3, "ROC", "majoring", t, p), 1e-7);
    // PR: x = recall = [1, .5, 0], y = precision = [.5, 1, 0]
    assertEquals(0.25, auc(3, "PR", "minoring", t, p), 1e-7);
    assertEquals(1.0, auc(3, "PR", "majoring", t, p), 1e-7);
    // Davis-Goadrich: interval 0: slope 1/3, intercept 2/3, p ratio 4 -> (1 + 2/3 ln 4) / 3 / 2;
    // interval 1: slope 1, intercept 0 -> 1 / 2
    double expected = (1 + 2.0 / 3 * Math.log(4)) / 3 / 2 + 0.5;
    assertEquals(expected, auc(3, "PR", "interpolation", t, p), 1e-6);
  }

  private static double auc(int n, String curve, String method, Tensor t, Tensor p) {
    AUC m = AUC.builder().numThresholds(n).curve(curve).summationMethod(method).build();
    m.updateState(t, p);
    return m.result();
  }

  @Test
  void aucDefaultsAreKeras() {
    AUC m = new AUC();
    assertEquals(200, m.numThresholds());
    assertEquals("ROC", m.curve());
    assertEquals("interpolation", m.summationMethod());
    assertEquals("auc", m.name());
    double[] th = m.thresholds();
    assertEquals(-1e-7, th[0]);
    assertEquals(1.0 / 199, th[1]);
    assertEquals(198.0 / 199, th[198]);
    assertEquals(1 + 1e-7, th[199]);
  }

  /**
   * The buckets of Keras's optimized update against the plain definition (positive at threshold j
   * when {@code p > thresholds[j]}), over random data whose predictions avoid the thresholds
   * themselves, and the ROC and PR areas from those counts in float64.
   */
  @Test
  void aucBucketsEqualTheThresholdDefinition() {
    long seed = 20261207L;
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 50;
    int rows = 300;
    float[] t = new float[rows];
    float[] p = new float[rows];
    float[] w = new float[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = rng.nextInt(2);
      float x = (float) Math.min(1, Math.max(0, 0.3 * t[i] + 0.7 * rng.nextDouble()));
      if (rng.nextInt(10) == 0) {
        x = rng.nextBoolean() ? 0f : 1f; // the end points, inside the epsilon thresholds
      }
      p[i] = x;
      w[i] = (float) rng.nextDouble();
    }
    AUC roc = AUC.builder().numThresholds(n).build();
    AUC pr = AUC.builder().numThresholds(n).curve("PR").build();
    roc.updateState(Tensor.of(t), Tensor.of(p), Tensor.of(w));
    pr.updateState(Tensor.of(t), Tensor.of(p), Tensor.of(w));
    double[] th = roc.thresholds();
    double[] tp = new double[n];
    double[] fp = new double[n];
    double[] fn = new double[n];
    double[] tn = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < rows; i++) {
        boolean pos = p[i] > th[j];
        if (t[i] != 0) {
          if (pos) {
            tp[j] += w[i];
          } else {
            fn[j] += w[i];
          }
        } else if (pos) {
          fp[j] += w[i];
        } else {
          tn[j] += w[i];
        }
      }
      assertEquals(tp[j], roc.truePositives()[j], 1e-4, "seed " + seed + " tp " + j);
      assertEquals(fp[j], roc.falsePositives()[j], 1e-4, "seed " + seed + " fp " + j);
      assertEquals(fn[j], roc.falseNegatives()[j], 1e-4, "seed " + seed + " fn " + j);
      assertEquals(tn[j], roc.trueNegatives()[j], 1e-4, "seed " + seed + " tn " + j);
    }
    double area = 0;
    double prArea = 0;
    for (int j = 0; j < n - 1; j++) {
      double r0 = tp[j] / (tp[j] + fn[j]);
      double r1 = tp[j + 1] / (tp[j + 1] + fn[j + 1]);
      double f0 = fp[j] / (fp[j] + tn[j]);
      double f1 = fp[j + 1] / (fp[j + 1] + tn[j + 1]);
      area += (f0 - f1) * (r0 + r1) / 2;
      double dtp = tp[j] - tp[j + 1];
      double pa = tp[j] + fp[j];
      double pb = tp[j + 1] + fp[j + 1];
      double slope = pa - pb > 0 ? dtp / (pa - pb) : 0;
      double intercept = tp[j + 1] - slope * pb;
      double ratio = pa > 0 && pb > 0 ? pa / pb : 1;
      double total = tp[j + 1] + fn[j + 1];
      prArea += total > 0 ? slope * (dtp + intercept * Math.log(ratio)) / total : 0;
    }
    assertEquals(area, roc.result(), 1e-5, "seed " + seed);
    assertEquals(prArea, pr.result(), 1e-5, "seed " + seed);
    assertTrue(area > 0.6 && area < 1, "informative data: " + area);
  }

  @Test
  void aucFromLogitsAppliesTheSigmoid() {
    AUC a = AUC.builder().numThresholds(3).fromLogits(true).build();
    // sigmoid(-5), sigmoid(0) = 0.5, sigmoid(-0.85) ~ 0.3, sigmoid(2.2) ~ 0.9: the docstring's
    // order
    a.updateState(f(0, 0, 1, 1), f(-5, 0, -0.85f, 2.2f));
    keras(0.75, a);
  }

  @Test
  void errorsMatchKerasDocstrings() {
    Tensor t = f2(new float[] {0, 1}, new float[] {0, 0});
    Tensor p = f2(new float[] {1, 1}, new float[] {0, 0});
    Tensor w = f(1, 0);
    Metric mse = new MeanSquaredError();
    mse.updateState(t, p);
    keras(0.25, mse);
    mse.resetState();
    mse.updateState(t, p, w);
    keras(0.5, mse);
    Metric mae = new MeanAbsoluteError();
    mae.updateState(t, p);
    keras(0.25, mae);
    mae.resetState();
    mae.updateState(t, p, w);
    keras(0.5, mae);
    Metric rmse = new RootMeanSquaredError();
    rmse.updateState(t, p);
    keras(0.5, rmse);
    rmse.resetState();
    rmse.updateState(t, p, w);
    keras(0.70710677, rmse);
  }

  @Test
  void stateAccumulatesAcrossBatchesAsAWeightedMean() {
    Metric m = new BinaryAccuracy();
    m.updateState(f2(new float[] {1}, new float[] {0}), f2(new float[] {0.9f}, new float[] {0.9f}));
    m.updateState(f2(new float[] {1}), f2(new float[] {0.9f}));
    keras(2.0 / 3, m); // 2 of 3 samples, not the mean of the batch means (0.75)
    assertEquals((double) (2f / 3f), m.result(), 0.0);
  }

  @Test
  void badInputNamesTheMetricAndShapesAndLeavesTheStateAlone() {
    Metric m = new CategoricalAccuracy();
    m.updateState(f2(new float[] {0, 1}), f2(new float[] {0.2f, 0.8f}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.updateState(f2(new float[] {0, 1}), f2(new float[] {0.2f, 0.3f, 0.5f})));
    assertTrue(e.getMessage().contains("categorical_accuracy"), e.getMessage());
    assertTrue(
        e.getMessage().contains("(1, 2)") && e.getMessage().contains("(1, 3)"), e.getMessage());
    keras(1.0, m);
    Metric s = new SparseCategoricalAccuracy();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.updateState(Tensor.of(new int[] {1, 2, 3}), f2(new float[] {0.2f, 0.8f})));
    assertTrue(e.getMessage().contains("sparse_categorical_accuracy"), e.getMessage());
    Metric a = new AUC();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.updateState(f(0, 1, 1), f(0.2f, 0.9f, 0.1f), f(1, 2)));
    assertTrue(
        e.getMessage().contains("AUC \"auc\"") && e.getMessage().contains("(2,)"), e.getMessage());
    keras(0.0, a);
    assertThrows(IllegalArgumentException.class, () -> new Precision().updateState(null, f(1)));
    assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(0));
    assertThrows(IllegalArgumentException.class, () -> new Precision("p", 1.5));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().numThresholds(1));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().curve("DET"));
    assertThrows(IllegalArgumentException.class, () -> new Mean().updateState(f(1), f(1), f(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MeanSquaredError()
                .updateState(
                    f(1, 2), Tensor.of(new float[] {1, 2}).cast(dev.lanegrad.DType.COMPLEX64)));
  }

  @Test
  void metricsGetResolvesKerasNames() {
    assertEquals("mse", Metrics.get("mse").name());
    assertTrue(Metrics.get("mse") instanceof MeanSquaredError);
    assertEquals("mean_absolute_error", Metrics.get("MeanAbsoluteError").name());
    assertEquals("auc", Metrics.get("AUC").name());
    assertEquals("auc", Metrics.get("auc").name());
    assertEquals(5, ((TopKCategoricalAccuracy) Metrics.get("top_k_categorical_accuracy")).k());
    for (String n : Metrics.names()) {
      assertTrue(Metrics.get(n) != null, n);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1"));
    assertTrue(e.getMessage().contains("\"f1\"") && e.getMessage().contains("mse"));
  }

  @Test
  void customWrapperAveragesItsFunction() {
    Metric within =
        new MeanMetricWrapper(
            "within", (t, p) -> t.sub(p).abs().lessEqual(0.1).cast(dev.lanegrad.DType.FLOAT32));
    within.updateState(f(1, 2, 3, 4), f(1.05f, 2.5f, 3, 0));
    keras(0.5, within);
  }
}
