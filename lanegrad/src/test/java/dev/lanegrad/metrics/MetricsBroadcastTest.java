package dev.lanegrad.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The error metrics broadcast y_true against y_pred as Keras 2.15 does. Its MeanMetricWrapper
 * (keras/metrics/base_metric.py) and RootMeanSquaredError (keras/metrics/regression_metrics.py)
 * first call losses_utils.squeeze_or_expand_dimensions (keras/utils/losses_utils.py), which
 * squeezes a last axis of 1 only when the ranks differ by one, then mean_squared_error computes
 * mean(tf.math.squared_difference(y_pred, y_true), axis=-1) (keras/losses.py), mean_absolute_error
 * mean(abs(y_pred - y_true), axis=-1), poisson mean(y_pred - y_true * log(y_pred + eps), axis=-1):
 * elementwise ops with NumPy broadcasting. So y_true (n, 1) against y_pred (n, k) compares each
 * row's k predictions with the row's one label, and y_true (n,) against (n, k) is not squeezed (the
 * last axis of y_pred is not 1): it aligns with y_pred's last axis, valid only when n == k.
 */
class MetricsBroadcastTest {

  static final Tensor T_COLUMN = Tensor.of(new float[][] {{1}, {2}});
  static final Tensor P_23 = Tensor.of(new float[][] {{1, 2, 3}, {0, 2, 4}});

  @Test
  void columnLabelsAgainstSeveralPredictions() {
    // squared differences: row 0 (1-1, 2-1, 3-1)^2 = 0, 1, 4 (mean 5/3); row 1 (0-2, 2-2, 4-2)^2 =
    // 4, 0, 4 (mean 8/3)
    MeanSquaredError mse = new MeanSquaredError();
    mse.updateState(T_COLUMN, P_23);
    assertEquals(13.0 / 6, mse.result(), 1e-6);

    // absolute differences: row 0 0, 1, 2 (mean 1); row 1 2, 0, 2 (mean 4/3)
    MeanAbsoluteError mae = new MeanAbsoluteError();
    mae.updateState(T_COLUMN, P_23);
    assertEquals(7.0 / 6, mae.result(), 1e-6);

    // sqrt of the mean of all six squared differences: sqrt(13/6)
    RootMeanSquaredError rmse = new RootMeanSquaredError();
    rmse.updateState(T_COLUMN, P_23);
    assertEquals(Math.sqrt(13.0 / 6), rmse.result(), 1e-6);

    // one weight per sample weighs the rows' means: (5/3 * 1 + 8/3 * 3) / 4 = 29/12
    MeanSquaredError weighted = new MeanSquaredError();
    weighted.updateState(T_COLUMN, P_23, Tensor.of(new float[] {1, 3}));
    assertEquals(29.0 / 12, weighted.result(), 1e-6);

    // the wrapped loss functions broadcast too: poisson, row 0 (1 - log(1 + eps), 2 - log(2 +
    // eps)), row 1 (3, 4) with label 0
    Poisson poisson = new Poisson();
    poisson.updateState(
        Tensor.of(new float[][] {{1}, {0}}), Tensor.of(new float[][] {{1, 2}, {3, 4}}));
    double row0 = ((1 - Math.log(1 + 1e-7)) + (2 - Math.log(2 + 1e-7))) / 2;
    assertEquals((row0 + 3.5) / 2, poisson.result(), 1e-6);
  }

  @Test
  void vectorLabelsAlignWithTheLastAxis() {
    // y_true (2,) against y_pred (2, 2): [1, 2] is each row's pair of labels; row 0 (1-1, 1-2)^2 =
    // 0, 1 (mean 0.5); row 1 (3-1, 2-2)^2 = 4, 0 (mean 2)
    MeanSquaredError mse = new MeanSquaredError();
    mse.updateState(Tensor.of(new float[] {1, 2}), Tensor.of(new float[][] {{1, 1}, {3, 2}}));
    assertEquals(1.25, mse.result(), 1e-6);

    // y_true (3,) against y_pred (3, 2): 3 and 2 do not broadcast (TF raises there too); the state
    // is unchanged
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                mse.updateState(
                    Tensor.of(new float[] {1, 2, 3}),
                    Tensor.of(new float[][] {{1, 1}, {3, 2}, {0, 0}})));
    assertTrue(
        e.getMessage().contains("[3, 2]") || e.getMessage().contains("(3, 2)"), e.getMessage());
    assertEquals(1.25, mse.result(), 1e-6);

    // y_true (3,) against y_pred (3, 1): the last axis of 1 is squeezed, elementwise as before
    MeanAbsoluteError mae = new MeanAbsoluteError();
    mae.updateState(Tensor.of(new float[] {1, 2, 3}), Tensor.of(new float[][] {{2}, {2}, {0}}));
    assertEquals(4.0 / 3, mae.result(), 1e-6);
  }
}
