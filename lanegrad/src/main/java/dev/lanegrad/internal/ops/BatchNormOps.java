package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.add;
import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.ArithmeticOps.sub;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.BatchNorm;

/**
 * TF's fused batch normalization (FusedBatchNormV3 and its gradient FusedBatchNormGradV3, as the
 * CPU kernels in fused_batch_norm_op.cc compute them) over channels-last input of rank >= 2: one
 * recorded op whose forward is two passes over x (per-channel moments, then {@code y = (x - mean) *
 * (scale rsqrt(var + eps)) + offset}) and whose first-order gradient is two passes over {@code dy}
 * and x. When a tape records while the gradient runs (a second order), the rule instead writes TF's
 * {@code _BatchNormGrad} (nn_grad.py) with ops, which is what TF's {@code _FusedBatchNormGradGrad*}
 * differentiates, so higher orders come out of the ops' own rules.
 */
public final class BatchNormOps {
  private BatchNormOps() {}

  /** The attributes the gradient needs: epsilon, the mode, and the statistics the forward used. */
  record Attrs(double epsilon, boolean training, Tensor mean, Tensor variance) {}

  /**
   * {@code tf.raw_ops.FusedBatchNormV3}'s first five outputs for channels-last {@code x}: {@code
   * [y, batch_mean, batch_variance, saved_mean, saved_variance]}. Training: the batch's mean and
   * population variance {@code v} over every axis but the last normalise x; {@code batch_variance}
   * is {@code v * n / (n - 1)} (Bessel's correction, {@code n} rows per channel, {@code n / 1} for
   * one row) and the saved pair is {@code (mean, v)}; {@code mean} and {@code variance} must be
   * null. Inference: {@code mean} and {@code variance} normalise x and are handed back as all four
   * statistics. {@code scale} null is 1, {@code offset} null is 0. Only y is differentiable (TF's
   * rule ignores the other outputs' gradients); its gradient reaches x, scale and offset.
   */
  public static Tensor[] fusedBatchNorm(
      Tensor x,
      Tensor scale,
      Tensor offset,
      Tensor mean,
      Tensor variance,
      double epsilon,
      boolean training) {
    String op = "fusedBatchNorm";
    Check.notNull(op, "x", x);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          op + ": x must have rank >= 2 (channels last), got shape " + x.shape());
    }
    int c = x.shape().dim(-1);
    channelArg(op, "scale", scale, x, c);
    channelArg(op, "offset", offset, x, c);
    if (training) {
      if (mean != null || variance != null) {
        throw new IllegalArgumentException(
            op
                + ": mean and variance must be null in training (the batch's are used), x "
                + x.shape());
      }
    } else {
      Check.notNull(op, "mean", mean);
      Check.notNull(op, "variance", variance);
      channelArg(op, "mean", mean, x, c);
      channelArg(op, "variance", variance, x, c);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          op + ": epsilon " + epsilon + " must be a finite number >= 0 (x " + x.shape() + ")");
    }
    DType d = x.dtype();
    int rows = c == 0 ? 0 : (int) (x.size() / c);
    Tensor s = scale != null ? scale : filled(d, c, 1);
    Tensor o = offset != null ? offset : filled(d, c, 0);
    double[] m = new double[c];
    double[] v = new double[c];
    if (training) {
      BatchNorm.moments(Internal.data(x), rows, c, m, v);
    } else {
      read(mean, m);
      read(variance, v);
    }
    double[] ds = new double[c];
    read(s, ds);
    double[] inv = new double[c];
    for (int i = 0; i < c; i++) {
      inv[i] = ds[i] / Math.sqrt(v[i] + epsilon);
    }
    // the kernels write every value: an arena array in a step function needs no zeroing
    Object y = Elementwise.result(d, (int) x.size());
    BatchNorm.normalize(Internal.data(x), rows, c, array(d, m), array(d, inv), Internal.data(o), y);
    Tensor savedMean = training ? Internal.make(d, Shape.of(c), array(d, m)) : mean;
    Tensor savedVar = training ? Internal.make(d, Shape.of(c), array(d, v)) : variance;
    Tensor batchVar = savedVar;
    if (training) {
      double adjust = (double) rows / Math.max(1, rows - 1);
      double[] b = new double[c];
      for (int i = 0; i < c; i++) {
        b[i] = v[i] * adjust;
      }
      batchVar = Internal.make(d, Shape.of(c), array(d, b));
    }
    Tensor out = Internal.make(d, x.shape(), y);
    Attrs attrs = new Attrs(epsilon, training, savedMean, savedVar);
    Recorder.recordWith(op, out, FUSED_BATCH_NORM_GRAD, attrs, x, s, o);
    Tensor batchMean = training ? Internal.make(d, Shape.of(c), array(d, m)) : mean;
    return new Tensor[] {out, batchMean, batchVar, savedMean, savedVar};
  }

  /**
   * TF's FusedBatchNormGradV3 (training: {@code dx = scale rsqrt(v + eps) (dy - mean(dy) - xc
   * mean(dy xc) / (v + eps))}, {@code xc = x - mean}; inference: {@code dx = dy scale rsqrt(v +
   * eps)}), {@code dscale = sum(dy xc) rsqrt(v + eps)}, {@code doffset = sum(dy)}, on the fused
   * kernels while no tape records, else as TF's {@code _BatchNormGrad} written with ops.
   */
  static final GradRule FUSED_BATCH_NORM_GRAD =
      (e, g) -> {
        Attrs a = (Attrs) e.attrs();
        Tensor[] r =
            Recorder.recording()
                ? composedGrad(g, e.in(0), e.in(1), a)
                : fusedGrad(g, e.in(0), e.in(1), a, e.needs(0));
        return new Tensor[] {
          e.needs(0) ? r[0] : null, e.needs(1) ? r[1] : null, e.needs(2) ? r[2] : null
        };
      };

  private static Tensor[] fusedGrad(Tensor dy, Tensor x, Tensor scale, Attrs a, boolean needsX) {
    DType d = x.dtype();
    int c = x.shape().dim(-1);
    int rows = c == 0 ? 0 : (int) (x.size() / c);
    double[] m = new double[c];
    double[] v = new double[c];
    double[] s = new double[c];
    read(a.mean(), m);
    read(a.variance(), v);
    read(scale, s);
    Object mean = Internal.data(a.mean());
    double[] sumDy = new double[c];
    double[] sumDyXc = new double[c];
    BatchNorm.gradSums(Internal.data(dy), Internal.data(x), mean, rows, c, sumDy, sumDyXc);
    double[] dScale = new double[c];
    double[] k = new double[c];
    double[] dyMean = new double[c];
    double[] coef = new double[c];
    for (int i = 0; i < c; i++) {
      double r = 1 / Math.sqrt(v[i] + a.epsilon());
      dScale[i] = sumDyXc[i] * r;
      k[i] = s[i] * r;
      if (a.training()) {
        dyMean[i] = sumDy[i] / rows;
        coef[i] = sumDyXc[i] / rows / (v[i] + a.epsilon());
      }
    }
    Tensor dx = null;
    if (needsX) {
      Object out = Elementwise.result(d, (int) x.size());
      Object dyData = Internal.data(dy);
      if (a.training()) {
        BatchNorm.backprop(
            dyData,
            Internal.data(x),
            mean,
            array(d, dyMean),
            array(d, coef),
            array(d, k),
            rows,
            c,
            out);
      } else {
        Object zero = array(d, new double[c]);
        BatchNorm.normalize(dyData, rows, c, zero, array(d, k), zero, out);
      }
      dx = Internal.make(d, x.shape(), out);
    }
    return new Tensor[] {
      dx,
      Internal.make(d, Shape.of(c), array(d, dScale)),
      Internal.make(d, Shape.of(c), array(d, sumDy))
    };
  }

  /** nn_grad.py's {@code _BatchNormGrad} for channels-last x, written with ops. */
  private static Tensor[] composedGrad(Tensor dy, Tensor x, Tensor scale, Attrs a) {
    int[] axes = new int[x.rank() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    Tensor eps = Layout.scalar(x.dtype(), a.epsilon());
    if (!a.training()) {
      Tensor r = MathOps.rsqrt(add(a.variance(), eps));
      Tensor dScale = ReductionOps.sum(mul(mul(dy, sub(x, a.mean())), r), axes, false);
      return new Tensor[] {mul(dy, mul(scale, r)), dScale, ReductionOps.sum(dy, axes, false)};
    }
    // the statistics again from x, so that a second order sees how they depend on it
    Tensor meanDy = ReductionOps.mean(dy, axes, false);
    Tensor meanX = ReductionOps.mean(x, axes, false);
    Tensor xc = sub(x, meanX);
    Tensor varEps = add(ReductionOps.mean(UnaryOps.square(xc), axes, false), eps);
    Tensor r = MathOps.rsqrt(varEps);
    Tensor sumDyXc = ReductionOps.sum(mul(dy, xc), axes, false);
    Tensor meanDyXc = ReductionOps.mean(mul(dy, xc), axes, false);
    Tensor dx =
        mul(mul(scale, r), sub(sub(dy, meanDy), mul(xc, ArithmeticOps.div(meanDyXc, varEps))));
    return new Tensor[] {dx, mul(r, sumDyXc), ReductionOps.sum(dy, axes, false)};
  }

  private static void channelArg(String op, String name, Tensor t, Tensor x, int c) {
    if (t == null) {
      return;
    }
    Check.sameDType(op, x, t);
    if (t.rank() != 1 || t.shape().dim(0) != c) {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " must have shape ("
              + c
              + ",), one value per channel of x "
              + x.shape()
              + ", got "
              + t.shape());
    }
  }

  private static Tensor filled(DType d, int c, double value) {
    double[] v = new double[c];
    java.util.Arrays.fill(v, value);
    return Internal.make(d, Shape.of(c), array(d, v));
  }

  private static void read(Tensor t, double[] out) {
    Object a = Internal.data(t);
    for (int i = 0; i < out.length; i++) {
      out[i] = a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }
  }

  /** {@code v} as an array of {@code d} (float32 rounds each value once). */
  private static Object array(DType d, double[] v) {
    if (d == DType.FLOAT64) {
      return v.clone();
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
