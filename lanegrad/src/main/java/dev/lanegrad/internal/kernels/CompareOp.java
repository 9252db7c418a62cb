package dev.lanegrad.internal.kernels;

/**
 * Elementwise comparisons with a BOOL result: {@code y[i] = a[i] op b[i]}; NaN compares false
 * except NE.
 */
public enum CompareOp {
  GT,
  GE,
  LT,
  LE,
  EQ,
  NE
}
