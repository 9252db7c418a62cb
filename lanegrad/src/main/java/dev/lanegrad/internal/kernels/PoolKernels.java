package dev.lanegrad.internal.kernels;

/**
 * Max and average pooling over NHWC data and their backprops, one window per output cell ({@link
 * ConvGeometry} with {@code c} channels, window {@code kh x kw}, strides, no dilation). Cells
 * outside the input are ignored (TF's pools: max treats them as -inf, average counts only the cells
 * inside). Two implementations: {@link ScalarPoolKernels} (the reference) and {@code
 * SimdPoolKernels} (lanes along the channels), chosen once as {@link KernelProvider} chooses, with
 * the same bits: every output is computed in the same order of taps in both.
 */
public interface PoolKernels {
  /** The pooling kernels of this JVM: SIMD exactly when {@link KernelProvider#get()} is. */
  static PoolKernels get() {
    return PoolKernelsHolder.K;
  }

  /** {@code y[b, oy, ox, c] = max} of the window's cells in the input. */
  void maxPoolF32(ConvGeometry g, float[] x, float[] y);

  void maxPoolF64(ConvGeometry g, double[] x, double[] y);

  /**
   * TF's MaxPoolGrad: adds {@code dy[b, oy, ox, c]} into {@code dx} at the window's first cell (in
   * row-major window order) holding the window's max. {@code dx} must be zeroed.
   */
  void maxPoolGradF32(ConvGeometry g, float[] x, float[] dy, float[] dx);

  void maxPoolGradF64(ConvGeometry g, double[] x, double[] dy, double[] dx);

  /**
   * {@link #maxPoolGradF32(ConvGeometry, float[], float[], float[])} given the forward's output
   * {@code y} (TF's MaxPoolGrad takes it as {@code orig_output}): each window's max is read, not
   * recomputed. {@code y} must be {@link #maxPoolF32}'s output for {@code x}; the bits are the
   * same.
   */
  void maxPoolGradF32(ConvGeometry g, float[] x, float[] y, float[] dy, float[] dx);

  void maxPoolGradF64(ConvGeometry g, double[] x, double[] y, double[] dy, double[] dx);

  /**
   * TF's MaxPoolGradGrad: {@code y[b, oy, ox, c] = gg} at the window's first cell holding its max
   * ({@code y} shaped as the pool's output, overwritten).
   */
  void maxPoolGradGradF32(ConvGeometry g, float[] x, float[] gg, float[] y);

  void maxPoolGradGradF64(ConvGeometry g, double[] x, double[] gg, double[] y);

  /** {@code y = (sum of the window's cells inside the input) / (their count)}. */
  void avgPoolF32(ConvGeometry g, float[] x, float[] y);

  void avgPoolF64(ConvGeometry g, double[] x, double[] y);

  /**
   * TF's AvgPoolGrad: adds {@code dy * (1 / count)} into every cell of each window that lies inside
   * the input. {@code dx} must be zeroed.
   */
  void avgPoolGradF32(ConvGeometry g, float[] dy, float[] dx);

  void avgPoolGradF64(ConvGeometry g, double[] dy, double[] dx);
}
