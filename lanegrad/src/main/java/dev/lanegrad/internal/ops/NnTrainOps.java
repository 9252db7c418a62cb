package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.add;
import static dev.lanegrad.internal.ops.ArithmeticOps.div;
import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.ArithmeticOps.sub;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;

/**
 * The training ops of {@code tf.nn}: dropout, batch normalization and the fused softmax
 * cross-entropies. Dropout and batch normalization are compositions of differentiable ops, as in
 * TF's nn_impl.py / nn_ops.py; the cross-entropies are one op each with TF's gradient (nn_grad.py
 * _SoftmaxCrossEntropyWithLogitsGrad: {@code softmax - labels}, whatever the labels sum to),
 * written with ops so that second order works.
 */
public final class NnTrainOps {
  private NnTrainOps() {}

  private static final int[] LAST = {-1};

  // ---------------------------------------------------------------- dropout

  /**
   * TF's {@code tf.nn.dropout}: {@code y = where(u >= rate, x / (1 - rate), 0)} with {@code u}
   * uniform in [0, 1) from {@code seed} ({@link Randoms#unit}: element {@code i} draws output
   * {@code i}, so the mask depends on the seed and the size only). {@code rate == 0} returns x.
   */
  public static Tensor dropout(Tensor x, double rate, long seed) {
    String op = "dropout";
    Check.notNull(op, "x", x);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          op + ": rate " + rate + " must be in [0, 1) (x " + x.shape() + ")");
    }
    if (rate == 0) {
      return x;
    }
    int n = (int) x.size();
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      keep[i] = Randoms.unit(seed, i) >= rate;
    }
    return keepScaled(x, new Mask(keep, 1 / (1 - rate)));
  }

  /** Dropout's kept elements and their scale, {@code 1 / (1 - rate)}. */
  record Mask(boolean[] keep, double scale) {}

  /**
   * {@code y = keep ? x * scale : 0}, TF's {@code where(keep, x * scale, 0)} in one kernel pass;
   * linear in x, so its gradient is itself applied to {@code g} (and so are the higher orders).
   */
  static Tensor keepScaled(Tensor x, Mask m) {
    int n = (int) x.size();
    Object y = Elementwise.result(x.dtype(), n);
    if (x.dtype() == DType.FLOAT32) {
      KernelProvider.get()
          .keepScaledF32(Internal.f32(x), m.keep(), (float) m.scale(), (float[]) y, n);
    } else {
      KernelProvider.get().keepScaledF64(Internal.f64(x), m.keep(), m.scale(), (double[]) y, n);
    }
    return Recorder.recordWith(
        "dropout", Internal.make(x.dtype(), x.shape(), y), KEEP_SCALED_GRAD, m, x);
  }

  static final GradRule KEEP_SCALED_GRAD = (e, g) -> new Tensor[] {keepScaled(g, (Mask) e.attrs())};

  // ---------------------------------------------------------------- batch normalization

  /**
   * TF's {@code tf.nn.batch_normalization} (nn_impl.py): {@code inv = rsqrt(variance + epsilon) *
   * scale}, {@code y = x * inv + (offset - mean * inv)}, broadcast; a null {@code scale} is 1 and a
   * null {@code offset} is 0.
   */
  public static Tensor batchNormalization(
      Tensor x, Tensor mean, Tensor variance, Tensor offset, Tensor scale, double epsilon) {
    String op = "batchNormalization";
    Check.notNull(op, "x", x);
    Check.notNull(op, "mean", mean);
    Check.notNull(op, "variance", variance);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    Shape out = x.shape();
    for (Tensor t : new Tensor[] {mean, variance, offset, scale}) {
      if (t != null) {
        Check.sameDType(op, x, t);
        out = Broadcast.shape(op, out, t.shape());
      }
    }
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException(
          op + ": epsilon " + epsilon + " must be >= 0 (x " + x.shape() + ")");
    }
    Tensor one = Layout.scalar(x.dtype(), 1);
    Tensor inv = div(one, UnaryOps.sqrt(add(variance, Layout.scalar(x.dtype(), epsilon))));
    if (scale != null) {
      inv = mul(inv, scale);
    }
    Tensor shift = offset != null ? sub(offset, mul(mean, inv)) : UnaryOps.neg(mul(mean, inv));
    return add(mul(x, inv), shift);
  }

  // ---------------------------------------------------------------- cross-entropies

  private static void logitsArg(String op, Tensor logits) {
    Check.notNull(op, "logits", logits);
    Check.dtypeIn(op, logits, DType.FLOAT32, DType.FLOAT64);
    if (logits.rank() == 0) {
      throw new IllegalArgumentException(
          op + ": logits need a class axis (rank >= 1), got shape " + logits.shape());
    }
  }

  /** The per-example loss as a new tensor: its only recorded producer is the fused op. */
  private static Tensor fresh(Tensor loss) {
    return Internal.make(loss.dtype(), loss.shape(), Internal.data(loss));
  }

  /**
   * TF's {@code tf.nn.softmax_cross_entropy_with_logits}: {@code loss = -sum(labels *
   * logSoftmax(logits), -1)} per example (stable: logSoftmax subtracts the max). Gradients (TF's
   * rule): logits {@code g * (softmax(logits) - labels)}, labels {@code g * -logSoftmax(logits)}.
   */
  public static Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
    String op = "softmaxCrossEntropyWithLogits";
    logitsArg(op, logits);
    Check.notNull(op, "labels", labels);
    Check.sameDType(op, labels, logits);
    if (!labels.shape().equals(logits.shape())) {
      throw new IllegalArgumentException(
          op
              + ": labels "
              + labels.shape()
              + " and logits "
              + logits.shape()
              + " must have the same shape");
    }
    Tensor ls = NnOps.logSoftmax(logits, -1);
    Tensor loss = UnaryOps.neg(ReductionOps.sum(mul(labels, ls), LAST, false));
    return Recorder.record(op, fresh(loss), SOFTMAX_CROSS_ENTROPY_GRAD, labels, logits);
  }

  static final GradRule SOFTMAX_CROSS_ENTROPY_GRAD =
      (e, g) -> {
        Tensor gx = ShapeOps.expandDims(g, -1);
        Tensor logits = e.in(1);
        return new Tensor[] {
          e.needs(0) ? mul(gx, UnaryOps.neg(NnOps.logSoftmax(logits, -1))) : null,
          e.needs(1) ? mul(gx, sub(NnOps.softmax(logits, -1), e.in(0))) : null
        };
      };

  /**
   * TF's {@code tf.nn.sparse_softmax_cross_entropy_with_logits}: {@code loss[i] =
   * -logSoftmax(logits)[i, labels[i]]}, labels INT32/INT64 shaped as logits without the last axis;
   * a label outside {@code [0, classes)} is an {@link IllegalArgumentException}, as TF's CPU kernel
   * rejects it. Gradient (logits): {@code g * (softmax(logits) - oneHot(labels))}; none for labels.
   */
  public static Tensor sparseSoftmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
    String op = "sparseSoftmaxCrossEntropyWithLogits";
    logitsArg(op, logits);
    Check.notNull(op, "labels", labels);
    Check.dtypeIn(op, labels, DType.INT32, DType.INT64);
    int[] ld = Internal.dims(logits.shape());
    int classes = ld[ld.length - 1];
    Shape want = Shape.of(java.util.Arrays.copyOf(ld, ld.length - 1));
    if (!labels.shape().equals(want)) {
      throw new IllegalArgumentException(
          op
              + ": labels "
              + labels.shape()
              + " must have the shape of logits "
              + logits.shape()
              + " without its last axis, "
              + want);
    }
    Tensor hot = oneHot(op, labels, classes, logits.dtype());
    Tensor ls = NnOps.logSoftmax(logits, -1);
    Tensor loss = UnaryOps.neg(ReductionOps.sum(mul(hot, ls), LAST, false));
    return Recorder.record(op, fresh(loss), SPARSE_SOFTMAX_CROSS_ENTROPY_GRAD, labels, logits);
  }

  static final GradRule SPARSE_SOFTMAX_CROSS_ENTROPY_GRAD =
      (e, g) -> {
        Tensor logits = e.in(1);
        int classes = logits.shape().dim(-1);
        Tensor hot = oneHot("sparseSoftmaxCrossEntropyWithLogits", e.in(0), classes, g.dtype());
        return new Tensor[] {
          null,
          e.needs(1) ? mul(ShapeOps.expandDims(g, -1), sub(NnOps.softmax(logits, -1), hot)) : null
        };
      };

  /** A constant one-hot of checked labels, in {@code dtype}. */
  private static Tensor oneHot(String op, Tensor labels, int classes, DType dtype) {
    int n = (int) labels.size();
    long[] idx = labels.dtype() == DType.INT32 ? null : Internal.i64(labels);
    int[] idx32 = labels.dtype() == DType.INT32 ? Internal.i32(labels) : null;
    int[] ld = Internal.dims(labels.shape());
    int[] hd = java.util.Arrays.copyOf(ld, ld.length + 1);
    hd[ld.length] = classes;
    Object hot = Layout.alloc(op, dtype, Check.size(op, Shape.of(hd)));
    for (int i = 0; i < n; i++) {
      long k = idx32 != null ? idx32[i] : idx[i];
      if (k < 0 || k >= classes) {
        throw new IllegalArgumentException(
            op
                + ": label "
                + k
                + " at index "
                + i
                + " is outside the valid range [0, "
                + classes
                + ") (labels "
                + labels.shape()
                + ")");
      }
      if (dtype == DType.FLOAT32) {
        ((float[]) hot)[i * classes + (int) k] = 1f;
      } else {
        ((double[]) hot)[i * classes + (int) k] = 1.0;
      }
    }
    return Internal.make(dtype, Shape.of(hd), hot);
  }
}
