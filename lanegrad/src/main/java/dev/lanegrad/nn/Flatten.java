package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * Keras's {@code Flatten}: keeps the batch axis and flattens the rest, {@code (b, d1, ..., dn)} to
 * {@code (b, d1 * ... * dn)} in row-major order; a rank-1 input becomes {@code (b, 1)}.
 *
 * <pre>{@code
 * Flatten f = Flatten.builder().inputShape(28, 28).build();
 * f.apply(Tensor.zeros(Shape.of(32, 28, 28), DType.FLOAT32)).shape();   // (32, 784)
 * }</pre>
 */
public class Flatten extends Layer {
  /** A flatten layer named {@code flatten}, {@code flatten_1}, ... */
  public Flatten() {
    this(builder());
  }

  private Flatten(Builder b) {
    super(b.name != null ? b.name : defaultName("flatten"));
  }

  /** Options: {@code Flatten.builder().inputShape(28, 28).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() < 1) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected min_ndim=1, found ndim=0. Full shape"
              + " received: "
              + shape);
    }
    long rest = 1;
    for (int i = 1; i < shape.rank(); i++) {
      rest *= shape.dim(i);
    }
    return new Spec(Shape.of(shape.dim(0), (int) rest), dtype);
  }

  @Override
  protected Tensor call(Tensor input) {
    Shape out = checkInput(input.shape(), input.dtype()).shape();
    return input.reshape(out.dims());
  }

  /** Options for a {@link Flatten}. */
  public static final class Builder extends LayerBuilder<Builder, Flatten> {
    private Builder() {
      super("Flatten");
    }

    @Override
    Flatten make() {
      return new Flatten(this);
    }
  }
}
