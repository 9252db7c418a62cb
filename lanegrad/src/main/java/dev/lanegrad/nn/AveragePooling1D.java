package dev.lanegrad.nn;

/**
 * Keras's {@code AveragePooling1D}: the mean of each window of a sequence {@code (batch, steps,
 * channels)}.
 *
 * <pre>{@code
 * new AveragePooling1D(2).apply(x);   // each spatial axis halved (VALID, strides = pool size)
 * AveragePooling1D.builder(3).strides(2).padding(Padding.SAME).build();
 * }</pre>
 */
public class AveragePooling1D extends Pooling {
  /** A window of {@code poolSize} (square in 2-D), strides the same, VALID. */
  public AveragePooling1D(int poolSize) {
    this(builder(poolSize));
  }

  private AveragePooling1D(Builder b) {
    super(1, false, "average_pooling1d", b);
  }

  /** Options: strides, padding, name, input shape. */
  public static Builder builder(int poolSize) {
    return new Builder(poolSize);
  }

  /** Options for a {@link AveragePooling1D}. */
  public static final class Builder extends Pooling.Builder<Builder, AveragePooling1D> {
    private Builder(int poolSize) {
      super("AveragePooling1D", 1, poolSize);
    }

    @Override
    AveragePooling1D make() {
      return new AveragePooling1D(this);
    }
  }
}
