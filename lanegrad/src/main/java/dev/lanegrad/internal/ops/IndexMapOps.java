package dev.lanegrad.internal.ops;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.AxisKernels;

/**
 * Two linear ops over a flat index map, each the other's gradient, so that any order of
 * differentiation works: {@code take} ({@code y[j] = x[src[j]]}, the values of topK and sort and
 * einsum's diagonals) and {@code putAdd} ({@code y[src[j]] += g[j]} into zeros of a given shape).
 * The map is the op's attribute, as TF's gather carries its indices.
 */
final class IndexMapOps {
  private IndexMapOps() {}

  /** {@code y[j] = x[src[j]]} (flat indices into x), shaped {@code shape}. Gradient: putAdd. */
  static Tensor take(Tensor x, int[] src, Shape shape) {
    int n = (int) shape.size();
    Object y = Layout.alloc("take", x.dtype(), n);
    AxisKernels.take(Internal.data(x), src, y, n);
    return Recorder.recordWith("take", Internal.make(x.dtype(), shape, y), TAKE_GRAD, src, x);
  }

  static final GradRule TAKE_GRAD =
      (e, g) -> new Tensor[] {putAdd(g, (int[]) e.attrs(), e.in(0).shape())};

  /**
   * Zeros of {@code shape} with {@code g[j]} added at flat index {@code dst[j]}. Gradient: take.
   */
  static Tensor putAdd(Tensor g, int[] dst, Shape shape) {
    Object y = Layout.alloc("putAdd", g.dtype(), (int) shape.size());
    AxisKernels.putAdd(Internal.data(g), dst, y, (int) g.size());
    return Recorder.recordWith("putAdd", Internal.make(g.dtype(), shape, y), PUT_ADD_GRAD, dst, g);
  }

  static final GradRule PUT_ADD_GRAD =
      (e, g) -> new Tensor[] {take(g, (int[]) e.attrs(), e.in(0).shape())};
}
