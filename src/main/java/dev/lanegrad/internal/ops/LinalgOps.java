package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/** Matrix products: forward and gradient rule side by side. */
public final class LinalgOps {
  private LinalgOps() {}

  public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) { throw new UnsupportedOperationException("not implemented yet"); }
}
