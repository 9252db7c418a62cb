package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;

/** Neural-network ops (softmax, logSoftmax): forwards and gradient rules side by side. */
public final class NnOps {
  private NnOps() {}

  /**
   * {@code y_i = exp(x_i - max x) * (1 / sum_j exp(x_j - max x))} along {@code axis} (negative
   * counts from the end); the max is subtracted first, so logits of 1000 do not overflow. FLOAT32
   * and FLOAT64. Gradient: {@code y * (g - sum(g * y, axis, keepDims))}.
   */
  public static Tensor softmax(Tensor x, int axis) {
    return run("softmax", x, axis, false, SOFTMAX_GRAD);
  }

  /**
   * Written with ops on the output y, as TF's _SoftmaxGrad (so second order works); attrs: axis.
   */
  static final GradRule SOFTMAX_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        Tensor y = e.out();
        Tensor s = ReductionOps.sum(ArithmeticOps.mul(g, y), (int[]) e.attrs(), true);
        return new Tensor[] {ArithmeticOps.mul(y, ArithmeticOps.sub(g, s))};
      };

  /**
   * {@code y_i = x_i - max x - log(sum_j exp(x_j - max x))} along {@code axis}. Gradient: {@code g
   * - exp(y) * sum(g, axis, keepDims)}.
   */
  public static Tensor logSoftmax(Tensor x, int axis) {
    return run("logSoftmax", x, axis, true, LOG_SOFTMAX_GRAD);
  }

  /** TF's _LogSoftmaxGrad, {@code g - exp(y) * sum(g, axis, keepDims)}; attrs: axis. */
  static final GradRule LOG_SOFTMAX_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        Tensor s = ReductionOps.sum(g, (int[]) e.attrs(), true);
        return new Tensor[] {ArithmeticOps.sub(g, ArithmeticOps.mul(UnaryOps.exp(e.out()), s))};
      };

  private static Tensor run(String name, Tensor x, int axis, boolean log, GradRule rule) {
    Check.notNull(name, "x", x);
    Check.dtypeIn(name, x, DType.FLOAT32, DType.FLOAT64);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(
          name + ": needs a tensor of rank >= 1, got shape " + x.shape());
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
    Object y = Elementwise.result(x.dtype(), n); // the kernel writes every value
    if (n > 0) {
      if (x.dtype() == DType.FLOAT32) {
        KernelProvider.get()
            .softmaxF32(Internal.f32(x), 0, outer, xd[a], inner, (float[]) y, 0, log);
      } else {
        KernelProvider.get()
            .softmaxF64(Internal.f64(x), 0, outer, xd[a], inner, (double[]) y, 0, log);
      }
    }
    return Recorder.recordWith(
        name, Internal.make(x.dtype(), x.shape(), y), rule, new int[] {a}, x);
  }
}
