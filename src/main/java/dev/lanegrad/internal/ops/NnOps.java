package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;

/** Neural-network ops (softmax, logSoftmax): forwards and gradient rules side by side. */
public final class NnOps {
  private NnOps() {}

  /**
   * {@code y_i = exp(x_i - max x) * (1 / sum_j exp(x_j - max x))} along {@code axis} (negative counts
   * from the end); the max is subtracted first, so logits of 1000 do not overflow. FLOAT32 and
   * FLOAT64. Gradient: {@code y * (g - sum(g * y, axis, keepDims))}.
   */
  public static Tensor softmax(Tensor x, int axis) {
    return run("softmax", x, axis, false);
  }

  /**
   * {@code y_i = x_i - max x - log(sum_j exp(x_j - max x))} along {@code axis}. Gradient:
   * {@code g - exp(y) * sum(g, axis, keepDims)}.
   */
  public static Tensor logSoftmax(Tensor x, int axis) {
    return run("logSoftmax", x, axis, true);
  }

  private static Tensor run(String name, Tensor x, int axis, boolean log) {
    Check.notNull(name, "x", x);
    Check.dtypeIn(name, x, DType.FLOAT32, DType.FLOAT64);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(name + ": needs a tensor of rank >= 1, got shape "
          + x.shape());
    }
    int rank = x.rank();
    int a = Check.axis(name, axis, rank);
    int[] xd = Internal.dims(x.shape());
    int outer = 1;
    for (int k = 0; k < a; k++) {
      outer *= xd[k];
    }
    int inner = 1;
    for (int k = a + 1; k < rank; k++) {
      inner *= xd[k];
    }
    int n = (int) x.size();
    Object y = Layout.alloc(name, x.dtype(), n);
    if (n > 0) {
      if (x.dtype() == DType.FLOAT32) {
        softmaxF32(Internal.f32(x), outer, xd[a], inner, (float[]) y, log);
      } else {
        softmaxF64(Internal.f64(x), outer, xd[a], inner, (double[]) y, log);
      }
    }
    Tensor out = Internal.make(x.dtype(), x.shape(), y);
    GradRule rule = null;
    if (Recorder.active()) {
      int[] ax = {a};
      rule = log ? logSoftmaxGrad(ax) : softmaxGrad(ax);
    }
    return Recorder.record(name, out, rule, x);
  }

  // The forwards as TF's SoftmaxEigenImpl computes them, row by row along the axis:
  // softmax = e * (1 / sum e) with e = exp(x - max), a multiplication by the reciprocal that
  // differs from a division in the last bit ([2, 1, 0.1] gives 0.24243298, not 0.242433);
  // logSoftmax = (x - max) - log(sum e). The sums round as Eigen's (ReductionOps.eigenSumF32). They live
  // here rather than in the kernels while the kernels are being rewritten.
  private static void softmaxF32(float[] x, int outer, int r, int inner, float[] y, boolean log) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int b = o * r * inner + i;
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < r; j++) {
          m = Math.max(m, x[b + j * inner]);
        }
        for (int j = 0; j < r; j++) {
          y[b + j * inner] = (float) Math.exp(x[b + j * inner] - m);
        }
        float s = ReductionOps.eigenSumF32(y, b, r, inner);
        if (log) {
          float ls = (float) Math.log(s);
          for (int j = 0; j < r; j++) {
            y[b + j * inner] = (x[b + j * inner] - m) - ls;
          }
        } else {
          float inv = 1f / s;
          for (int j = 0; j < r; j++) {
            y[b + j * inner] *= inv;
          }
        }
      }
    }
  }

  private static void softmaxF64(double[] x, int outer, int r, int inner, double[] y,
      boolean log) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int b = o * r * inner + i;
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < r; j++) {
          m = Math.max(m, x[b + j * inner]);
        }
        for (int j = 0; j < r; j++) {
          y[b + j * inner] = Math.exp(x[b + j * inner] - m);
        }
        double s = ReductionOps.eigenSumF64(y, b, r, inner);
        if (log) {
          double ls = Math.log(s);
          for (int j = 0; j < r; j++) {
            y[b + j * inner] = (x[b + j * inner] - m) - ls;
          }
        } else {
          double inv = 1d / s;
          for (int j = 0; j < r; j++) {
            y[b + j * inner] *= inv;
          }
        }
      }
    }
  }

  // written with ops on the output y, as TF's _SoftmaxGrad: recorded, so second order works
  private static GradRule softmaxGrad(int[] axis) {
    return (e, g) -> {
      if (!e.needs(0)) {
        return new Tensor[1];
      }
      Tensor y = e.out();
      Tensor s = ReductionOps.sum(ArithmeticOps.mul(g, y), axis, true);
      return new Tensor[] {ArithmeticOps.mul(y, ArithmeticOps.sub(g, s))};
    };
  }

  private static GradRule logSoftmaxGrad(int[] axis) {
    return (e, g) -> {
      if (!e.needs(0)) {
        return new Tensor[1];
      }
      Tensor s = ReductionOps.sum(g, axis, true);
      return new Tensor[] {ArithmeticOps.sub(g, ArithmeticOps.mul(ArithmeticOps.exp(e.out()), s))};
    };
  }
}
