package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * What the max and average pooling layers share, as Keras's {@code Pooling1D}/{@code Pooling2D}: a
 * window of {@code poolSize} moved by {@code strides} (default: the pool size), VALID unless told
 * SAME; no weights.
 */
public abstract class Pooling extends Layer {
  final int rank;
  final boolean max;
  final int[] pool;
  final int[] strides;
  final Padding padding;

  Pooling(int rank, boolean max, String base, Builder<?, ?> b) {
    super(b.name != null ? b.name : defaultName(base));
    this.rank = rank;
    this.max = max;
    this.pool = b.pool;
    this.strides = b.strides != null ? b.strides : b.pool;
    this.padding = b.padding;
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
    for (int i = 0; i < rank; i++) {
      int n = shape.dim(i + 1);
      int o =
          padding == Padding.SAME
              ? (n + strides[i] - 1) / strides[i]
              : n < pool[i] ? 0 : (n - pool[i]) / strides[i] + 1;
      if (o <= 0) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\": the pool "
                + Arrays.toString(pool)
                + " is larger than the input "
                + shape
                + " with padding valid: the output would have a dimension of size 0");
      }
      out[i + 1] = o;
    }
    return new Spec(Shape.of(out), dtype);
  }

  @Override
  protected Tensor call(Tensor x) {
    if (rank == 1) {
      return max
          ? Ops.maxPool1d(x, pool[0], strides[0], padding)
          : Ops.avgPool1d(x, pool[0], strides[0], padding);
    }
    return max
        ? Ops.maxPool2d(x, pool, strides, padding)
        : Ops.avgPool2d(x, pool, strides, padding);
  }

  /**
   * Options of a pooling layer: {@code strides} (default the pool size), {@code padding} (default
   * VALID), {@code name}, {@code inputShape}.
   *
   * @param <B> the concrete builder
   * @param <L> the layer it builds
   */
  public abstract static class Builder<B extends Builder<B, L>, L extends Pooling>
      extends LayerBuilder<B, L> {
    private final int rank;
    private int[] pool;
    private int[] strides;
    private Padding padding = Padding.VALID;

    Builder(String layer, int rank, int poolSize) {
      super(layer);
      this.rank = rank;
      this.pool = fill(Args.positive(layer, "pool_size", poolSize));
    }

    private int[] fill(int v) {
      int[] a = new int[rank];
      Arrays.fill(a, v);
      return a;
    }

    private int[] expand(int[] v) {
      return v != null && v.length == 1 && rank > 1 ? fill(v[0]) : v;
    }

    /** The window per spatial axis (one number: square). */
    public B poolSize(int... poolSize) {
      this.pool = Args.positive(layer, "pool_size", expand(poolSize), rank);
      return self();
    }

    /** The step per spatial axis (default: the pool size). */
    public B strides(int... strides) {
      this.strides = Args.positive(layer, "strides", expand(strides), rank);
      return self();
    }

    /** VALID (default) or SAME. */
    public B padding(Padding padding) {
      this.padding = Args.notNull(layer, "padding", padding);
      return self();
    }
  }
}
