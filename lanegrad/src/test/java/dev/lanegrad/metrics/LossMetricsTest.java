package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loss-based metrics against the standalone values of their Keras 2.15 docstrings
 * (tf_keras/metrics/probabilistic_metrics.py, regression_metrics.py, hinge_metrics.py), unweighted
 * and with the docstrings' sample weights, and the names {@code Metrics.get} and compile accept
 * (tf_keras/metrics/__init__.py's functions and aliases).
 */
class LossMetricsTest {
  private static final Tensor T01 = Tensor.of(new float[][] {{0, 1}, {0, 0}});
  private static final Tensor P64 = Tensor.of(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});
  private static final Tensor P11 = Tensor.of(new float[][] {{1, 1}, {0, 0}});
  private static final Tensor W10 = Tensor.of(new float[] {1, 0});

  private static void check(Metric m, Tensor t, Tensor p, Tensor w, double plain, double weighted) {
    m.updateState(t, p);
    assertEquals(plain, m.result(), Math.abs(plain) * 2e-6, m.name());
    m.resetState();
    assertEquals(0.0, m.result());
    m.updateState(t, p, w);
    assertEquals(weighted, m.result(), Math.abs(weighted) * 2e-6, m.name() + " weighted");
  }

  @Test
  void probabilisticDocstrings() {
    check(new BinaryCrossentropy(), T01, P64, W10, 0.81492424, 0.9162905);
    Tensor ct = Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}});
    Tensor cp = Tensor.of(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
    Tensor cw = Tensor.of(new float[] {0.3f, 0.7f});
    check(new CategoricalCrossentropy(), ct, cp, cw, 1.1769392, 1.6271976);
    check(
        new SparseCategoricalCrossentropy(),
        Tensor.of(new int[] {1, 2}),
        cp,
        cw,
        1.1769392,
        1.6271976);
    check(new KLDivergence(), T01, P64, W10, 0.45814306, 0.9162892);
    check(new Poisson(), T01, P11, W10, 0.49999997, 0.99999994);
  }

  @Test
  void regressionAndHingeDocstrings() {
    check(
        new CosineSimilarity(),
        Tensor.of(new float[][] {{0, 1}, {1, 1}}),
        Tensor.of(new float[][] {{1, 0}, {1, 1}}),
        Tensor.of(new float[] {0.3f, 0.7f}),
        0.49999997,
        0.6999999);
    check(new LogCoshError(), T01, P11, W10, 0.10844523, 0.21689045);
    check(new MeanAbsolutePercentageError(), T01, P11, W10, 250000000.0, 500000000.0);
    check(new MeanSquaredLogarithmicError(), T01, P11, W10, 0.12011322, 0.24022643);
    check(new Hinge(), T01, P64, W10, 1.3, 1.1);
    check(new SquaredHinge(), T01, P64, W10, 1.86, 1.46);
    check(new CategoricalHinge(), T01, P64, W10, 1.4, 1.2);
  }

  @Test
  void fromLogitsAndSmoothing() {
    // logits whose sigmoid / softmax are the probabilities above give the same values
    Tensor logits = Tensor.of(new float[][] {{0.4054651f, -0.4054651f}, {-0.4054651f, 0.4054651f}});
    Metric b = new BinaryCrossentropy("bce", true, 0);
    b.updateState(T01, logits);
    assertEquals(0.81492424, b.result(), 2e-6);
    Tensor ct = Tensor.of(new float[][] {{0, 1, 0}, {0, 0, 1}});
    Tensor cl = Tensor.of(new float[][] {{0, (float) Math.log(19), -20}, {0, 2.0794415f, 0}});
    // hand-computed: row 1 -log(19 / (1 + 19 + e^-20)), row 2 -log(1 / (1 + 8 + 1))
    double expected = (-Math.log(19 / (1 + 19 + Math.exp(-20))) - Math.log(1.0 / (1 + 8 + 1))) / 2;
    Metric c = new CategoricalCrossentropy("cce", true, 0);
    c.updateState(ct, cl);
    assertEquals(expected, c.result(), 2e-6);
    Metric s = new SparseCategoricalCrossentropy("scce", true);
    s.updateState(Tensor.of(new int[] {1, 2}), cl);
    assertEquals(expected, s.result(), 2e-6);
    // label smoothing 0.2: labels [0.1, 0.9] and [0.1, 0.1] (Keras's binary smoothing y(1-s)+s/2)
    Metric ls = new BinaryCrossentropy("ls", false, 0.2);
    ls.updateState(T01, P64);
    double r1 = -(0.1 * Math.log(0.6) + 0.9 * Math.log(0.4));
    double r2 =
        -(0.1 * Math.log(0.4) + 0.9 * Math.log(0.6) + 0.1 * Math.log(0.6) + 0.9 * Math.log(0.4))
            / 2;
    assertEquals((r1 + r2) / 2, ls.result(), 2e-6);
  }

  @Test
  void badInputNamesTheMetricAndKeepsState() {
    Metric s = new SparseCategoricalCrossentropy();
    Tensor p = Tensor.of(new float[][] {{0.5f, 0.5f}});
    s.updateState(Tensor.of(new int[] {0}), p);
    double before = s.result();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.updateState(Tensor.of(new int[] {2}), p));
    assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    assertEquals(before, s.result());
    assertThrows(
        IllegalArgumentException.class,
        () -> new BinaryCrossentropy().updateState(T01, Tensor.of(1f)));
    assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy("b", false, 1.5));
    assertThrows(
        IllegalArgumentException.class, () -> new CategoricalCrossentropy("c", false, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Hinge().updateState(null, T01));
  }

  @Test
  void kerasMetricNames() {
    // tf_keras/metrics/__init__.py: the functions and their aliases, logged under the name given
    List<String> functions =
        List.of(
            "bce",
            "BCE",
            "binary_crossentropy",
            "categorical_crossentropy",
            "sparse_categorical_crossentropy",
            "mape",
            "MAPE",
            "msle",
            "MSLE",
            "mean_absolute_percentage_error",
            "mean_squared_logarithmic_error",
            "kullback_leibler_divergence",
            "poisson",
            "cosine_similarity",
            "cosine_proximity",
            "logcosh",
            "log_cosh",
            "hinge",
            "squared_hinge",
            "categorical_hinge",
            "ACC");
    for (String n : functions) {
      assertEquals(n, Metrics.get(n).name());
      assertTrue(Metrics.names().contains(n), n);
    }
    assertEquals("kullback_leibler_divergence", Metrics.get("KLDivergence").name());
    assertEquals("logcosh", Metrics.get("LogCoshError").name());
    assertEquals(MeanAbsolutePercentageError.class, Metrics.get("mape").getClass());
    // "kld" is a loss alias only: Keras's metrics.get rejects it
    assertThrows(IllegalArgumentException.class, () -> Metrics.get("kld"));
  }

  @Test
  void uniqueNamesNumberUnnamedMetricsAsKeras() {
    // keras: AUC(), AUC() are auc and auc_1; two MeanSquaredError() raise "Found two metrics"
    AUC a = new AUC();
    AUC b = new AUC();
    Precision p = new Precision();
    List<Object> out = Metrics.uniqueNames("test", List.of(a, b, p, "precision", "auc"));
    assertEquals("auc", a.name());
    assertEquals("auc_1", b.name());
    assertEquals("precision_1", ((Metric) out.get(3)).name());
    assertEquals("auc_2", ((Metric) out.get(4)).name());
    AUC named = AUC.builder().name("auc").build();
    AUC c = new AUC();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Metrics.uniqueNames("m", List.of(c, named, new MeanSquaredError())));
    assertTrue(e.getMessage().contains("\"auc\""), e.getMessage());
    assertEquals("auc", c.name(), "a rejected call renames nothing");
    assertThrows(
        IllegalArgumentException.class,
        () -> Metrics.uniqueNames("m", List.of(new MeanSquaredError(), new MeanSquaredError())));
    assertThrows(IllegalArgumentException.class, () -> Metrics.uniqueNames("m", List.of(a, a)));
  }
}
