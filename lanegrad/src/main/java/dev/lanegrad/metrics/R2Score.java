package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * The coefficient of determination, as Keras's {@code tf.keras.metrics.R2Score}: per output column
 * of inputs {@code (batch, outputs)}, {@code 1 - sum(w (y - p)^2) / (sum(w y^2) - sum(w y)^2 /
 * sum(w))} from float32 sums (an infinite score, a constant target's, reads 0), then aggregated by
 * {@code classAggregation}: {@code "uniform_average"} (the mean over outputs, default), {@code
 * "variance_weighted_average"} (weighted by each output's total sum of squares) or null (one score
 * per output, {@link #results}). With {@code numRegressors = p > 0} the adjusted score {@code 1 -
 * (1 - r2) (n - 1) / (n - p - 1)}, {@code n} being the number of target elements seen (Keras counts
 * {@code tf.size(y_true)}); the plain score when {@code p >= n - 1}.
 *
 * <pre>{@code
 * Metric m = new R2Score();
 * m.updateState(Tensor.of(new float[][] {{1}, {4}, {3}}), Tensor.of(new float[][] {{2}, {4}, {4}}));
 * m.result();   // 0.57142854 = 1 - 2 / (26 - 64 / 3)
 * }</pre>
 */
public class R2Score extends Metric {
  private final String classAggregation;
  private final int numRegressors;
  private float[] sum;
  private float[] squaredSum;
  private float[] residual;
  private float[] count;
  private int numSamples;

  /** Keras's defaults: named {@code "r2_score"}, uniform average, no regressors. */
  public R2Score() {
    this("r2_score", "uniform_average", 0);
  }

  /**
   * @param classAggregation {@code "uniform_average"}, {@code "variance_weighted_average"} or null
   * @param numRegressors the independent regressors of the adjusted score, {@code >= 0}
   * @throws IllegalArgumentException for a null or empty name, another aggregation or a negative
   *     count
   */
  public R2Score(String name, String classAggregation, int numRegressors) {
    super(name);
    String what = "R2Score \"" + name + "\"";
    if (classAggregation != null
        && !classAggregation.equals("uniform_average")
        && !classAggregation.equals("variance_weighted_average")) {
      throw new IllegalArgumentException(
          what
              + ": classAggregation must be \"uniform_average\", \"variance_weighted_average\" or"
              + " null, got \""
              + classAggregation
              + "\"");
    }
    if (numRegressors < 0) {
      throw new IllegalArgumentException(
          what + ": numRegressors must be >= 0, got " + numRegressors);
    }
    this.classAggregation = classAggregation;
    this.numRegressors = numRegressors;
  }

  /** {@code "uniform_average"}, {@code "variance_weighted_average"} or null. */
  public String classAggregation() {
    return classAggregation;
  }

  /** The regressors of the adjusted score (0: the plain score). */
  public int numRegressors() {
    return numRegressors;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds a batch {@code (batch, outputs)}, weighted by {@code sampleWeight} (null; a scalar; one
   * weight per row, shape {@code (batch)}; or any shape that broadcasts to the targets).
   *
   * @throws IllegalArgumentException for null or complex inputs, inputs not of one rank-2 shape, an
   *     output count other than the first update's, or weights that do not broadcast; the state is
   *     then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = "R2Score \"" + name() + "\".updateState";
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    Values.batchByOutputs(what, yTrue, yPred);
    int rows = yTrue.shape().dim(0);
    int k = yTrue.shape().dim(1);
    if (sum != null && k != sum.length) {
      throw new IllegalArgumentException(
          what + ": built for " + sum.length + " outputs, got " + Values.shapes(yTrue, yPred));
    }
    int[] dims = {rows, k};
    float[] w;
    if (sampleWeight == null) {
      w = null;
    } else {
      // Keras: a rank-1 weight gets a features axis, then broadcast_weights to the targets
      Tensor sw = sampleWeight.rank() == 1 ? sampleWeight.reshape(-1, 1) : sampleWeight;
      if (sampleWeight.dtype().isComplex()) {
        throw new IllegalArgumentException(
            what + ": sampleWeight must be real, got " + sampleWeight.dtype());
      }
      w = Values.broadcast(what, dims, sw, false);
    }
    double[] s = new double[k];
    double[] sq = new double[k];
    double[] res = new double[k];
    double[] c = new double[k];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < k; j++) {
        int i = r * k + j;
        float wi = w == null ? 1f : w[i];
        float wy = t[i] * wi;
        float d = t[i] - p[i];
        s[j] += wy;
        sq[j] += t[i] * wy;
        res[j] += d * d * wi;
        c[j] += wi;
      }
    }
    if (sum == null) {
      sum = new float[k];
      squaredSum = new float[k];
      residual = new float[k];
      count = new float[k];
    }
    for (int j = 0; j < k; j++) {
      sum[j] += (float) s[j];
      squaredSum[j] += (float) sq[j];
      residual[j] += (float) res[j];
      count[j] += (float) c[j];
    }
    numSamples += rows * k;
  }

  /** The raw score of each output in float32; empty before the first update. */
  public double[] results() {
    if (sum == null) {
      return new double[0];
    }
    double[] out = new double[sum.length];
    for (int j = 0; j < out.length; j++) {
      float raw = 1f - residual[j] / total(j);
      out[j] = Float.isInfinite(raw) ? 0f : raw;
    }
    return out;
  }

  /** {@code sum(w y^2) - sum(w y) * mean}, Keras's {@code total}. */
  private float total(int j) {
    float mean = sum[j] / count[j];
    return squaredSum[j] - sum[j] * mean;
  }

  /**
   * The aggregated score (adjusted with {@code numRegressors}); 0 before the first update, NaN when
   * no weight was seen since a reset (0/0, as Keras).
   *
   * @throws IllegalStateException without aggregation: Keras's result is then one score per output,
   *     which {@link #results} gives
   */
  @Override
  public double result() {
    if (classAggregation == null) {
      throw new IllegalStateException(
          "R2Score \""
              + name()
              + "\".result: without classAggregation the result is one score per output; read"
              + " results(), or build the metric with \"uniform_average\"");
    }
    double[] raw = results();
    if (raw.length == 0) {
      return 0.0;
    }
    float r2;
    if (classAggregation.equals("uniform_average")) {
      float s = 0f;
      for (double v : raw) {
        s += (float) v;
      }
      r2 = s / raw.length;
    } else {
      float weighted = 0f;
      float weights = 0f;
      for (int j = 0; j < raw.length; j++) {
        weighted += total(j) * (float) raw[j];
        weights += total(j);
      }
      r2 = weighted / weights;
    }
    if (numRegressors != 0 && numRegressors < numSamples - 1) {
      float n = numSamples;
      float p = numRegressors;
      r2 = 1f - ((1f - r2) * (n - 1f)) / (n - p - 1f);
    }
    return r2;
  }

  @Override
  public void resetState() {
    if (sum != null) {
      Arrays.fill(sum, 0f);
      Arrays.fill(squaredSum, 0f);
      Arrays.fill(residual, 0f);
      Arrays.fill(count, 0f);
    }
    numSamples = 0;
  }
}
