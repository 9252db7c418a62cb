package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import java.util.Locale;

/**
 * The area under the ROC or the precision-recall curve, as Keras's {@code tf.keras.metrics.AUC}:
 * confusion counts at {@code numThresholds} thresholds ({@code 0 - 1e-7}, {@code i / (n - 1)} for
 * {@code i = 1..n-2}, {@code 1 + 1e-7}, Keras's placement with its epsilon, so that 0 and 1 fall
 * inside), then a Riemann sum over the curve's points. ROC: {@code x = fp / (fp + tn)}, {@code y =
 * tp / (tp + fn)}; PR: {@code x} the recall, {@code y} the precision. The heights are, per {@code
 * summationMethod}, the mean of neighbouring points ({@code "interpolation"}, the default; for PR
 * Davis and Goadrich's interpolation, as Keras), their minimum ({@code "minoring"}) or maximum
 * ({@code "majoring"}). Predictions are clipped to [0, 1] (or pass a sigmoid first with {@code
 * fromLogits}); labels are positive when non-zero; all elements count.
 *
 * <p>With {@code multiLabel(true)} (inputs of rank 2, one column per label) each label keeps its
 * own counts and the result is the mean of the labels' areas, weighted by {@code labelWeights} when
 * given; without it, {@code labelWeights} weigh each column's predictions in the one set of counts,
 * as Keras's {@code label_weights}.
 *
 * <pre>{@code
 * AUC m = AUC.builder().numThresholds(3).build();
 * m.updateState(Tensor.of(new float[] {0, 0, 1, 1}), Tensor.of(new float[] {0, 0.5f, 0.3f, 0.9f}));
 * // thresholds [-1e-7, 0.5, 1 + 1e-7]: tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]
 * // recall = [1, 0.5, 0], fp rate = [1, 0, 0]: ((1 + 0.5) / 2) * (1 - 0) + ((0.5 + 0) / 2) * 0
 * m.result();   // 0.75
 * AUC pr = AUC.builder().curve("PR").build();   // the area under precision-recall
 * }</pre>
 */
public class AUC extends Metric {
  private static final float EPSILON = 1e-7f;

  private final int numThresholds;
  private final String curve;
  private final String summationMethod;
  private final boolean fromLogits;
  private final double[] thresholds;
  private final boolean multiLabel;
  private final float[] labelWeights;

  /**
   * Labels per threshold: 1 unless multi-label, where the first update (or the builder) sets it.
   */
  private int labels;

  private float[] tp;
  private float[] fp;
  private float[] tn;
  private float[] fn;

  /** Keras's defaults: 200 thresholds, ROC, interpolation, named {@code "auc"}. */
  public AUC() {
    this(builder());
  }

  private AUC(Builder b) {
    super(b.name);
    this.autoNamed = !b.named;
    this.numThresholds = b.numThresholds;
    this.curve = b.curve;
    this.summationMethod = b.summationMethod;
    this.fromLogits = b.fromLogits;
    this.multiLabel = b.multiLabel;
    this.labelWeights = b.labelWeights == null ? null : b.labelWeights.clone();
    if (multiLabel
        && labelWeights != null
        && b.numLabels > 0
        && b.numLabels != labelWeights.length) {
      throw new IllegalArgumentException(
          "AUC: numLabels "
              + b.numLabels
              + " and the "
              + labelWeights.length
              + " labelWeights do not match");
    }
    this.labels = multiLabel ? Math.max(b.numLabels, 0) : 1;
    if (multiLabel && labels == 0 && labelWeights != null) {
      labels = labelWeights.length;
    }
    int n = numThresholds;
    thresholds = new double[n];
    thresholds[0] = 0.0 - 1e-7;
    for (int i = 0; i < n - 2; i++) {
      thresholds[i + 1] = (i + 1) * 1.0 / (n - 1);
    }
    thresholds[n - 1] = 1.0 + 1e-7;
    allocate();
  }

  private void allocate() {
    int size = numThresholds * labels;
    tp = new float[size];
    fp = new float[size];
    tn = new float[size];
    fn = new float[size];
  }

