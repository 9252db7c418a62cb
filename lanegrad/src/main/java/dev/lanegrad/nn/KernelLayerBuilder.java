package dev.lanegrad.nn;

/**
 * The options of a layer with a kernel and a bias, Keras's names: {@code activation}, {@code
 * useBias}, {@code kernelInitializer} (Glorot uniform), {@code biasInitializer} (zeros), {@code
 * kernelRegularizer}, {@code biasRegularizer}; shared by the convolutional and recurrent layers.
 *
 * <pre>{@code
 * Conv2D.builder(32, 3).activation(Activation.RELU).kernelInitializer(Initializers.heNormal())
 *     .kernelRegularizer(Regularizers.l2(1e-4)).build();
 * }</pre>
 *
 * @param <B> the concrete builder
 * @param <L> the layer it builds
 */
public abstract class KernelLayerBuilder<B extends KernelLayerBuilder<B, L>, L extends Layer>
    extends LayerBuilder<B, L> {
  Activation activation;
  boolean useBias = true;
  Initializer kernelInitializer = Initializers.glorotUniform();
  Initializer biasInitializer = Initializers.zeros();
  Regularizer kernelRegularizer;
  Regularizer biasRegularizer;

  KernelLayerBuilder(String layer, Activation defaultActivation) {
    super(layer);
    this.activation = defaultActivation;
  }

  /** The activation applied to the output. */
  public B activation(Activation activation) {
    this.activation = Args.notNull(layer, "activation", activation);
    return self();
  }

  /** Whether to add a bias (default true). */
  public B useBias(boolean useBias) {
    this.useBias = useBias;
    return self();
  }

  /** The kernel's initializer (default Glorot uniform). */
  public B kernelInitializer(Initializer i) {
    this.kernelInitializer = Args.notNull(layer, "kernelInitializer", i);
    return self();
  }

  /** The bias's initializer (default zeros). */
  public B biasInitializer(Initializer i) {
    this.biasInitializer = Args.notNull(layer, "biasInitializer", i);
    return self();
  }

  /** A penalty on the kernel, added to {@link Layer#losses()} (default none). */
  public B kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return self();
  }

  /** A penalty on the bias, added to {@link Layer#losses()} (default none). */
  public B biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return self();
  }
}
