package dev.lanegrad.nn;

/**
 * Keras's {@code Conv2D} on NHWC images: {@code y = activation(conv2d(x, kernel) + bias)} with
 * kernel {@code (kh, kw, in, filters)} ({@code conv2d/kernel:0}) and bias {@code (filters,)}.
 *
 * <pre>{@code
 * Conv2D c = Conv2D.builder(32, 3).activation(Activation.RELU).padding(Padding.SAME)
 *     .inputShape(28, 28, 1).build();
 * c.apply(images).shape();   // (batch, 28, 28, 32)
 * }</pre>
 *
 * <p>Bad input gets Keras's messages: a rank other than 4 ({@code expected min_ndim=4, found
 * ndim=3}), other channels than the kernel's ({@code expected axis -1 of input shape to have value
 * 1}), a window larger than a VALID input.
 */
public class Conv2D extends Conv {
  /** {@code filters} output channels, a square {@code kernelSize} window, Keras's defaults. */
  public Conv2D(int filters, int kernelSize) {
    this(builder(filters, kernelSize));
  }

  private Conv2D(Builder b) {
    super(2, "conv2d", b);
  }

  /** Options: {@code Conv2D.builder(64, 3).strides(2).padding(Padding.SAME).build()}. */
  public static Builder builder(int filters, int kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options for a {@link Conv2D}; {@code kernelSize(3, 5)} makes a 3x5 window. */
  public static final class Builder extends Conv.Builder<Builder, Conv2D> {
    private Builder(int filters, int kernelSize) {
      super("Conv2D", 2, filters, kernelSize);
    }

    @Override
    Conv2D make() {
      return new Conv2D(this);
    }
  }
}
