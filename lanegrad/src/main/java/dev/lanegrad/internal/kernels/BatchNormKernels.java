package dev.lanegrad.internal.kernels;

/**
 * The loops of a fused batch normalization over channels-last data viewed as {@code [rows, c]}
 * (TF's FusedBatchNormV3 and FusedBatchNormGradV3 on the CPU): per-channel moments, the gradient's
 * per-channel sums, and two elementwise passes. Rows are taken in blocks of {@link #BLOCK} counted
 * from {@code r0}: a block's sums run in the element type from zero over four interleaved row
 * chains ({@code (a0 + a1) + (a2 + a3)}, the rows past the last multiple of four added to {@code
 * a0}), and blocks are combined in double in block order. Two implementations, {@link
 * ScalarBatchNormKernels} (the reference) and {@code SimdBatchNormKernels} (lanes along the
 * channels), chosen as {@link KernelProvider} chooses, with the same bits: each channel's
 * arithmetic is the same sequence of operations in both.
 */
public interface BatchNormKernels {
  /** Rows per block; callers that split rows into groups split them at multiples of it. */
  int BLOCK = 128;

  /** The batch-norm kernels of this JVM: SIMD exactly when {@link KernelProvider#get()} is. */
  static BatchNormKernels get() {
    return Holder.K;
  }

  /**
   * Rows {@code [r0, r1)}: {@code out[o + i]} = the mean of channel i, {@code out[o + c + i]} = the
   * sum of its squared deviations from that mean. Per block: the block's mean {@code m} (its sum
   * over the rows), the sum {@code q} of {@code (x - (type) m)^2} as fused multiply-adds, then
   * {@code q - rows (m - (type) m)^2} about the block's mean; blocks are merged by Chan's formula.
   * Rows {@code r1 <= r0} give a mean and sum of 0.
   */
  void momentsF32(float[] x, int c, int r0, int r1, double[] out, int o);

  void momentsF64(double[] x, int c, int r0, int r1, double[] out, int o);

  /**
   * Rows {@code [r0, r1)}: {@code out[o + i] = sum dy} and {@code out[o + c + i] = sum dy * (x -
   * mean[i])} (a fused multiply-add), per channel, blocks added in double.
   */
  void gradSumsF32(float[] dy, float[] x, float[] mean, int c, int r0, int r1, double[] out, int o);

  void gradSumsF64(
      double[] dy, double[] x, double[] mean, int c, int r0, int r1, double[] out, int o);

  /** Rows {@code [r0, r1)}: {@code y = fma(x - shift[i], scale[i], offset[i])}. */
  void normalizeF32(
      float[] x, float[] shift, float[] scale, float[] offset, int c, int r0, int r1, float[] y);

  void normalizeF64(
      double[] x,
      double[] shift,
      double[] scale,
      double[] offset,
      int c,
      int r0,
      int r1,
      double[] y);

  /**
   * Rows {@code [r0, r1)}: {@code dx = fma(-(x - mean[i]), coef[i], dy - dyMean[i]) * scale[i]}
   * (TF's {@code scale rsqrt(var + eps) (dy - mean(dy) - (x - mean) mean(dy (x - mean)) / (var +
   * eps))} with {@code coef} the last factor's per-channel part).
   */
  void backpropF32(
      float[] dy,
      float[] x,
      float[] mean,
      float[] dyMean,
      float[] coef,
      float[] scale,
      int c,
      int r0,
      int r1,
      float[] dx);

  void backpropF64(
      double[] dy,
      double[] x,
      double[] mean,
      double[] dyMean,
      double[] coef,
      double[] scale,
      int c,
      int r0,
      int r1,
      double[] dx);

  /** Chosen once, after {@link KernelProvider}'s choice (the scalar path links no vector class). */
  final class Holder {
    static final BatchNormKernels K = choose();

    private Holder() {}

    static BatchNormKernels choose() {
      return KernelProvider.family(
          BatchNormKernels.class,
          "SimdBatchNormKernels",
          new ScalarBatchNormKernels()); // standards: allow the one-time choice
    }
  }
}
