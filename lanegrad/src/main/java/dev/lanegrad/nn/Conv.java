package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.Arrays;

/**
 * What {@link Conv1D} and {@link Conv2D} share, as Keras's {@code base_conv.Conv}: the kernel
 * {@code (k..., in, filters)} made in build from the input's last axis, a bias {@code (filters,)},
 * one convolution op per call, then the bias and the activation.
 */
public abstract class Conv extends Layer {
  final int rank;
  private final int filters;
  final int[] kernelSize;
  final int[] strides;
  final Padding padding;
  final int[] dilation;
  final Activation activation;
  final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  final Regularizer kernelRegularizer;
  final Regularizer biasRegularizer;
  private Variable kernel;
  private Variable bias;

  Conv(int rank, String base, Builder<?, ?> b) {
    super(b.name != null ? b.name : defaultName(base));
    this.rank = rank;
    this.filters = b.filters;
    this.kernelSize = b.kernelSize;
    this.strides = b.strides;
    this.padding = b.padding;
    this.dilation = b.dilation;
    this.activation = b.activation;
    this.useBias = b.useBias;
    this.kernelInitializer = b.kernelInitializer;
    this.biasInitializer = b.biasInitializer;
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    setDtype(getClass().getSimpleName() + ".builder", b.dtype);
  }

  /** The kernel {@code (k..., in, filters)}, or null before build. */
  public Variable kernel() {
    return kernel;
  }

  /** The bias {@code (filters,)}, or null before build or without one. */
  public Variable bias() {
    return bias;
  }

  /** The number of output channels. */
  public int filters() {
    return filters;
  }

  @Override
  protected void build(Shape inputShape) {
    int in = inputShape.dim(-1);
    int[] k = Arrays.copyOf(kernelSize, rank + 2);
    k[rank] = in;
    k[rank + 1] = filters;
    kernel = addWeight("kernel", Shape.of(k), dtype(), kernelInitializer, true, kernelRegularizer);
    if (useBias) {
      bias = addWeight("bias", Shape.of(filters), dtype(), biasInitializer, true, biasRegularizer);
    }
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() != rank + 2) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected "
              + (shape.rank() < rank + 2 ? "min_ndim" : "ndim")
              + "="
              + (rank + 2)
              + ", found ndim="
              + shape.rank()
              + ". Full shape received: "
              + shape);
    }
    Variable k = kernel;
    if (k != null && shape.dim(-1) != k.shape().dim(rank)) {
      throw Args.lastAxis(name(), k.shape().dim(rank), shape);
    }
    if (!dtype.isFloating() && dtype != DType.INT32 && dtype != DType.INT64) {
      throw Args.dtype(name(), "a numeric", dtype, shape);
    }
    int[] out = new int[rank + 2];
    out[0] = shape.dim(0);
    for (int i = 0; i < rank; i++) {
      int n = shape.dim(i + 1);
      int window = (kernelSize[i] - 1) * dilation[i] + 1;
      int o =
          padding == Padding.SAME
              ? (n + strides[i] - 1) / strides[i]
              : (n - window) / strides[i] + 1;
      if (padding == Padding.VALID && n < window || o <= 0) {
        throw new IllegalArgumentException(
            "One of the dimensions in the output is <= 0 due to downsampling in "
                + name()
                + ". Consider increasing the input size. Received input shape "
                + shape
                + " which would produce output shape with a zero or negative value in a"
                + " dimension (kernel size "
                + Arrays.toString(kernelSize)
                + ", strides "
                + Arrays.toString(strides)
                + ", padding "
                + padding.name().toLowerCase(java.util.Locale.ROOT)
                + ")");
      }
      out[i + 1] = o;
    }
    out[rank + 1] = filters;
    return new Spec(Shape.of(out), dtype());
  }

  @Override
  protected Tensor call(Tensor x) {
    x = toDtype(x);
    Tensor y =
        rank == 1
            ? Ops.conv1d(x, kernel, strides[0], padding, dilation[0])
            : Ops.conv2d(x, kernel, strides, padding, dilation);
    if (bias != null) {
      y = y.add(bias);
    }
    return activation.apply(y);
  }

  /**
   * Options of a convolution, Keras's names and defaults: {@code strides} 1, {@code padding} VALID,
   * {@code dilationRate} 1, no activation, a bias, Glorot-uniform kernel, zero bias.
   *
   * @param <B> the concrete builder
   * @param <L> the layer it builds
   */
  public abstract static class Builder<B extends Builder<B, L>, L extends Conv>
      extends KernelLayerBuilder<B, L> {
    private final int rank;
    private final int filters;
    private int[] kernelSize;
    private int[] strides;
    private Padding padding = Padding.VALID;
    private int[] dilation;

    Builder(String layer, int rank, int filters, int kernelSize) {
      super(layer, Activation.LINEAR);
      this.rank = rank;
      this.filters = Args.positive(layer, "filters", filters);
      Args.positive(layer, "kernel_size", kernelSize);
      this.kernelSize = fill(kernelSize);
      this.strides = fill(1);
      this.dilation = fill(1);
    }

    private int[] fill(int v) {
      int[] a = new int[rank];
      Arrays.fill(a, v);
      return a;
    }

    /** The window size per spatial axis (one number per axis). */
    public B kernelSize(int... kernelSize) {
      this.kernelSize = Args.positive(layer, "kernel_size", expand(kernelSize), rank);
      return self();
    }

    /** The step per spatial axis (default 1). */
    public B strides(int... strides) {
      this.strides = Args.positive(layer, "strides", expand(strides), rank);
      return self();
    }

    /** VALID (default) or SAME, TF's rule. */
    public B padding(Padding padding) {
      this.padding = Args.notNull(layer, "padding", padding);
      return self();
    }

    /** The dilation per spatial axis (default 1). */
    public B dilationRate(int... dilation) {
      this.dilation = Args.positive(layer, "dilation_rate", expand(dilation), rank);
      return self();
    }

    private int[] expand(int[] v) {
      return v != null && v.length == 1 && rank > 1 ? fill(v[0]) : v;
    }

    /** A penalty on the kernel, added to {@link Layer#losses()} (default none). */
  }
}
