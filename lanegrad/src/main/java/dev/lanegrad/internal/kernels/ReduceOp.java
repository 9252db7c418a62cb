package dev.lanegrad.internal.kernels;

/** What a reduction kernel combines with; the identity of an empty run is 0, -inf/MIN, +inf/MAX. */
public enum ReduceOp {
  SUM,
  MAX,
  MIN
}
