package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/** Reductions over all elements or some axes: forwards and gradient rules side by side. */
public final class ReductionOps {
  private ReductionOps() {}

  /** {@code axes} null: all axes. */
  public static Tensor sum(Tensor x, int[] axes, boolean keepDims) { throw new UnsupportedOperationException("not implemented yet"); }
  /** {@code axes} null: all axes. */
  public static Tensor mean(Tensor x, int[] axes, boolean keepDims) { throw new UnsupportedOperationException("not implemented yet"); }
  /** {@code axes} null: all axes. */
  public static Tensor max(Tensor x, int[] axes, boolean keepDims) { throw new UnsupportedOperationException("not implemented yet"); }
  /** {@code axes} null: all axes. */
  public static Tensor min(Tensor x, int[] axes, boolean keepDims) { throw new UnsupportedOperationException("not implemented yet"); }
}
