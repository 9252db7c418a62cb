package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import dev.lanegrad.metrics.MeanMetricWrapper.Batch;

/**
 * The per-sample loss functions Keras 2.15 also uses as metrics ({@code tf_keras/losses.py} and
 * {@code tf_keras/backend.py}: crossentropies, Kullback-Leibler, Poisson, cosine similarity, log
 * cosh, percentage and logarithmic errors, hinges), each reducing the last axis of float32 copies
 * of the inputs, as Keras casts both to the metric's dtype first.
 */
final class LossValues {
  private LossValues() {}

  /** Keras's {@code backend.epsilon()}. */
  static final float EPSILON = 1e-7f;

  /** One value from the row {@code t[o..o+n)}, {@code p[o..o+n)}. */
  interface Row {
    float apply(float[] t, float[] p, int o, int n);
  }

  /** {@code row} over the last axis of two inputs of one shape (after Keras's squeeze). */
  static Batch rows(String what, Tensor yTrue, Tensor yPred, Row row) {
    return rows(what, yTrue, yPred, row, false);
  }

  /** {@link #rows}, on {@link Matches#broadcast} inputs when {@code broadcast}. */
  private static Batch rows(String what, Tensor yTrue, Tensor yPred, Row row, boolean broadcast) {
    int[][] dims = new int[1][];
    float[][] tp =
        broadcast
            ? Matches.broadcast(what, yTrue, yPred, dims)
            : Matches.same(what, yTrue, yPred, dims);
    int[] d = dims[0];
    int n = d.length == 0 ? 1 : d[d.length - 1];
    int count = n == 0 ? 0 : tp[0].length / n;
    float[] out = new float[count];
    for (int r = 0; r < count; r++) {
      out[r] = row.apply(tp[0], tp[1], r * n, n);
    }
    return new Batch(out, Values.init(d));
  }

  /** One value from one element pair. */
  interface Elem {
    float apply(float t, float p);
  }

