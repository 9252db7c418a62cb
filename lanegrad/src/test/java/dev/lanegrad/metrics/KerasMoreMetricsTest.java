package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The confusion-count, threshold-sweep, F-score, R2 and IoU metrics against the values of Keras
 * 2.15's docstrings ("Standalone usage" in tf_keras/metrics/confusion_metrics.py,
 * f_score_metrics.py, regression_metrics.py and iou_metrics.py) and hand-computed counts.
 */
class KerasMoreMetricsTest {
  static Tensor f(float... v) {
    return Tensor.of(v);
  }

  static Tensor i(int... v) {
    return Tensor.of(v);
  }

  /** Keras's float32 result widened, exactly. */
  static void keras(double expected, Metric m) {
    assertEquals((double) (float) expected, m.result(), 0.0, m.toString());
  }

  /** A docstring value printed with fewer digits than a float32 has. */
  static void near(double expected, Metric m) {
    assertEquals(expected, m.result(), 1e-6, m.toString());
  }

  @Test
  void conditionCountsMatchKerasDocstrings() {
    Object[][] cases = {
      {new TruePositives(), f(0, 1, 1, 1), f(1, 0, 1, 1), "true_positives"},
      {new TrueNegatives(), f(0, 1, 0, 0), f(1, 1, 0, 0), "true_negatives"},
      {new FalsePositives(), f(0, 1, 0, 0), f(0, 0, 1, 1), "false_positives"},
      {new FalseNegatives(), f(0, 1, 1, 1), f(0, 1, 0, 0), "false_negatives"},
    };
    for (Object[] c : cases) {
      Metric m = (Metric) c[0];
      assertEquals(c[3], m.name());
      m.updateState((Tensor) c[1], (Tensor) c[2]);
      keras(2.0, m);
      m.resetState();
      keras(0.0, m);
      m.updateState((Tensor) c[1], (Tensor) c[2], f(0, 0, 1, 0));
      keras(1.0, m);
    }
    // thresholds=0 for logits, as the docstrings advise: -0.3 is negative, 0.2 positive
    Metric tp = new TruePositives("tp", 0.0);
    tp.updateState(f(1, 1, 0), f(-0.3f, 0.2f, 0.9f));
    keras(1.0, tp);
    assertThrows(IllegalArgumentException.class, () -> new FalseNegatives("fn", 1.5));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new TruePositives().updateState(f(1, 0), f(1)));
    assertTrue(e.getMessage().startsWith("TruePositives \"true_positives\".updateState"));
  }

  @Test
  void thresholdSweepsMatchKerasDocstrings() {
    Tensor t = f(0, 0, 0, 1, 1);
    Tensor p = f(0, 0.3f, 0.8f, 0.3f, 0.8f);
    Metric m = new SensitivityAtSpecificity(0.5);
    assertEquals("sensitivity_at_specificity", m.name());
    m.updateState(t, p);
    keras(0.5, m);
    m.resetState();
    m.updateState(t, p, f(1, 1, 2, 2, 1));
    keras(1.0 / 3, m);

    m = new SpecificityAtSensitivity(0.5);
    m.updateState(t, p);
    keras(2.0 / 3, m);
    m.resetState();
    m.updateState(t, p, f(1, 1, 2, 2, 2));
    keras(0.5, m);

    m = new PrecisionAtRecall(0.5);
    m.updateState(t, p);
    keras(0.5, m);
    m.resetState();
    m.updateState(t, p, f(2, 2, 2, 1, 1));
    keras(1.0 / 3, m);

    m = new RecallAtPrecision(0.8);
    m.updateState(f(0, 0, 1, 1), f(0, 0.5f, 0.3f, 0.9f));
    keras(0.5, m);
    m.resetState();
    m.updateState(f(0, 0, 1, 1), f(0, 0.5f, 0.3f, 0.9f), f(1, 0, 0, 1));
    keras(1.0, m);
    // a precision no threshold reaches: 0 (the docstring's "the required precision might not be
    // achievable, in this case 0.0 is returned")
    m.resetState();
    m.updateState(f(0, 1), f(0.9f, 0.1f));
    keras(0.0, m);
  }

  @Test
  void thresholdSweepClassIdAndFewThresholds() {
    // class_id 1 of (3, 2) inputs: column 1 only; labels [1, 0, 1], predictions [0.9, 0.2, 0.6]
    Tensor t = Tensor.of(new float[][] {{0, 1}, {1, 0}, {0, 1}});
    Tensor p = Tensor.of(new float[][] {{0.1f, 0.9f}, {0.8f, 0.2f}, {0.3f, 0.6f}});
    Metric m = new PrecisionAtRecall("p", 1.0, 200, 1);
    m.updateState(t, p);
    keras(1.0, m); // any threshold in [0.2, 0.6): both positives, no negative
    // one threshold, 0.5 (Keras's num_thresholds=1): counts at 0.5 only
    Metric one = new SensitivityAtSpecificity("s", 0.0, 1, -1);
    one.updateState(f(1, 1, 0), f(0.6f, 0.4f, 0.7f));
    keras(0.5, one);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RecallAtPrecision("r", 0.5, 10, 2).updateState(t, p));
    assertTrue(e.getMessage().contains("classId 2 is outside the last axis"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PrecisionAtRecall(1.5));
    assertThrows(IllegalArgumentException.class, () -> new PrecisionAtRecall("p", 0.5, 0, -1));
  }

  static final Tensor FT = Tensor.of(new int[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
  static final Tensor FP =
      Tensor.of(new float[][] {{0.2f, 0.6f, 0.7f}, {0.2f, 0.6f, 0.6f}, {0.6f, 0.8f, 0f}});

  @Test
  void fScoresMatchKerasDocstrings() {
    FBetaScore fb = new FBetaScore("fbeta_score", null, 2.0, 0.5);
    fb.updateState(FT, FP);
    assertArrayEquals(
        new double[] {0.3846154f, 0.90909094f, 0.8333334f}, fb.results(), 1e-7, fb.toString());
    F1Score f1 = new F1Score("f1_score", null, 0.5);
    f1.updateState(FT, FP);
    assertArrayEquals(new double[] {0.5, 0.8f, 0.6666667f}, f1.results(), 1e-7);
    IllegalStateException e = assertThrows(IllegalStateException.class, f1::result);
    assertTrue(e.getMessage().startsWith("F1Score \"f1_score\".result"), e.getMessage());
    assertEquals("f1_score", new F1Score().name());
    assertEquals("fbeta_score", new FBetaScore().name());
  }

  @Test
  void fScoreAveragesByHand() {
    // threshold 0.5: tp = [1, 2, 1], fp = [0, 1, 1], fn = [2, 0, 0], support = [3, 2, 1]
    F1Score macro = new F1Score("m", "macro", 0.5);
    macro.updateState(FT, FP);
    assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, macro.result(), 1e-7);
    F1Score micro = new F1Score("m", "micro", 0.5);
    micro.updateState(FT, FP);
    assertEquals(2.0 / 3, micro.result(), 1e-7); // tp 4, fp 2, fn 2
    F1Score weighted = new F1Score("m", "weighted", 0.5);
    weighted.updateState(FT, FP);
    assertEquals((0.5 * 3 + 0.8 * 2 + 2.0 / 3) / 6, weighted.result(), 1e-7);
    // no threshold: each row's largest (ties all count): [0,0,1], [0,1,1], [0,1,0]
    F1Score top = new F1Score("t", null, null);
    top.updateState(FT, FP);
    assertArrayEquals(new double[] {0, 0.5, 2.0 / 3}, top.results(), 1e-7);
    // an all-zero row predicts nothing; row weights scale the counts
    F1Score w = new F1Score("w", "micro", null);
    w.updateState(
        Tensor.of(new float[][] {{1, 0}, {0, 1}}),
        Tensor.of(new float[][] {{0, 0}, {0.2f, 0.7f}}),
        f(5, 1));
    assertEquals(2 * 1.0 * (1.0 / 6) / (1 + 1.0 / 6), w.result(), 1e-7); // tp 1, fp 0, fn 5
    assertThrows(IllegalArgumentException.class, () -> new F1Score("x", "mean", null));
    assertThrows(IllegalArgumentException.class, () -> new FBetaScore("x", null, 0.0, null));
    assertThrows(IllegalArgumentException.class, () -> new F1Score("x", null, 0.0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> macro.updateState(f(1, 0), f(1, 0)));
    assertTrue(e.getMessage().contains("(batch_size, output_dim)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            macro.updateState(
                Tensor.of(new float[][] {{1, 0}}), Tensor.of(new float[][] {{1, 0}})));
  }

  @Test
  void r2ScoreMatchesKerasDocstringAndOptions() {
    Metric m = new R2Score();
    assertEquals("r2_score", m.name());
    Tensor t = Tensor.of(new float[][] {{1}, {4}, {3}});
    Tensor p = Tensor.of(new float[][] {{2}, {4}, {4}});
    m.updateState(t, p);
    assertEquals(0.57142854f, m.result(), 1e-7);
    // two outputs: column 0 as above (r2 = 4/7), column 1 y = [0, 1, 2], p = [0, 1, 1]: 1 - 1/2
    Tensor t2 = Tensor.of(new float[][] {{1, 0}, {4, 1}, {3, 2}});
    Tensor p2 = Tensor.of(new float[][] {{2, 0}, {4, 1}, {4, 1}});
    R2Score none = new R2Score("r", null, 0);
    none.updateState(t2, p2);
    assertArrayEquals(new double[] {4.0 / 7, 0.5}, none.results(), 1e-6);
    assertThrows(IllegalStateException.class, none::result);
    R2Score uniform = new R2Score("r", "uniform_average", 0);
    uniform.updateState(t2, p2);
    assertEquals((4.0 / 7 + 0.5) / 2, uniform.result(), 1e-6);
    // variance weighted: totals 14/3 and 2
    R2Score weighted = new R2Score("r", "variance_weighted_average", 0);
    weighted.updateState(t2, p2);
    assertEquals((14.0 / 3 * 4 / 7 + 2 * 0.5) / (14.0 / 3 + 2), weighted.result(), 1e-6);
    // adjusted with one regressor: n = 6 target elements, 1 - (1 - r2) * 5 / 4
    R2Score adjusted = new R2Score("r", "uniform_average", 1);
    adjusted.updateState(t2, p2);
    assertEquals(1 - (1 - (4.0 / 7 + 0.5) / 2) * 5 / 4, adjusted.result(), 1e-6);
    // more regressors than samples: the plain score (Keras warns)
    R2Score tooMany = new R2Score("r", "uniform_average", 10);
    tooMany.updateState(t2, p2);
    assertEquals((4.0 / 7 + 0.5) / 2, tooMany.result(), 1e-6);
    // a constant target: 1 - x / 0 is infinite, read as 0
    R2Score flat = new R2Score();
    flat.updateState(Tensor.of(new float[][] {{2}, {2}}), Tensor.of(new float[][] {{1}, {3}}));
    assertEquals(0.0, flat.result());
    // row weights: rows 0 and 2 only -> y = [1, 3], p = [2, 4]: 1 - 2 / 2 = 0
    R2Score rows = new R2Score();
    rows.updateState(t, p, f(1, 0, 1));
    assertEquals(0.0, rows.result(), 1e-7);
    assertThrows(IllegalArgumentException.class, () -> new R2Score("r", "mean", 0));
    assertThrows(IllegalArgumentException.class, () -> new R2Score("r", null, -1));
    assertThrows(IllegalArgumentException.class, () -> m.updateState(f(1, 2), f(1, 2)));
  }

  @Test
  void iouMetricsMatchKerasDocstrings() {
    Metric m = new IoU(2, new int[] {0});
    assertEquals("io_u", m.name());
    m.updateState(i(0, 0, 1, 1), i(0, 1, 0, 1));
    keras(1.0 / 3, m);
    m.resetState();
    m.updateState(i(0, 0, 1, 1), i(0, 1, 0, 1), f(0.3f, 0.3f, 0.3f, 0.1f));
    keras(0.33333334f, m);

    m = new MeanIoU(2);
    assertEquals("mean_io_u", m.name());
    m.updateState(i(0, 0, 1, 1), i(0, 1, 0, 1));
    keras(0.33333334f, m);
    m.resetState();
    m.updateState(i(0, 0, 1, 1), i(0, 1, 0, 1), f(0.3f, 0.3f, 0.3f, 0.1f));
    keras(0.23809525f, m);

    m = new BinaryIoU("binary_io_u", new int[] {0, 1}, 0.3);
    m.updateState(i(0, 1, 0, 1), f(0.1f, 0.2f, 0.4f, 0.7f));
    keras(0.33333334f, m);
    m.resetState();
    m.updateState(i(0, 1, 0, 1), f(0.1f, 0.2f, 0.4f, 0.7f), f(0.2f, 0.3f, 0.4f, 0.1f));
    keras(0.17361112f, m);
    assertEquals("binary_io_u", new BinaryIoU().name());

    Tensor t = Tensor.of(new int[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}});
    Tensor p =
        Tensor.of(
            new float[][] {
              {0.2f, 0.3f, 0.5f}, {0.1f, 0.2f, 0.7f}, {0.5f, 0.3f, 0.1f}, {0.1f, 0.4f, 0.5f}
            });
    Tensor w = f(0.1f, 0.2f, 0.3f, 0.4f);
    m = new OneHotIoU(3, new int[] {0, 2});
    assertEquals("one_hot_io_u", m.name());
    m.updateState(t, p, w);
    near((0 / 0.9 + 0.1 / 0.7) / 2, m);
    m = new OneHotMeanIoU(3);
    assertEquals("one_hot_mean_io_u", m.name());
    m.updateState(t, p, w);
    near((0.1 / 0.7) / 3, m);
  }

  @Test
  void iouIgnoreClassAxisAndBadIds() {
    // label 255 (a "void" class) is dropped with its prediction
    IoU m = new IoU("v", 2, new int[] {0, 1}, 255, true, true, -1);
    m.updateState(i(0, 255, 1, 1), i(0, 1, 1, 0));
    // cm = [[1, 0], [1, 1]]: iou_0 = 1 / 2, iou_1 = 1 / 2
    keras(0.5, m);
    assertArrayEquals(new float[] {1, 0}, m.confusionMatrix()[0]);
    // dense predictions over axis 1 of (2, 2, 1): argmax along the middle axis
    IoU dense = new IoU("d", 2, new int[] {0, 1}, null, true, false, 1);
    dense.updateState(
        Tensor.of(new int[][] {{0}, {1}}),
        Tensor.of(new float[][][] {{{0.9f}, {0.1f}}, {{0.2f}, {0.8f}}}));
    keras(1.0, dense);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new MeanIoU(2).updateState(i(0, 2), i(0, 1)));
    assertTrue(e.getMessage().contains("outside the classes [0, 2)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new MeanIoU(2).updateState(i(-1, 0), i(0, 1)));
    assertThrows(
        IllegalArgumentException.class, () -> new MeanIoU(2).updateState(i(0, 1, 1), i(0, 1)));
    assertThrows(IllegalArgumentException.class, () -> new IoU(2, new int[] {2}));
    assertThrows(IllegalArgumentException.class, () -> new IoU(2, new int[0]));
    assertThrows(IllegalArgumentException.class, () -> new MeanIoU(0));
    assertThrows(IllegalArgumentException.class, () -> new MeanIoU(1 << 20));
  }

  @Test
  void keraClassNamesResolve() {
    assertEquals(TruePositives.class, Metrics.get("TruePositives").getClass());
    assertEquals("false_negatives", Metrics.get("FalseNegatives").name());
    assertEquals("r2_score", Metrics.get("R2Score").name());
    assertEquals("binary_io_u", Metrics.get("BinaryIoU").name());
    assertThrows(IllegalArgumentException.class, () -> Metrics.get("F1Score"));
  }
}
