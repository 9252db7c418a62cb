package dev.lanegrad.internal.kernels;

/**
 * The optimizers' fused updates: one pass per variable from its current array {@code w} and
 * gradient {@code g} into the update buffer {@code y} (the variable's next value), updating the
 * optimizer's slots ({@code v}, {@code m}) in place. Keras's formulas in the variable's dtype:
 *
 * <ul>
 *   <li>SGD: {@code y = w - g lr}
 *   <li>momentum: {@code v = v mu - g lr}; {@code y = w + v}, or with Nesterov {@code y = w + (v mu
 *       - g lr)}
 *   <li>Adam: {@code m += (g - m) c1}, {@code v += (g^2 - v) c2}, {@code y = w - m alpha / (sqrt(v)
 *       + eps)}
 * </ul>
 *
 * Elementwise and in one fixed order: the SIMD kernels give the scalar twin's bits.
 */
public interface UpdateKernels {
  /** SGD without momentum, float32. */
  void sgdF32(float[] w, float[] g, float[] y, float lr);

  /** SGD without momentum, float64. */
  void sgdF64(double[] w, double[] g, double[] y, double lr);

  /** SGD with momentum {@code mu} (and Nesterov's look-ahead when {@code nesterov}), float32. */
  void momentumF32(
      float[] w, float[] g, float[] v, float[] y, float lr, float mu, boolean nesterov);

  /** {@link #momentumF32} in float64. */
  void momentumF64(
      double[] w, double[] g, double[] v, double[] y, double lr, double mu, boolean nesterov);

  /** Adam's step with {@code alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)}, float32. */
  void adamF32(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] y,
      float alpha,
      float c1,
      float c2,
      float eps);

  /** {@link #adamF32} in float64. */
  void adamF64(
      double[] w,
      double[] g,
      double[] m,
      double[] v,
      double[] y,
      double alpha,
      double c1,
      double c2,
      double eps);

  /** The update kernels of this JVM: SIMD exactly when {@link KernelProvider} chose SIMD. */
  static UpdateKernels get() {
    return UpdateKernelsHolder.K;
  }

  /** The scalar reference, for twin tests. */
  static UpdateKernels scalar() {
    return UpdateKernelsHolder.SCALAR;
  }
}
