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
  private final float[] tp;
  private final float[] fp;
  private final float[] tn;
  private final float[] fn;

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
    int n = numThresholds;
    thresholds = new double[n];
    thresholds[0] = 0.0 - 1e-7;
    for (int i = 0; i < n - 2; i++) {
      thresholds[i + 1] = (i + 1) * 1.0 / (n - 1);
    }
    thresholds[n - 1] = 1.0 + 1e-7;
    tp = new float[n];
    fp = new float[n];
    tn = new float[n];
    fn = new float[n];
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
    Confusion c = Confusion.of("AUC \"" + name() + "\".updateState", yTrue, yPred, sampleWeight);
    int n = numThresholds;
    float[] tpBucket = new float[n];
    float[] fpBucket = new float[n];
    float totalTrue = 0f;
    float totalFalse = 0f;
    float scale = (float) (n - 1);
    for (int i = 0; i < c.pred.length; i++) {
      float p = c.pred[i];
      if (fromLogits) {
        p = (float) (1.0 / (1.0 + Math.exp(-p)));
      }
      float w = c.weight(i);
      float t = c.positive[i] ? w : 0f;
      float f = c.positive[i] ? 0f : w;
      totalTrue += t;
      totalFalse += f;
      if (Float.isNaN(p)) {
        continue;
      }
      p = Math.min(1f, Math.max(0f, p));
      int b = (int) Math.max(0f, (float) Math.ceil(p * scale) - 1f);
      tpBucket[b] += t;
      fpBucket[b] += f;
    }
    float ctp = 0f;
    float cfp = 0f;
    for (int b = n - 1; b >= 0; b--) {
      ctp += tpBucket[b];
      cfp += fpBucket[b];
      tp[b] += ctp;
      fp[b] += cfp;
      fn[b] += totalTrue - ctp;
      tn[b] += totalFalse - cfp;
    }
  }

  /** The area, in float32 arithmetic as Keras's {@code AUC.result}; 0 before any data. */
  @Override
  public double result() {
    int n = numThresholds;
    if (curve.equals("PR") && summationMethod.equals("interpolation")) {
      return interpolatePrAuc();
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
  private double interpolatePrAuc() {
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

  /** The true positives at each threshold (a copy). */
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
