package dev.lanegrad.internal.kernels;

/**
 * The elementwise float functions of {@link ScalarMathKernels}, each as TF's CPU kernel computes it
 * (the formula in TF's functor, in the input's precision): EXPM1 {@code e^x - 1}; RECIPROCAL {@code
 * 1 / x}; RSQRT {@code 1 / sqrt(x)}; FLOOR, CEIL; ROUND half to even ({@code rint}); SIN, COS; ERF
 * (FLOAT32: Eigen's rational approximation on [-4, 4], as TF; FLOAT64 accurate to a few ulps);
 * SOFTPLUS {@code x > -t ? x : x < t ? e^x : log1p(e^x)} with {@code t = log(eps) + 2}; SOFTSIGN
 * {@code x / (1 + |x|)}; ELU {@code x < 0 ? e^x - 1 : x}; SELU {@code x < 0 ? 1.7580993 (e^x - 1) :
 * 1.0507010 x}; RELU6 {@code min(max(x, 0), 6)}.
 */
public enum MathOp {
  EXPM1,
  RECIPROCAL,
  RSQRT,
  FLOOR,
  CEIL,
  ROUND,
  SIN,
  COS,
  ERF,
  SOFTPLUS,
  SOFTSIGN,
  ELU,
  SELU,
  RELU6
}
