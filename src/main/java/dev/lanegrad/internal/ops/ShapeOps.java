package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;
import java.util.List;

/** Ops that move elements without arithmetic: forwards and gradient rules side by side. */
public final class ShapeOps {
  private ShapeOps() {}

  public static Tensor reshape(Tensor x, int[] dims) { throw new UnsupportedOperationException("not implemented yet"); }
  /** {@code perm} null: reversed axes. */
  public static Tensor transpose(Tensor x, int[] perm) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor expandDims(Tensor x, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor squeeze(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor concat(List<Tensor> xs, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor stack(List<Tensor> xs, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
}
