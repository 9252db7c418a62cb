package dev.lanegrad.nn;

/**
 * Keras's {@code Conv1D} on sequences {@code (batch, steps, channels)}: kernel {@code (k, in,
 * filters)} ({@code conv1d/kernel:0}), bias {@code (filters,)}.
 *
 * <pre>{@code
 * Conv1D c = Conv1D.builder(16, 3).activation(Activation.RELU).build();
 * c.apply(Tensor.zeros(Shape.of(4, 10, 8), DType.FLOAT32)).shape();   // (4, 8, 16)
 * }</pre>
 */
public class Conv1D extends Conv {
  /** {@code filters} output channels, a window of {@code kernelSize} steps, Keras's defaults. */
  public Conv1D(int filters, int kernelSize) {
    this(builder(filters, kernelSize));
  }

  private Conv1D(Builder b) {
    super(1, "conv1d", b);
  }

  /** Options: {@code Conv1D.builder(16, 5).padding(Padding.SAME).dilationRate(2).build()}. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options for a {@link Conv1D}. */
  public static final class Builder extends Conv.Builder<Builder, Conv1D> {
    private Builder(int filters, int kernelSize) {
      super("Conv1D", 1, filters, kernelSize);
    }

    @Override
    Conv1D make() {
      return new Conv1D(this);
    }
  }
}
