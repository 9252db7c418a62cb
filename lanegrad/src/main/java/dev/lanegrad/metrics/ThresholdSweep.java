package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code SensitivitySpecificityBase}: confusion counts at {@code numThresholds} thresholds
 * ({@code [0.5]} for one; else {@code 0}, {@code i / (n - 1)}, {@code 1}), from which a subclass
 * picks the best value of one rate among the thresholds where another rate reaches a target.
 * Thresholds of three or more are evenly spaced, and Keras then counts a prediction {@code p} in
 * bucket {@code ceil(p * (n - 1)) - 1} (float32; {@code p} clipped to [0, 1]): positive at every
 * threshold up to its bucket, at none for {@code p = 0} or NaN. With {@code classId} only that
 * column of the last axis counts.
 */
abstract class ThresholdSweep extends Metric {
  /** The most thresholds: 2^20 (20 MiB of counts), far beyond Keras's default 200. */
  static final int MAX_THRESHOLDS = 1 << 20;

  private final double value;
  private final int numThresholds;
  private final int classId;
  private final float[] thresholds;
  private final float[] tp;
  private final float[] fp;
  private final float[] tn;
  private final float[] fn;

  ThresholdSweep(String name, String valueName, double value, int numThresholds, int classId) {
    super(name);
    String what = getClass().getSimpleName() + " \"" + name + "\"";
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          what + ": " + valueName + " must be in [0, 1], got " + value);
    }
    if (numThresholds <= 0 || numThresholds > MAX_THRESHOLDS) {
      throw new IllegalArgumentException(
          what
              + ": numThresholds must be in [1, "
              + MAX_THRESHOLDS
              + "] (five float32 counts each), got "
              + numThresholds);
    }
    if (classId < -1) {
      throw new IllegalArgumentException(
          what + ": classId must be >= 0 (or -1 for none), got " + classId);
    }
    this.value = value;
    this.numThresholds = numThresholds;
    this.classId = classId;
    thresholds = new float[numThresholds];
    if (numThresholds == 1) {
      thresholds[0] = 0.5f;
    } else {
      for (int i = 1; i < numThresholds - 1; i++) {
        thresholds[i] = (float) (i * 1.0 / (numThresholds - 1));
      }
      thresholds[numThresholds - 1] = 1f;
    }
    tp = new float[numThresholds];
    fp = new float[numThresholds];
    tn = new float[numThresholds];
    fn = new float[numThresholds];
  }

  /** The target rate given at construction. */
  double value() {
    return value;
  }

  /** The number of thresholds (default 200). */
  public int numThresholds() {
    return numThresholds;
  }

  /** The column of the last axis that counts, or -1 for every element. */
  public int classId() {
    return classId;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the batch's confusion counts at every threshold, each element weighted by {@code
   * sampleWeight} (null: 1).
   *
   * @throws IllegalArgumentException for null or complex inputs, shapes that do not fit, or a
   *     {@code classId} outside the last axis (naming the metric and the shapes); the state is then
   *     unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    Confusion c = Confusion.of(what, yTrue, yPred, sampleWeight);
    int n = numThresholds;
    int stride = 1;
    int offset = 0;
    if (classId >= 0) {
      int last = c.dims.length == 0 ? 1 : c.dims[c.dims.length - 1];
      if (c.dims.length == 0 || classId >= last) {
        throw new IllegalArgumentException(
            what
                + ": classId "
                + classId
                + " is outside the last axis: "
                + Values.shapes(yTrue, yPred));
      }
      stride = last;
      offset = classId;
    }
    float[] addTp = new float[n];
    float[] addFp = new float[n];
    float totalTrue = 0f;
    float totalFalse = 0f;
    boolean even = n >= 3;
    float scale = (float) (n - 1);
    for (int i = offset; i < c.pred.length; i += stride) {
      float w = c.weight(i);
      float t = c.positive[i] ? w : 0f;
      float f = c.positive[i] ? 0f : w;
      totalTrue += t;
      totalFalse += f;
      float p = c.pred[i];
      if (even) {
        if (Float.isNaN(p)) {
          continue;
        }
        p = Math.min(1f, Math.max(0f, p));
        int b = (int) ((float) Math.ceil(p * scale) - 1f);
        if (b >= 0) { // unsorted_segment_sum drops the -1 bucket of p = 0
          addTp[b] += t;
          addFp[b] += f;
        }
      } else {
        for (int k = 0; k < n; k++) {
          if (p > thresholds[k]) {
            addTp[k] += t;
            addFp[k] += f;
          }
        }
      }
    }
    if (even) { // a reversed cumulative sum: positive at every threshold up to the bucket
      for (int k = n - 2; k >= 0; k--) {
        addTp[k] += addTp[k + 1];
        addFp[k] += addFp[k + 1];
      }
    }
    for (int k = 0; k < n; k++) {
      tp[k] += addTp[k];
      fp[k] += addFp[k];
      fn[k] += totalTrue - addTp[k];
      tn[k] += totalFalse - addFp[k];
    }
  }

  /** {@code tp / (tp + fn)} at each threshold (float32 division, 0 for 0/0). */
  float[] recalls() {
    return rates(tp, fn);
  }

  /** {@code tn / (tn + fp)} at each threshold. */
  float[] specificities() {
    return rates(tn, fp);
  }

  /** {@code tp / (tp + fp)} at each threshold. */
  float[] precisions() {
    return rates(tp, fp);
  }

  private float[] rates(float[] hit, float[] miss) {
    float[] r = new float[numThresholds];
    for (int k = 0; k < r.length; k++) {
      r[k] = Confusion.divNoNan(hit[k], hit[k] + miss[k]);
    }
    return r;
  }

  /**
   * Keras's {@code _find_max_under_constraint}: the largest {@code dependent[k]} over the
   * thresholds where {@code constrained[k] >= value}, 0 when there is none.
   */
  double maxWhere(float[] constrained, float[] dependent) {
    boolean any = false;
    float best = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < constrained.length; k++) {
      if (constrained[k] >= (float) value) {
        any = true;
        best = Math.max(best, dependent[k]);
      }
    }
    return any ? best : 0.0;
  }

  @Override
  public void resetState() {
    Arrays.fill(tp, 0f);
    Arrays.fill(fp, 0f);
    Arrays.fill(tn, 0f);
    Arrays.fill(fn, 0f);
  }
}
