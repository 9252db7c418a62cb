package dev.lanegrad.nn;

import dev.lanegrad.DType;

/**
 * The options every layer's builder has, Keras's constructor keywords common to all layers: {@code
 * name}, {@code inputShape} (builds the layer at once, as Keras's {@code input_shape=}) and {@code
 * dtype}; each layer's builder adds its own.
 *
 * <pre>{@code
 * Conv2D c = Conv2D.builder(32, 3).name("stem").inputShape(28, 28, 1).build();
 * }</pre>
 *
 * @param <B> the concrete builder
 * @param <L> the layer it builds
 */
public abstract class LayerBuilder<B extends LayerBuilder<B, L>, L extends Layer> {
  /** The layer's class name, for messages. */
  final String layer;

  String name;
  DType dtype = DType.FLOAT32;
  private int[] inputShape;
  private Regularizer activityRegularizer;

  LayerBuilder(String layer) {
    this.layer = layer;
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** Makes the layer from the options. */
  abstract L make();

  /** The layer's name, used as given (default Keras's: the class in snake case, made unique). */
  public B name(String name) {
    this.name = Layer.checkName(layer + ".builder", name);
    return self();
  }

  /** The dtype of the weights and the computation: float32 (default) or float64. */
  public B dtype(DType dtype) {
    this.dtype = Args.notNull(layer, "dtype", dtype);
    return self();
  }

  /**
   * A penalty on each call's output, added to {@link Layer#losses()} divided by the batch size, as
   * Keras's {@code activity_regularizer}: {@code activityRegularizer(Regularizers.l1(1e-3))}
   * (default none).
   */
  public B activityRegularizer(Regularizer r) {
    this.activityRegularizer = r;
    return self();
  }

  /**
   * The input shape without the batch axis (Keras's {@code input_shape=}): the layer is built at
   * once, so its weights exist and a {@link Sequential} it starts builds every later layer.
   *
   * @throws IllegalArgumentException for no dimensions or one below 1
   */
  public B inputShape(int... dims) {
    this.inputShape = Layer.checkDims(layer + ".builder.inputShape", dims);
    return self();
  }

  /**
   * The layer, built already if {@link #inputShape} was given.
   *
   * @throws IllegalArgumentException if the layer rejects that input shape
   */
  public L build() {
    L l = make();
    l.activityRegularizer = activityRegularizer;
    if (inputShape != null) {
      l.buildOnInputShape(layer + ".builder", inputShape);
    }
    return l;
  }
}
