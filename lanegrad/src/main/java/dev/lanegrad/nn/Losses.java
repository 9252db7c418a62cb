package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * Keras's losses, reduced as Keras reduces them by default: the per-sample loss (a mean or sum over
 * the last axis) averaged over the batch, giving a scalar of {@code yPred}'s dtype.
 *
 * <pre>{@code
 * Losses.meanSquaredError(Tensor.of(new float[] {0, 1}), Tensor.of(new float[] {1, 1}));   // 0.5
 * Losses.sparseCategoricalCrossentropy(Tensor.of(new int[] {2}),
 *     Tensor.of(new float[][] {{1, 2, 3}}), true);                                   // 0.40760595
 * }</pre>
 *
 * <p>Shapes: {@code yTrue} and {@code yPred} must be equal, except that a trailing axis of 1 on one
 * side is dropped to match the other (Keras's squeeze: labels {@code (n,)} with predictions {@code
 * (n, 1)}); {@code yTrue} is cast to {@code yPred}'s dtype, which must be float32 or float64.
 * Probabilities are clipped to {@code [1e-7, 1 - 1e-7]} as tf.keras clips them; logits go through a
 * log-sum-exp that is finite for any finite input. Two-argument forms fit {@link Loss} ({@code
 * Losses::meanSquaredError}); the one-argument factories give the logits variants ({@code
 * Losses.sparseCategoricalCrossentropy(true)}).
 *
 * <p>Every method throws {@link IllegalArgumentException} for null inputs, mismatched shapes (the
 * message names both), a non-float {@code yPred}, or sparse labels outside {@code [0, classes)}.
 */
