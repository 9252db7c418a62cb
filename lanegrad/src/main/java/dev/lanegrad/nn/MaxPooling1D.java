package dev.lanegrad.nn;

/**
 * Keras's {@code MaxPooling1D}: the largest value of each window of a sequence {@code (batch,
 * steps, channels)}.
 *
 * <pre>{@code
 * new MaxPooling1D(2).apply(x);   // each spatial axis halved (VALID, strides = pool size)
 * MaxPooling1D.builder(3).strides(2).padding(Padding.SAME).build();
 * }</pre>
 */
public class MaxPooling1D extends Pooling {
  /** A window of {@code poolSize} (square in 2-D), strides the same, VALID. */
  public MaxPooling1D(int poolSize) {
    this(builder(poolSize));
  }

  private MaxPooling1D(Builder b) {
    super(1, true, "max_pooling1d", b);
  }

  /** Options: strides, padding, name, input shape. */
  public static Builder builder(int poolSize) {
    return new Builder(poolSize);
  }

  /** Options for a {@link MaxPooling1D}. */
  public static final class Builder extends Pooling.Builder<Builder, MaxPooling1D> {
    private Builder(int poolSize) {
      super("MaxPooling1D", 1, poolSize);
    }

    @Override
    MaxPooling1D make() {
      return new MaxPooling1D(this);
    }
  }
}
