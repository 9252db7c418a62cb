package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/** Neural-network ops (softmax, logSoftmax): forwards and gradient rules side by side. */
public final class NnOps {
  private NnOps() {}

  public static Tensor softmax(Tensor x, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor logSoftmax(Tensor x, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
}
