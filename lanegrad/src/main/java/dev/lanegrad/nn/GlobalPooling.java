package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * What the global poolings share: the mean or the max over every spatial axis, {@code (batch, ...,
 * channels)} to {@code (batch, channels)} (or with the spatial axes kept as 1 when {@code
 * keepdims}).
 */
public abstract class GlobalPooling extends Layer {
  final int rank;
  final boolean max;
  final boolean keepdims;

  GlobalPooling(int rank, boolean max, String base, String name, boolean keepdims) {
    super(name != null ? name : defaultName(base));
    this.rank = rank;
    this.max = max;
    this.keepdims = keepdims;
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() != rank + 2) {
      throw Args.rank(name(), rank + 2, shape);
    }
    if (!dtype.isFloating()) {
      throw Args.dtype(name(), "a float", dtype, shape);
    }
    int[] out = shape.dims();
    if (keepdims) {
      for (int i = 1; i <= rank; i++) {
        out[i] = 1;
      }
      return new Spec(Shape.of(out), dtype);
    }
    return new Spec(Shape.of(out[0], out[rank + 1]), dtype);
  }

  @Override
  protected Tensor call(Tensor x) {
    int[] axes = rank == 1 ? new int[] {1} : new int[] {1, 2};
    return max ? x.max(axes, keepdims) : x.mean(axes, keepdims);
  }
}
