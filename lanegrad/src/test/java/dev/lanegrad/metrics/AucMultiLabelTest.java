package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * AUC's {@code multiLabel} and {@code labelWeights} as Keras 2.15's (tf_keras/metrics/
 * confusion_metrics.py: one confusion matrix per label, the mean of the labels' areas weighted by
 * label_weights; without multi_label the weights scale each column's counts), on the data of
 * confusion_metrics_test.py's MultiAUCTest with hand-computed areas, and against single-label AUCs
 * of each column.
 */
class AucMultiLabelTest {
  // MultiAUCTest: y_pred columns [0, 0.5, 0.3, 0.9] and [0.1, 0.2, 0.3, 0.4], y_true_good [0, 0, 1,
  // 1] in both, 5 thresholds [-1e-7, 0.25, 0.5, 0.75, 1 + 1e-7]
  private static final Tensor P =
      Tensor.of(new float[][] {{0, 0.1f}, {0.5f, 0.2f}, {0.3f, 0.3f}, {0.9f, 0.4f}});
  private static final Tensor Y = Tensor.of(new float[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}});

  @Test
  void meanOfTheLabelsAreas() {
    // label 0: tpr [1, 1, .5, .5, 0], fpr [1, .5, 0, 0, 0]: .5 * 1 + .5 * .75 = 0.875
    // label 1: tpr [1, 1, 0, 0, 0], fpr [1, 0, 0, 0, 0]: 1.0; the mean 0.9375
    AUC m = AUC.builder().numThresholds(5).multiLabel(true).build();
    m.updateState(Y, P);
    assertEquals(0.9375, m.result(), 1e-7);
    assertEquals(2, m.numLabels());
    assertEquals(10, m.truePositives().length);
    // the flat AUC counts every element in one curve instead
    AUC flat = AUC.builder().numThresholds(5).build();
    flat.updateState(Y, P);
    assertTrue(Math.abs(flat.result() - 0.9375) > 1e-3, "flat " + flat.result());
    // weighted labels: (0.875 * 0.75 + 1.0 * 0.25) / 1
    AUC w = AUC.builder().numThresholds(5).multiLabel(true).labelWeights(0.75, 0.25).build();
    w.updateState(Y, P);
    assertEquals(0.90625, w.result(), 1e-7);
    w.resetState();
    assertEquals(0.0, w.result());
    assertEquals(2, w.numLabels());
  }

  @Test
  void equalsTheMeanOfSingleLabelAucsOnRandomData() {
    SplittableRandom r = new SplittableRandom(20261207L);
    int rows = 50;
    int labels = 3;
    for (String curve : new String[] {"ROC", "PR"}) {
      float[][] y = new float[rows][labels];
      float[][] p = new float[rows][labels];
      float[] sw = new float[rows];
      for (int i = 0; i < rows; i++) {
        sw[i] = (float) r.nextDouble(0, 2);
        for (int j = 0; j < labels; j++) {
          y[i][j] = r.nextInt(2);
          p[i][j] = (float) r.nextDouble();
        }
      }
      AUC multi = AUC.builder().curve(curve).multiLabel(true).build();
      multi.updateState(Tensor.of(y), Tensor.of(p), Tensor.of(sw));
      double sum = 0;
      for (int j = 0; j < labels; j++) {
        float[] yc = new float[rows];
        float[] pc = new float[rows];
        for (int i = 0; i < rows; i++) {
          yc[i] = y[i][j];
          pc[i] = p[i][j];
        }
        AUC one = AUC.builder().curve(curve).build();
        one.updateState(Tensor.of(yc), Tensor.of(pc), Tensor.of(sw));
        sum += (float) one.result();
      }
      assertEquals(sum / labels, multi.result(), 1e-6, curve);
    }
  }

  @Test
  void labelWeightsWithoutMultiLabelScaleEachColumnsCounts() {
    // Keras multiplies the weights of each column's predictions by its label weight
    AUC lw = AUC.builder().numThresholds(5).labelWeights(2, 0.5).build();
    lw.updateState(Y, P);
    AUC sw = AUC.builder().numThresholds(5).build();
    sw.updateState(Y, P, Tensor.of(new float[][] {{2, 0.5f}, {2, 0.5f}, {2, 0.5f}, {2, 0.5f}}));
    assertEquals(sw.result(), lw.result());
    assertArrayEquals(sw.truePositives(), lw.truePositives());
  }

  @Test
  void badInputIsNamedAndLeavesTheCounts() {
    AUC m = AUC.builder().numThresholds(5).multiLabel(true).build();
    m.updateState(Y, P);
    double before = m.result();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.updateState(Tensor.of(new float[] {0, 1}), Tensor.of(new float[] {0.2f, 0.7f})));
    assertTrue(e.getMessage().startsWith("AUC \"auc\".updateState"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            m.updateState(
                Tensor.of(new float[][] {{0, 1, 1}}), Tensor.of(new float[][] {{0, 1, 1}})));
    assertEquals(before, m.result());
    AUC lw = AUC.builder().labelWeights(1, 2, 3).build();
    assertThrows(IllegalArgumentException.class, () -> lw.updateState(Y, P));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().labelWeights(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().labelWeights(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().labelWeights(0, 0));
    assertThrows(IllegalArgumentException.class, () -> AUC.builder().numLabels(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> AUC.builder().multiLabel(true).numLabels(3).labelWeights(1, 2).build());
  }
}
