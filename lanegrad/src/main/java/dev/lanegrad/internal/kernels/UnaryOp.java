package dev.lanegrad.internal.kernels;

/**
 * Unary elementwise operations {@code y[i] = op(x[i])}. Integers support NEG, ABS, SQUARE, SIGN and
 * RELU (wrapping: {@code abs(MIN_VALUE) == MIN_VALUE}); floats all of them. SIGN gives -1, 0 (also
 * for -0.0) or 1 and keeps NaN; RELU is {@code max(x, 0)} and keeps NaN; LOG1P is {@code ln(1 +
 * x)}, exact for small x where {@code ln(1 + x)} would round 1 + x first.
 */
public enum UnaryOp {
  NEG,
  ABS,
  SQUARE,
  SQRT,
  EXP,
  LOG,
  LOG1P,
  SIGN,
  RELU,
  SIGMOID,
  TANH
}