  /**
   * Options with Keras's defaults: {@code AUC.builder().numThresholds(500).curve("PR").build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The options of an {@link AUC}, Keras's names and defaults. */
  public static final class Builder {
    private int numThresholds = 200;
    private String curve = "ROC";
    private String summationMethod = "interpolation";
    private boolean fromLogits;
    private String name = "auc";
    private boolean named;
    private boolean multiLabel;
    private int numLabels;
    private float[] labelWeights;

    private Builder() {}

    /**
     * The number of thresholds (default 200), more than 1.
     *
     * @throws IllegalArgumentException for {@code n <= 1}
     */
    public Builder numThresholds(int n) {
      if (n <= 1) {
        throw new IllegalArgumentException("AUC: numThresholds must be > 1, got " + n);
      }
      this.numThresholds = n;
      return this;
    }

    /**
     * {@code "ROC"} (default) or {@code "PR"}, case-insensitive.
     *
     * @throws IllegalArgumentException for another curve
     */
    public Builder curve(String curve) {
      String c = curve == null ? "" : curve.toUpperCase(Locale.ROOT);
      if (!c.equals("ROC") && !c.equals("PR")) {
        throw new IllegalArgumentException(
            "AUC: curve must be \"ROC\" or \"PR\", got " + (curve == null ? "null" : curve));
      }
      this.curve = c;
      return this;
    }

    /**
     * {@code "interpolation"} (default), {@code "minoring"} or {@code "majoring"}.
     *
     * @throws IllegalArgumentException for another method
     */
    public Builder summationMethod(String method) {
      String m = method == null ? "" : method.toLowerCase(Locale.ROOT);
      if (!m.equals("interpolation") && !m.equals("minoring") && !m.equals("majoring")) {
        throw new IllegalArgumentException(
            "AUC: summationMethod must be \"interpolation\", \"minoring\" or \"majoring\", got "
                + method);
      }
      this.summationMethod = m;
      return this;
    }

    /**
     * Whether each column of rank-2 inputs is its own label with its own curve, the result being
     * the mean of their areas (default false: every element counts in one curve), as Keras's {@code
     * multi_label}.
     */
    public Builder multiLabel(boolean multiLabel) {
      this.multiLabel = multiLabel;
      return this;
    }

    /**
     * The number of labels of a multi-label AUC, known before the first update (Keras's {@code
     * num_labels}; by default the first update's column count).
     *
     * @throws IllegalArgumentException for {@code n <= 0}
     */
    public Builder numLabels(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("AUC: numLabels must be > 0, got " + n);
      }
      this.numLabels = n;
      return this;
    }