  /**
   * The mean over the last axis of {@code f(y_true, y_pred)}, Keras's {@code mean(..., axis=-1)},
   * with the inputs broadcast against each other as Keras's elementwise ops do ({@link
   * Matches#broadcast}).
   */
  static Batch elementMean(String what, Tensor yTrue, Tensor yPred, Elem f) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float s = 0f;
          for (int i = o; i < o + n; i++) {
            s += f.apply(t[i], p[i]);
          }
          return s / n;
        },
        true);
  }

  private static float clip(float x, float lo, float hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private static float log(float x) {
    return (float) Math.log(x);
  }

  /** {@code log(1 + exp(x))} without overflow, as TF's softplus. */
  private static float softplus(float x) {
    return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs((double) x))));
  }

  /**
   * {@code binary_crossentropy}: the mean over the last axis of {@code -(y log(p + eps) + (1 - y)
   * log(1 - p + eps))} with {@code p} clipped to {@code [eps, 1 - eps]}, or of TF's {@code
   * sigmoid_cross_entropy_with_logits} {@code max(x, 0) - x y + log(1 + exp(-|x|))}; labels
   * smoothed to {@code y (1 - s) + s / 2}.
   */
  static Batch binaryCrossentropy(
      String what, Tensor yTrue, Tensor yPred, boolean fromLogits, float smoothing) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float s = 0f;
          for (int i = o; i < o + n; i++) {
            float y = t[i] * (1f - smoothing) + 0.5f * smoothing;
            float x = p[i];
            if (fromLogits) {
              s += Math.max(x, 0f) - x * y + softplus(-Math.abs(x));
            } else {
              float q = clip(x, EPSILON, 1f - EPSILON);
              s += -(y * log(q + EPSILON) + (1f - y) * log(1f - q + EPSILON));
            }
          }
          return s / n;
        });
  }

  /**
   * {@code categorical_crossentropy}: {@code -sum(y log(p))} over the last axis with {@code p}
   * scaled to sum 1 and clipped to {@code [eps, 1 - eps]}, or TF's {@code
   * softmax_cross_entropy_with_logits} ({@code logsumexp(x) - sum(y x)}); labels smoothed to {@code
   * y (1 - s) + s / classes}.
   */
  static Batch categoricalCrossentropy(
      String what, Tensor yTrue, Tensor yPred, boolean fromLogits, float smoothing) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float s = 0f;
          if (fromLogits) {
            float lse = logSumExp(p, o, n);
            for (int i = o; i < o + n; i++) {
              float y = t[i] * (1f - smoothing) + smoothing / n;
              s += y * (lse - p[i]);
            }
            return s;
          }
          float total = 0f;
          for (int i = o; i < o + n; i++) {
            total += p[i];
          }
          for (int i = o; i < o + n; i++) {
            float y = t[i] * (1f - smoothing) + smoothing / n;
            s -= y * log(clip(p[i] / total, EPSILON, 1f - EPSILON));
          }
          return s;
        });
  }

  private static float logSumExp(float[] x, int o, int n) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = o; i < o + n; i++) {
      m = Math.max(m, x[i]);
    }
    double s = 0;
    for (int i = o; i < o + n; i++) {
      s += Math.exp(x[i] - m);
    }
    return (float) (m + Math.log(s));
  }

  /**
   * {@code sparse_categorical_crossentropy}: {@code logsumexp(z) - z[label]} per row, where {@code
   * z} is the logits or {@code log(clip(p, eps, 1 - eps))} (TF's sparse softmax cross-entropy over
   * the log of the clipped probabilities, as Keras's backend).
   *
   * @throws IllegalArgumentException for a label that is not an integer in {@code [0, classes)}
   */
  static Batch sparseCategoricalCrossentropy(
      String what, Tensor yTrue, Tensor yPred, boolean fromLogits) {
    return sparseCategoricalCrossentropy(what, yTrue, yPred, fromLogits, null, -1);
  }

  /**
   * With the class axis {@code axis} of the predictions (moved last first, as Keras's backend
   * transposes it), and labels equal to {@code ignoreClass} (unless null) read as class 0 and
   * masked out: their value is 0 and they weigh nothing in the mean, as Keras 2.15's {@code
   * sparse_categorical_crossentropy(..., ignore_class=...)} with its {@code _keras_mask}.
   */
  static Batch sparseCategoricalCrossentropy(
      String what, Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass, int axis) {
    yPred = classAxisLast(what, yPred, axis);
    float[] mask = null;
    if (ignoreClass != null && yTrue != null && !yTrue.dtype().isComplex()) {
      float[] raw = yTrue.toFloatArray();
      mask = new float[raw.length];
      float ignore = (float) (int) ignoreClass;
      for (int i = 0; i < raw.length; i++) {
        boolean valid = raw[i] != ignore;
        mask[i] = valid ? 1f : 0f;
        raw[i] = valid ? raw[i] : 0f;
      }
      yTrue = Tensor.of(raw).reshape(yTrue.shape().dims());
    }
    Batch b = sparseCategoricalCrossentropyLast(what, yTrue, yPred, fromLogits);
    if (mask == null) {
      return b;
    }
    float[] v = b.values();
    for (int i = 0; i < v.length; i++) {
      v[i] *= mask[i];
    }
    return new Batch(v, b.dims(), mask);
  }

  /**
   * {@code t} with its axis {@code axis} moved last (itself when it is last already).
   *
   * @throws IllegalArgumentException for an axis outside the tensor's rank
   */
  static Tensor classAxisLast(String what, Tensor t, int axis) {
    if (axis == -1 || t == null) {
      return t;
    }
    int r = t.rank();
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException(
          what + ": axis " + axis + " is outside yPred of shape " + t.shape());
    }
    if (a == r - 1) {
      return t;
    }
    int[] perm = new int[r];
    for (int i = 0, k = 0; i < r; i++) {
      if (i != a) {
        perm[k++] = i;
      }
    }
    perm[r - 1] = a;
    return t.transpose(perm);
  }

  private static Batch sparseCategoricalCrossentropyLast(
      String what, Tensor yTrue, Tensor yPred, boolean fromLogits) {
    int[] td = Matches.sparseLabelDims(what, yTrue, yPred);
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = Values.floats(what, "yPred", yPred);
    int c = yPred.shape().dim(-1);
    float[] z = p;
    if (!fromLogits) {
      z = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        z[i] = log(clip(p[i], EPSILON, 1f - EPSILON));
      }
    }
    float[] v = new float[t.length];
    for (int r = 0; r < v.length; r++) {
      float label = t[r];
      if (!(label >= 0 && label < c) || label != (float) Math.floor(label)) {
        throw new IllegalArgumentException(
            what
                + ": label "
                + label
                + " at row "
                + r
                + " is outside [0, "
                + c
                + ") for "
                + Values.shapes(yTrue, yPred));
      }
      v[r] = logSumExp(z, r * c, c) - z[r * c + (int) label];
    }
    return new Batch(v, td);
  }

  /** {@code kl_divergence}: {@code sum(y log(y / p))}, both clipped to {@code [eps, 1]}. */
  static Batch klDivergence(String what, Tensor yTrue, Tensor yPred) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float s = 0f;
          for (int i = o; i < o + n; i++) {
            float y = clip(t[i], EPSILON, 1f);
            float q = clip(p[i], EPSILON, 1f);
            s += y * log(y / q);
          }
          return s;
        });
  }

  /** {@code poisson}: the mean of {@code p - y log(p + eps)}. */
  static Batch poisson(String what, Tensor yTrue, Tensor yPred) {
    return elementMean(what, yTrue, yPred, (t, p) -> p - t * log(p + EPSILON));
  }

  /**
   * The metric {@code cosine_similarity}: {@code sum(l2_normalize(y) * l2_normalize(p))}, each
   * scaled by {@code 1 / sqrt(max(sum(x^2), 1e-12))} as {@code tf.linalg.l2_normalize}.
   */
  static Batch cosineSimilarity(String what, Tensor yTrue, Tensor yPred) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float tt = 0f;
          float pp = 0f;
          for (int i = o; i < o + n; i++) {
            tt += t[i] * t[i];
            pp += p[i] * p[i];
          }
          float ti = (float) (1.0 / Math.sqrt(Math.max(tt, 1e-12f)));
          float pi = (float) (1.0 / Math.sqrt(Math.max(pp, 1e-12f)));
          float s = 0f;
          for (int i = o; i < o + n; i++) {
            s += (t[i] * ti) * (p[i] * pi);
          }
          return s;
        });
  }

  /** {@code log_cosh}: the mean of {@code x + softplus(-2x) - log(2)}, {@code x = p - y}. */
  static Batch logCosh(String what, Tensor yTrue, Tensor yPred) {
    float log2 = (float) Math.log(2.0);
    return elementMean(what, yTrue, yPred, (t, p) -> (p - t) + softplus(-2f * (p - t)) - log2);
  }

  /** {@code mean_absolute_percentage_error}: {@code 100 mean(|y - p| / max(|y|, eps))}. */
  static Batch percentageError(String what, Tensor yTrue, Tensor yPred) {
    Batch b =
        elementMean(
            what, yTrue, yPred, (t, p) -> Math.abs((t - p) / Math.max(Math.abs(t), EPSILON)));
    float[] v = b.values();
    for (int i = 0; i < v.length; i++) {
      v[i] *= 100f;
    }
    return b;
  }

  /**
   * {@code mean_squared_logarithmic_error}: the mean of {@code (log(max(p, eps) + 1) - log(max(y,
   * eps) + 1))^2}.
   */
  static Batch squaredLogError(String what, Tensor yTrue, Tensor yPred) {
    return elementMean(
        what,
        yTrue,
        yPred,
        (t, p) -> {
          float d = log(Math.max(p, EPSILON) + 1f) - log(Math.max(t, EPSILON) + 1f);
          return d * d;
        });
  }

  /**
   * Keras's {@code _maybe_convert_labels}: labels that are all 0 or 1 (over the whole batch) become
   * -1 and 1.
   */
  private static Tensor signedLabels(Tensor yTrue) {
    if (yTrue == null || yTrue.dtype().isComplex()) {
      return yTrue;
    }
    float[] t = yTrue.toFloatArray();
    for (float v : t) {
      if (v != 0f && v != 1f) {
        return yTrue;
      }
    }
    float[] s = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      s[i] = 2f * t[i] - 1f;
    }
    return Tensor.of(s).reshape(yTrue.shape().dims());
  }

  /**
   * {@code hinge} ({@code squared}: {@code squared_hinge}): the mean of {@code max(1 - y p, 0)}
   * (squared), labels of 0 and 1 read as -1 and 1.
   */
  static Batch hinge(String what, Tensor yTrue, Tensor yPred, boolean squared) {
    return elementMean(
        what,
        signedLabels(yTrue),
        yPred,
        (t, p) -> {
          float h = Math.max(1f - t * p, 0f);
          return squared ? h * h : h;
        });
  }

  /** {@code categorical_hinge}: {@code max(max((1 - y) p) - sum(y p) + 1, 0)}. */
  static Batch categoricalHinge(String what, Tensor yTrue, Tensor yPred) {
    return rows(
        what,
        yTrue,
        yPred,
        (t, p, o, n) -> {
          float pos = 0f;
          float neg = Float.NEGATIVE_INFINITY;
          for (int i = o; i < o + n; i++) {
            pos += t[i] * p[i];
            neg = Math.max(neg, (1f - t[i]) * p[i]);
          }
          return Math.max(neg - pos + 1f, 0f);
        });
  }
}
