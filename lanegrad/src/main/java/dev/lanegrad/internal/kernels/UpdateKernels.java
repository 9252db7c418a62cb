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
 *       + eps)}; with AMSGrad {@code vhat = max(vhat, v)} takes {@code v}'s place in {@code y}
 *   <li>decoupled weight decay: {@code y = w - w wd lr}
 *   <li>RMSprop: {@code vel = rho vel + c g^2}; centered {@code avg = rho avg + c g}, {@code den =
 *       vel - avg^2 + eps}, else {@code den = vel + eps}; {@code inc = lr g (1 / sqrt(den))}; with
 *       momentum {@code mom = mu mom + inc}, {@code y = w - mom}, else {@code y = w - inc}
 *   <li>Adagrad: {@code acc += g^2}, {@code y = w - lr g / sqrt(acc + eps)}
 *   <li>Adamax: {@code m += (g - m) c1}, {@code u = max(beta2 u, |g|)}, {@code y = w - lr m /
 *       (correction (u + eps))}
 *   <li>Nadam: {@code m += (g - m) c1}, {@code v += (g^2 - v) c2}, {@code y = w - (uNext m / mDiv +
 *       gMul g / gDiv) lr / (sqrt(v / vDiv) + eps)}
 *   <li>clipping: {@code y = min(max(g, lo), hi)}; {@code y = g mul / div}; {@code sum(g^2)}
 * </ul>
 *
 * Elementwise and in one fixed order (Keras's, operation by operation): the SIMD kernels give the
 * scalar twin's bits. The arrays of one call are distinct, except that an output may be its input
 * ({@code y == g}, {@code y == w}): every element is read before it is written.
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

  /** Adam with AMSGrad: {@link #adamF32} with {@code vhat = max(vhat, v)} in the denominator. */
  void adamAmsgradF32(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] vhat,
      float[] y,
      float alpha,
      float c1,
      float c2,
      float eps);

  /** {@link #adamAmsgradF32} in float64. */
  void adamAmsgradF64(
      double[] w,
      double[] g,
      double[] m,
      double[] v,
      double[] vhat,
      double[] y,
      double alpha,
      double c1,
      double c2,
      double eps);

  /** Keras's decoupled weight decay {@code y = w - w * wd * lr}, float32. */
  void decayF32(float[] w, float[] y, float wd, float lr);

  /** {@link #decayF32} in float64. */
  void decayF64(double[] w, double[] y, double wd, double lr);

  /**
   * RMSprop's step; {@code avg} is null unless centered, {@code mom} null without momentum ({@code
   * mu} then unused); {@code c = 1 - rho} as Keras rounds it. float32.
   */
  void rmspropF32(
      float[] w,
      float[] g,
      float[] vel,
      float[] avg,
      float[] mom,
      float[] y,
      float lr,
      float rho,
      float c,
      float eps,
      float mu);

  /** {@link #rmspropF32} in float64. */
  void rmspropF64(
      double[] w,
      double[] g,
      double[] vel,
      double[] avg,
      double[] mom,
      double[] y,
      double lr,
      double rho,
      double c,
      double eps,
      double mu);

  /** Adagrad's step, float32. */
  void adagradF32(float[] w, float[] g, float[] acc, float[] y, float lr, float eps);

  /** {@link #adagradF32} in float64. */
  void adagradF64(double[] w, double[] g, double[] acc, double[] y, double lr, double eps);

  /** Adamax's step with {@code correction = 1 - beta1^t}, float32. */
  void adamaxF32(
      float[] w,
      float[] g,
      float[] m,
      float[] u,
      float[] y,
      float lr,
      float c1,
      float beta2,
      float eps,
      float correction);

  /** {@link #adamaxF32} in float64. */
  void adamaxF64(
      double[] w,
      double[] g,
      double[] m,
      double[] u,
      double[] y,
      double lr,
      double c1,
      double beta2,
      double eps,
      double correction);

  /**
   * Nadam's step: {@code uNext = u_{t+1}}, {@code mDiv = 1 - prod u_1..u_{t+1}}, {@code gMul = 1 -
   * u_t}, {@code gDiv = 1 - prod u_1..u_t}, {@code vDiv = 1 - beta2^t}. float32.
   */
  void nadamF32(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] y,
      float lr,
      float c1,
      float c2,
      float uNext,
      float mDiv,
      float gMul,
      float gDiv,
      float vDiv,
      float eps);

  /** {@link #nadamF32} in float64. */
  void nadamF64(
      double[] w,
      double[] g,
      double[] m,
      double[] v,
      double[] y,
      double lr,
      double c1,
      double c2,
      double uNext,
      double mDiv,
      double gMul,
      double gDiv,
      double vDiv,
      double eps);

  /** {@code y = min(max(g, lo), hi)} (TF's {@code clip_by_value}), float32. */
  void clipValueF32(float[] g, float[] y, float lo, float hi);

  /** {@link #clipValueF32} in float64. */
  void clipValueF64(double[] g, double[] y, double lo, double hi);

  /** {@code y = g * mul / div} (TF's {@code clip_by_norm} and global scaling), float32. */
  void scaleF32(float[] g, float[] y, float mul, float div);

  /** {@link #scaleF32} in float64. */
  void scaleF64(double[] g, double[] y, double mul, double div);

  /**
   * The sum of the float32 squares {@code g[i] * g[i]}, added in order in double (as the scalar
   * reductions sum float32).
   */
  double sumSquaresF32(float[] g);

  /** The sum of the squares, added in order. */
  double sumSquaresF64(double[] g);

  /** The update kernels of this JVM: SIMD exactly when {@link KernelProvider} chose SIMD. */
  static UpdateKernels get() {
    return UpdateKernelsHolder.K;
  }

  /** The scalar reference, for twin tests. */
  static UpdateKernels scalar() {
    return UpdateKernelsHolder.SCALAR;
  }
}
