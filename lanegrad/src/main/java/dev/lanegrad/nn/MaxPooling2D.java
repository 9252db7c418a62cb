package dev.lanegrad.nn;

/**
 * Keras's {@code MaxPooling2D}: the largest value of each window of an NHWC image, per channel
 * (TF's max_pool: SAME padding never wins the max).
 *
 * <pre>{@code
 * new MaxPooling2D(2).apply(x);   // each spatial axis halved (VALID, strides = pool size)
 * MaxPooling2D.builder(3).strides(2).padding(Padding.SAME).build();
 * }</pre>
 */
public class MaxPooling2D extends Pooling {
  /** A window of {@code poolSize} (square in 2-D), strides the same, VALID. */
  public MaxPooling2D(int poolSize) {
    this(builder(poolSize));
  }

  private MaxPooling2D(Builder b) {
    super(2, true, "max_pooling2d", b);
  }

  /** Options: strides, padding, name, input shape. */
  public static Builder builder(int poolSize) {
    return new Builder(poolSize);
  }

  /** Options for a {@link MaxPooling2D}. */
  public static final class Builder extends Pooling.Builder<Builder, MaxPooling2D> {
    private Builder(int poolSize) {
      super("MaxPooling2D", 2, poolSize);
    }

    @Override
    MaxPooling2D make() {
      return new MaxPooling2D(this);
    }
  }
}
