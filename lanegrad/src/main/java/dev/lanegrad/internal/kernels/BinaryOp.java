package dev.lanegrad.internal.kernels;

/**
 * The binary elementwise operations of the kernels: {@code y[i] = a[i] op b[i]}. POW on integers is
 * exact by repeated squaring (wrapping on overflow) and throws {@link ArithmeticException} for a
 * negative exponent; POW on floats is C's {@code pow}. MAX and MIN propagate NaN.
 */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  POW,
  MAX,
  MIN
}
