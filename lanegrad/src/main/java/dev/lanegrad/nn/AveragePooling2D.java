package dev.lanegrad.nn;

/**
 * Keras's {@code AveragePooling2D}: the mean of each window of an NHWC image, per channel (with
 * SAME, only the cells inside the input count, as TF).
 *
 * <pre>{@code
 * new AveragePooling2D(2).apply(x);   // each spatial axis halved (VALID, strides = pool size)
 * AveragePooling2D.builder(3).strides(2).padding(Padding.SAME).build();
 * }</pre>
 */
public class AveragePooling2D extends Pooling {
  /** A window of {@code poolSize} (square in 2-D), strides the same, VALID. */
  public AveragePooling2D(int poolSize) {
    this(builder(poolSize));
  }

  private AveragePooling2D(Builder b) {
    super(2, false, "average_pooling2d", b);
  }

  /** Options: strides, padding, name, input shape. */
  public static Builder builder(int poolSize) {
    return new Builder(poolSize);
  }

  /** Options for a {@link AveragePooling2D}. */
  public static final class Builder extends Pooling.Builder<Builder, AveragePooling2D> {
    private Builder(int poolSize) {
      super("AveragePooling2D", 2, poolSize);
    }

    @Override
    AveragePooling2D make() {
      return new AveragePooling2D(this);
    }
  }
}
