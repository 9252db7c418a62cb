package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The F-beta score, as Keras's {@code tf.keras.metrics.FBetaScore}: per class (column of inputs
 * {@code (batch, classes)}) {@code (1 + beta^2) * precision * recall / (beta^2 * precision +
 * recall)}, from float32 counts {@code tp}, {@code fp}, {@code fn} (each {@code 0/0} read as 0, as
 * {@code divide_no_nan}). A prediction is 1 when {@code y_pred > threshold}, or, without a
 * threshold, when it is its row's largest and not 0; labels are used as given (0 or 1). {@code
 * average}: null (one score per class, {@link #results}), {@code "micro"} (one score from the
 * counts summed over classes), {@code "macro"} (the mean of the class scores), {@code "weighted"}
 * (their mean weighted by each class's label count).
 *
 * <pre>{@code
 * FBetaScore m = new FBetaScore("fbeta_score", null, 2.0, 0.5);
 * m.updateState(Tensor.of(new int[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}}),
 *     Tensor.of(new float[][] {{0.2f, 0.6f, 0.7f}, {0.2f, 0.6f, 0.6f}, {0.6f, 0.8f, 0f}}));
 * m.results();   // [0.3846154, 0.90909094, 0.8333334]
 * }</pre>
 */
public class FBetaScore extends Metric {
  private final String average;
  private final double beta;
  private final Double threshold;

  /** Counts per class (one for micro), allocated by the first update. */
  private float[] tp;

  private float[] fp;
  private float[] fn;
  private float[] support;

  /** Keras's defaults: named {@code "fbeta_score"}, no averaging, beta 1, no threshold. */
  public FBetaScore() {
    this("fbeta_score", null, 1.0, null);
  }

  /**
   * @param average null, {@code "micro"}, {@code "macro"} or {@code "weighted"}
   * @param beta the weight of recall, {@code > 0}
   * @param threshold null (each row's largest value is the prediction), or in {@code (0, 1]}
   * @throws IllegalArgumentException for a null or empty name, another average, {@code beta <= 0}
   *     (or NaN, infinite), or a threshold outside {@code (0, 1]}
   */
  public FBetaScore(String name, String average, double beta, Double threshold) {
    super(name);
    String what = getClass().getSimpleName() + " \"" + name + "\"";
    if (average != null
        && !average.equals("micro")
        && !average.equals("macro")
        && !average.equals("weighted")) {
      throw new IllegalArgumentException(
          what
              + ": average must be null, \"micro\", \"macro\" or \"weighted\", got \""
              + average
              + "\"");
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException(what + ": beta must be > 0, got " + beta);
    }
    if (threshold != null && !(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          what + ": threshold must be in (0, 1] (or null), got " + threshold);
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  /** null, {@code "micro"}, {@code "macro"} or {@code "weighted"}. */
  public String average() {
    return average;
  }

  /** The weight of recall in the harmonic mean. */
  public double beta() {
    return beta;
  }

  /** The threshold, or null when each row's largest value is the prediction. */
  public Double threshold() {
    return threshold;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds a batch {@code (batch, classes)}, each row weighted by {@code sampleWeight} (null, or
   * shape {@code (batch)}).
   *
   * @throws IllegalArgumentException for null or complex inputs, inputs not of one rank-2 shape, a
   *     class count other than the first update's, or weights not of shape {@code (batch)}; the
   *     state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    Values.batchByOutputs(what, yTrue, yPred);
    int rows = yPred.shape().dim(0);
    int classes = yPred.shape().dim(1);
    if (width >= 0 && classes != width) {
      throw new IllegalArgumentException(
          what + ": built for " + width + " classes, got " + Values.shapes(yTrue, yPred));
    }
    float[] w = null;
    if (sampleWeight != null) {
      w = Values.floats(what, "sampleWeight", sampleWeight);
      if (sampleWeight.rank() != 1 || w.length != rows) {
        throw new IllegalArgumentException(
            what
                + ": sampleWeight must have shape ("
                + rows
                + "), one weight per row, got "
                + sampleWeight.shape());
      }
    }
    boolean micro = average != null && average.equals("micro");
    int slots = micro ? 1 : classes;
    double[] dtp = new double[slots];
    double[] dfp = new double[slots];
    double[] dfn = new double[slots];
    double[] dsup = new double[slots];
    for (int r = 0; r < rows; r++) {
      float max = Float.NEGATIVE_INFINITY;
      if (threshold == null) {
        for (int k = 0; k < classes; k++) {
          max = Math.max(max, p[r * classes + k]);
        }
      }
      double wr = w == null ? 1.0 : w[r];
      for (int k = 0; k < classes; k++) {
        float v = p[r * classes + k];
        float pred;
        if (threshold == null) {
          // Keras: the row's maximum, but never a 0 (an all-zero row predicts nothing)
          pred = v >= max && Math.abs(v) > 1e-9f ? 1f : 0f;
        } else {
          pred = v > threshold.floatValue() ? 1f : 0f;
        }
        float y = t[r * classes + k];
        int s = micro ? 0 : k;
        dtp[s] += (float) (pred * y) * wr;
        dfp[s] += (float) (pred * (1f - y)) * wr;
        dfn[s] += (float) ((1f - pred) * y) * wr;
        dsup[s] += y * wr;
      }
    }
    if (tp == null) {
      tp = new float[slots];
      fp = new float[slots];
      fn = new float[slots];
      support = new float[slots];
      width = classes;
    }
    for (int s = 0; s < slots; s++) {
      tp[s] += (float) dtp[s];
      fp[s] += (float) dfp[s];
      fn[s] += (float) dfn[s];
      support[s] += (float) dsup[s];
    }
  }

  /** The class count of the first update (-1 before it). */
  private int width = -1;

  /**
   * The score per class in float32 (one value with {@code "micro"}), as Keras's {@code result()}
   * without averaging; empty before the first update.
   */
  public double[] results() {
    if (tp == null) {
      return new double[0];
    }
    float b2 = (float) (beta * beta);
    double[] out = new double[tp.length];
    for (int s = 0; s < tp.length; s++) {
      float precision = Confusion.divNoNan(tp[s], tp[s] + fp[s]);
      float recall = Confusion.divNoNan(tp[s], tp[s] + fn[s]);
      float mean = Confusion.divNoNan(precision * recall, b2 * precision + recall);
      out[s] = mean * (1f + b2);
    }
    return out;
  }

  /**
   * The averaged score (0 before the first update).
   *
   * @throws IllegalStateException without {@code average}: Keras's result is then one score per
   *     class, which {@link #results} gives
   */
  @Override
  public double result() {
    if (average == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " \""
              + name()
              + "\".result: without an average the result is one score per class; read results(),"
              + " or build the metric with average \"micro\", \"macro\" or \"weighted\"");
    }
    double[] f = results();
    if (f.length == 0) {
      return 0.0;
    }
    if (average.equals("weighted")) {
      float total = 0f;
      for (float s : support) {
        total += s;
      }
      float sum = 0f;
      for (int s = 0; s < f.length; s++) {
        sum += (float) f[s] * Confusion.divNoNan(support[s], total);
      }
      return sum;
    }
    float sum = 0f;
    for (double v : f) {
      sum += (float) v;
    }
    return sum / f.length;
  }

  @Override
  public void resetState() {
    if (tp != null) {
      Arrays.fill(tp, 0f);
      Arrays.fill(fp, 0f);
      Arrays.fill(fn, 0f);
      Arrays.fill(support, 0f);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "{name="
        + name()
        + ", results="
        + Arrays.toString(results()).toLowerCase(Locale.ROOT)
        + "}";
  }
}