    /**
     * Non-negative weights of the labels (Keras's {@code label_weights}): with {@code multiLabel},
     * the weights of the labels' areas in their mean; without, the weights of each column's
     * predictions in the counts.
     *
     * @throws IllegalArgumentException for null, empty, negative, NaN or infinite weights, or
     *     weights that are all zero
     */
    public Builder labelWeights(double... weights) {
      if (weights == null || weights.length == 0) {
        throw new IllegalArgumentException("AUC: labelWeights must not be null or empty");
      }
      float[] w = new float[weights.length];
      boolean any = false;
      for (int i = 0; i < w.length; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new IllegalArgumentException(
              "AUC: labelWeights must be finite and >= 0, got " + weights[i] + " at " + i);
        }
        any |= weights[i] > 0;
        w[i] = (float) weights[i];
      }
      if (!any) {
        throw new IllegalArgumentException("AUC: labelWeights are all 0");
      }
      this.labelWeights = w;
      return this;
    }

    /** Whether predictions are logits, passed through a sigmoid first (default false). */
    public Builder fromLogits(boolean fromLogits) {
      this.fromLogits = fromLogits;
      return this;
    }

    /**
     * The logged name (default {@code "auc"}).
     *
     * @throws IllegalArgumentException for a null or empty name
     */
    public Builder name(String name) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("AUC: the name must not be null or empty");
      }
      this.name = name;
      this.named = true;
      return this;
    }

    public AUC build() {
      return new AUC(this);
    }
  }

  /** The number of thresholds. */
  public int numThresholds() {
    return numThresholds;
  }

  /** {@code "ROC"} or {@code "PR"}. */
  public String curve() {
    return curve;
  }

  /** {@code "interpolation"}, {@code "minoring"} or {@code "majoring"}. */
  public String summationMethod() {
    return summationMethod;
  }

  /** Whether predictions pass through a sigmoid first. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** Whether each column is a label with its own curve. */
  public boolean multiLabel() {
    return multiLabel;
  }

  /** The label weights (a copy), or null. */
  public double[] labelWeights() {
    if (labelWeights == null) {
      return null;
    }
    double[] w = new double[labelWeights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = labelWeights[i];
    }
    return w;
  }

  /** The labels whose counts are kept: 1, or a multi-label AUC's columns (0 before it saw any). */
  public int numLabels() {
    return labels;
  }

  /** The thresholds, Keras's: {@code [-1e-7, 1/(n-1), ..., (n-2)/(n-1), 1 + 1e-7]}. */
  public double[] thresholds() {
    return thresholds.clone();
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the batch's confusion counts at every threshold, each weighted by {@code sampleWeight}
   * (null: 1). As Keras's evenly spaced thresholds, a prediction {@code p} lands in bucket {@code
   * max(0, ceil(p * (n - 1)) - 1)} (computed in float32) and counts as positive at every threshold
   * up to its bucket; a NaN prediction counts as negative everywhere.
   *
   * @throws IllegalArgumentException for null or complex inputs or shapes that do not fit (naming
   *     the metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = "AUC \"" + name() + "\".updateState";
    Confusion c = Confusion.of(what, yTrue, yPred, sampleWeight);
    int[] dims = c.dims;
    int last = dims.length == 0 ? 1 : dims[dims.length - 1];
    int l = 1;
    if (multiLabel) {
      if (dims.length != 2) {
        throw new IllegalArgumentException(
            what + ": a multi-label AUC needs inputs of rank 2: " + Values.shapes(yTrue, yPred));
      }
      l = dims[1];
      if (labels > 0 && l != labels) {
        throw new IllegalArgumentException(
            what + ": expected " + labels + " labels, got " + Values.shapes(yTrue, yPred));
      }
      if (l == 0) {
        return;
      }
    }
    if (!multiLabel && labelWeights != null && last != labelWeights.length) {
      throw new IllegalArgumentException(
          what
              + ": "
              + labelWeights.length
              + " labelWeights for a last axis of "
              + last
              + ": "
              + Values.shapes(yTrue, yPred));
    }
    if (multiLabel && labels == 0) {
      labels = l;
      allocate();
    }
    int n = numThresholds;
    float[] tpBucket = new float[n * l];
    float[] fpBucket = new float[n * l];
    float[] totalTrue = new float[l];
    float[] totalFalse = new float[l];
    float scale = (float) (n - 1);
    for (int i = 0; i < c.pred.length; i++) {
      int label = multiLabel ? i % l : 0;
      float p = c.pred[i];
      if (fromLogits) {
        p = (float) (1.0 / (1.0 + Math.exp(-p)));
      }
      float w = c.weight(i);
      if (!multiLabel && labelWeights != null) {
        w *= labelWeights[i % last];
      }
      float t = c.positive[i] ? w : 0f;
      float f = c.positive[i] ? 0f : w;
      totalTrue[label] += t;
      totalFalse[label] += f;
      if (Float.isNaN(p)) {
        continue;
      }
      p = Math.min(1f, Math.max(0f, p));
      int b = (int) Math.max(0f, (float) Math.ceil(p * scale) - 1f);
      tpBucket[b * l + label] += t;
      fpBucket[b * l + label] += f;
    }
    for (int label = 0; label < l; label++) {
      float ctp = 0f;
      float cfp = 0f;
      for (int b = n - 1; b >= 0; b--) {
        int k = b * l + label;
        ctp += tpBucket[k];
        cfp += fpBucket[k];
        tp[k] += ctp;
        fp[k] += cfp;
        fn[k] += totalTrue[label] - ctp;
        tn[k] += totalFalse[label] - cfp;
      }
    }
  }

  /**
   * The area, in float32 arithmetic as Keras's {@code AUC.result}; 0 before any data. A multi-label
   * AUC gives the mean of the labels' areas, or {@code sum(w * area) / sum(w)} with label weights.
   */
  @Override
  public double result() {
    if (!multiLabel) {
      return area(0, 1);
    }
    if (labels == 0) {
      return 0.0;
    }
    float sum = 0f;
    float weights = 0f;
    for (int label = 0; label < labels; label++) {
      float a = (float) area(label, labels);
      float w = labelWeights == null ? 1f : labelWeights[label];
      // tf.math.multiply_no_nan: a zero weight drops its label even when its area is NaN
      sum += w == 0f ? 0f : a * w;
      weights += w;
    }
    return (double) (sum / weights);
  }

  /** The area of one label's curve, its counts at {@code label + i * stride}. */
  private double area(int label, int stride) {
    int n = numThresholds;
    float[] tp = new float[n];
    float[] fp = new float[n];
    float[] tn = new float[n];
    float[] fn = new float[n];
    for (int i = 0; i < n; i++) {
      tp[i] = this.tp[i * stride + label];
      fp[i] = this.fp[i * stride + label];
      tn[i] = this.tn[i * stride + label];
      fn[i] = this.fn[i * stride + label];
    }
    if (curve.equals("PR") && summationMethod.equals("interpolation")) {
      return interpolatePrAuc(tp, fp, fn);
    }
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      float recall = Confusion.divNoNan(tp[i], tp[i] + fn[i]);
      if (curve.equals("ROC")) {
        x[i] = Confusion.divNoNan(fp[i], fp[i] + tn[i]);
        y[i] = recall;
      } else {
        x[i] = recall;
        y[i] = Confusion.divNoNan(tp[i], tp[i] + fp[i]);
      }
    }
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      float h;
      if (summationMethod.equals("interpolation")) {
        h = (y[i] + y[i + 1]) / 2f;
      } else if (summationMethod.equals("minoring")) {
        h = Math.min(y[i], y[i + 1]);
      } else {
        h = Math.max(y[i], y[i + 1]);
      }
      sum += (x[i] - x[i + 1]) * h;
    }
    return (float) sum;
  }

  /**
   * Keras's {@code interpolate_pr_auc} (Davis and Goadrich): precision varies along each interval
   * as {@code tp / p} with {@code tp} and {@code p = tp + fp} linear in between, giving {@code
   * slope * (dtp + intercept * log(p_a / p_b)) / (tp_b + fn_b)} per interval.
   */
  private double interpolatePrAuc(float[] tp, float[] fp, float[] fn) {
    int n = numThresholds;
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      float dtp = tp[i] - tp[i + 1];
      float pa = tp[i] + fp[i];
      float pb = tp[i + 1] + fp[i + 1];
      float dp = pa - pb;
      float slope = Confusion.divNoNan(dtp, Math.max(dp, 0f));
      float intercept = tp[i + 1] - slope * pb;
      float ratio = pa > 0f && pb > 0f ? Confusion.divNoNan(pa, Math.max(pb, 0f)) : 1f;
      float num = slope * (dtp + intercept * (float) Math.log(ratio));
      sum += Confusion.divNoNan(num, Math.max(tp[i + 1] + fn[i + 1], 0f));
    }
    return (float) sum;
  }

  @Override
  public void resetState() {
    java.util.Arrays.fill(tp, 0f);
    java.util.Arrays.fill(fp, 0f);
    java.util.Arrays.fill(tn, 0f);
    java.util.Arrays.fill(fn, 0f);
  }

  /**
   * The true positives at each threshold (a copy; a multi-label AUC's as {@code [threshold][label]}
   * row-major).
   */
  public float[] truePositives() {
    return tp.clone();
  }

  /** The false positives at each threshold (a copy). */
  public float[] falsePositives() {
    return fp.clone();
  }

  /** The true negatives at each threshold (a copy). */
  public float[] trueNegatives() {
    return tn.clone();
  }

  /** The false negatives at each threshold (a copy). */
  public float[] falseNegatives() {
    return fn.clone();
  }
}