public final class Losses {
  /** Keras's {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;

  private Losses() {}

  /** {@code mean((yPred - yTrue)^2)}. */
  public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align("meanSquaredError", yTrue, yPred);
    return kerasMean(a[1].sub(a[0]).square());
  }

  /** {@code mean(|yPred - yTrue|)}. */
  public static Tensor meanAbsoluteError(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align("meanAbsoluteError", yTrue, yPred);
    return kerasMean(a[1].sub(a[0]).abs());
  }

  /** {@link #binaryCrossentropy(Tensor, Tensor, boolean)} on probabilities. */
  public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred) {
    return binaryCrossentropy(yTrue, yPred, false);
  }

  /**
   * Binary cross-entropy, averaged over all elements. From logits {@code x} with labels {@code z}
   * (TF's {@code sigmoid_cross_entropy_with_logits}): {@code max(x, 0) - x z + log1p( e^-|x|)}.
   * From probabilities {@code p} (tf.keras): with {@code p' = clip(p, eps, 1 - eps)}, {@code -(z
   * log(p' + eps) + (1 - z) log(1 - p' + eps))}.
   */
  public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
    Tensor[] a = align("binaryCrossentropy", yTrue, yPred);
    Tensor z = a[0];
    Tensor x = a[1];
    if (fromLogits) {
      // TF's form: where() rather than relu/abs so that the gradient at x = 0 is sigmoid(0) - z
      Tensor zeros = Tensor.zeros(x.shape(), x.dtype());
      Tensor pos = x.greaterEqual(zeros);
      Tensor reluX = Ops.where(pos, x, zeros);
      Tensor negAbs = Ops.where(pos, x.neg(), x);
      return kerasMean(reluX.sub(x.mul(z)).add(negAbs.exp().log1p()));
    }
    Tensor p = clip(x);
    Tensor pos = z.mul(p.add(EPSILON).log());
    Tensor neg = Ops.subtract(1, z).mul(Ops.subtract(1, p).add(EPSILON).log());
    return kerasMean(pos.add(neg).neg());
  }

  /** {@link #categoricalCrossentropy(Tensor, Tensor, boolean)} on probabilities. */
  public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred) {
    return categoricalCrossentropy(yTrue, yPred, false);
  }

  /**
   * Cross-entropy of one-hot (or soft) labels {@code t} over the last axis, averaged over the
   * batch. From logits: {@code -sum(t * logSoftmax(x))} with a stable log-sum-exp. From
   * probabilities (tf.keras): {@code p} is divided by its sum over the last axis, clipped, then
   * {@code -sum(t * log p)}.
   */
  public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
    String op = "categoricalCrossentropy";
    notNull(op, yTrue, yPred);
    requireClassAxis(op, yPred); // before align casts anything: a rejected call records nothing
    Tensor[] a = align(op, yTrue, yPred);
    requireClassAxis(op, a[1]);
    int last = a[1].rank() - 1;
    Tensor logp;
    if (fromLogits) {
      logp = logSoftmax(a[1]);
    } else {
      Tensor p = a[1].div(a[1].sum(new int[] {last}, true));
      logp = clip(p).log();
    }
    return a[0].mul(logp).sum(new int[] {last}, false).neg().mean();
  }

  /** {@link #sparseCategoricalCrossentropy(Tensor, Tensor, boolean)} on probabilities. */
  public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred) {
    return sparseCategoricalCrossentropy(yTrue, yPred, false);
  }

  /**
   * Cross-entropy of integer class labels: {@code yTrue} has {@code yPred}'s shape without the last
   * (class) axis, or with it of size 1; each label is in {@code [0, classes)}. From logits: {@code
   * -logSoftmax(x)[label]}; from probabilities (tf.keras): {@code
   * -logSoftmax(log(clip(p)))[label]}, which is {@code -log p[label]} for normalised {@code p}.
   */
  public static Tensor sparseCategoricalCrossentropy(
      Tensor yTrue, Tensor yPred, boolean fromLogits) {
    String op = "sparseCategoricalCrossentropy";
    notNull(op, yTrue, yPred);
    requireFloat(op, yPred);
    requireClassAxis(op, yPred);
    Shape p = yPred.shape();
    Shape t = yTrue.shape();
    boolean plain = t.rank() == p.rank() - 1 && prefixEquals(t, p, t.rank());
    boolean trailing1 = t.rank() == p.rank() && t.dim(-1) == 1 && prefixEquals(t, p, t.rank() - 1);
    if (!plain && !trailing1) {
      throw new IllegalArgumentException(
          op
              + ": labels of shape "
              + t
              + " do not match logits/probabilities of shape "
              + p
              + " (expected labels of shape "
              + withoutLast(p)
              + ")");
    }
    if (yTrue.dtype().isComplex()) {
      throw new IllegalArgumentException(op + ": labels must be real, got " + yTrue.dtype());
    }
    Tensor oneHot = oneHot(op, yTrue.toDoubleArray(), p, yPred.dtype());
    int last = p.rank() - 1;
    Tensor logits = fromLogits ? yPred : clip(yPred).log();
    return oneHot.mul(logSoftmax(logits)).sum(new int[] {last}, false).neg().mean();
  }

  /** {@code binaryCrossentropy(yTrue, yPred, fromLogits)} as a {@link Loss}. */
  public static Loss binaryCrossentropy(boolean fromLogits) {
    return new Named(
        "binaryCrossentropy", fromLogits, (t, p) -> binaryCrossentropy(t, p, fromLogits));
  }

  /** {@code categoricalCrossentropy(yTrue, yPred, fromLogits)} as a {@link Loss}. */
  public static Loss categoricalCrossentropy(boolean fromLogits) {
    return new Named(
        "categoricalCrossentropy", fromLogits, (t, p) -> categoricalCrossentropy(t, p, fromLogits));
  }

  /** {@code sparseCategoricalCrossentropy(yTrue, yPred, fromLogits)} as a {@link Loss}. */
  public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
    return new Named(
        "sparseCategoricalCrossentropy",
        fromLogits,
        (t, p) -> sparseCategoricalCrossentropy(t, p, fromLogits));
  }

  // ---------------------------------------------------------------- internals

  /** A factory-made loss that remembers whether it takes logits (for binary accuracy). */
  private record Named(String name, boolean fromLogits, Loss f) implements Loss {
    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
      return f.compute(yTrue, yPred);
    }

    @Override
    public String toString() {
      return name + "(fromLogits=" + fromLogits + ")";
    }
  }

  /** The factory name of a loss made by a factory here ({@code "binaryCrossentropy"}), or null. */
  static String name(Loss loss) {
    return loss instanceof Named n ? n.name() : null;
  }

  /** The factory-made loss of that name, or null for a name not made here. */
  static Loss byName(String name, boolean fromLogits) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "binaryCrossentropy" -> binaryCrossentropy(fromLogits);
      case "categoricalCrossentropy" -> categoricalCrossentropy(fromLogits);
      case "sparseCategoricalCrossentropy" -> sparseCategoricalCrossentropy(fromLogits);
      default -> null;
    };
  }

  static boolean fromLogits(Loss loss) {
    return loss instanceof Named n && n.fromLogits();
  }

  /**
   * {@code x - m - log(sum(exp(x - m)))} over the last axis, {@code m} the max: finite for any x.
   */
  static Tensor logSoftmax(Tensor x) {
    return Ops.logSoftmax(x, -1);
  }

  /**
   * Keras's reduction of an elementwise loss: the mean over the last axis per sample ({@code
   * backend.mean(..., axis=-1)}), then the sum over the samples divided by their number
   * (SUM_OVER_BATCH_SIZE). In that order, as the rounding of a float32 loss depends on it.
   */
  private static Tensor kerasMean(Tensor elementwise) {
    if (elementwise.rank() < 2) {
      return elementwise.mean();
    }
    return elementwise.mean(new int[] {-1}, false).mean();
  }

  private static Tensor clip(Tensor p) {
    return p.maximum(EPSILON).minimum(1 - EPSILON);
  }

  private static Tensor oneHot(String op, double[] labels, Shape p, DType dtype) {
    int classes = p.dim(-1);
    int n = labels.length;
    double[] h = new double[n * classes];
    for (int i = 0; i < n; i++) {
      double l = labels[i];
      if (!(l >= 0 && l < classes) || l != Math.rint(l)) {
        throw new IllegalArgumentException(
            op
                + ": Received a label value of "
                + (l == Math.rint(l) ? String.valueOf((long) l) : String.valueOf(l))
                + " which is outside the valid range of [0, "
                + classes
                + ") (labels for predictions of shape "
                + p
                + ")");
      }
      h[i * classes + (int) l] = 1;
    }
    return Tensor.of(h, dtype, p);
  }

  private static Tensor[] align(String op, Tensor yTrue, Tensor yPred) {
    notNull(op, yTrue, yPred);
    requireFloat(op, yPred);
    if (yTrue.dtype().isComplex()) {
      throw new IllegalArgumentException(op + ": yTrue must be real, got " + yTrue.dtype());
    }
    Shape t = yTrue.shape();
    Shape p = yPred.shape();
    if (!t.equals(p)) {
      if (t.rank() == p.rank() - 1 && p.dim(-1) == 1 && prefixEquals(t, p, t.rank())) {
        yPred = yPred.reshape(t.dims());
      } else if (p.rank() == t.rank() - 1 && t.dim(-1) == 1 && prefixEquals(t, p, p.rank())) {
        yTrue = yTrue.reshape(p.dims());
      } else {
        // Keras broadcasts them (yTrue (1, 2) against yPred (2, 2)); the ops below do too
        try {
          Ops.broadcastStaticShape(t, p);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              op + ": yTrue shape " + t + " and yPred shape " + p + " are incompatible", e);
        }
      }
    }
    if (yTrue.dtype() != yPred.dtype()) {
      yTrue = yTrue.cast(yPred.dtype());
    }
    return new Tensor[] {yTrue, yPred};
  }

  private static void notNull(String op, Tensor yTrue, Tensor yPred) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          op
              + ": yTrue and yPred must not be null, got yTrue="
              + (yTrue == null ? "null" : "a tensor")
              + ", yPred="
              + (yPred == null ? "null" : "a tensor"));
    }
  }

  private static void requireFloat(String op, Tensor yPred) {
    if (!yPred.dtype().isFloating()) {
      throw new IllegalArgumentException(
          op
              + ": yPred must be float32 or float64, got "
              + yPred.dtype()
              + " (shape "
              + yPred.shape()
              + ")");
    }
  }

  private static void requireClassAxis(String op, Tensor yPred) {
    if (yPred.rank() < 1 || yPred.shape().dim(-1) < 1) {
      throw new IllegalArgumentException(
          op + ": yPred needs a class axis (the last), got shape " + yPred.shape());
    }
  }

  private static boolean prefixEquals(Shape a, Shape b, int n) {
    for (int i = 0; i < n; i++) {
      if (a.dim(i) != b.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private static Shape withoutLast(Shape p) {
    int[] d = p.dims();
    return Shape.of(java.util.Arrays.copyOf(d, d.length - 1));
  }
}
