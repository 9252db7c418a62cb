package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * Keras's {@code Activation} layer (named {@code activation}, {@code activation_1}, ...): applies
 * an {@link Activation} to its input, with no weights.
 *
 * <pre>{@code
 * new ActivationLayer(Activation.RELU).apply(Tensor.of(new float[][] {{-1, 2}}));   // [[0. 2.]]
 * }</pre>
 */
public class ActivationLayer extends Layer {
  private final Activation activation;

  /** Applies {@code activation}. @throws IllegalArgumentException for null */
  public ActivationLayer(Activation activation) {
    this(builder(activation));
  }

  private ActivationLayer(Builder b) {
    super(b.name != null ? b.name : defaultName("activation"));
    this.activation = b.activation;
  }

  /** Options: {@code ActivationLayer.builder(Activation.TANH).name("squash").build()}. */
  public static Builder builder(Activation activation) {
    return new Builder(activation);
  }

  /** The activation applied. */
  public Activation activation() {
    return activation;
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (activation != Activation.LINEAR && !dtype.isFloating()) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Activation "
              + activation.name().toLowerCase(java.util.Locale.ROOT)
              + "): expected a float input, got dtype "
              + dtype
              + " (shape "
              + shape
              + ")");
    }
    return new Spec(shape, dtype);
  }

  @Override
  protected Tensor call(Tensor input) {
    return activation.apply(input);
  }

  /** Options for an {@link ActivationLayer}. */
  public static final class Builder extends LayerBuilder<Builder, ActivationLayer> {
    private final Activation activation;

    private Builder(Activation activation) {
      super("ActivationLayer");
      if (activation == null) {
        throw new IllegalArgumentException("ActivationLayer: activation is null");
      }
      this.activation = activation;
    }

    @Override
    ActivationLayer make() {
      return new ActivationLayer(this);
    }
  }
}
