package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;

/**
 * Keras's {@code LayerNormalization} over the last axis: each sample's features are normalised to
 * mean 0 and variance 1, then scaled and shifted, {@code y = (x - mean) / sqrt(var + epsilon) *
 * gamma + beta}, with the population variance of the last axis and {@code epsilon = 0.001}. The
 * same in training and inference.
 *
 * <pre>{@code
 * LayerNormalization ln = new LayerNormalization();
 * ln.apply(Tensor.of(new float[][] {{1, 2, 3}}));   // [[-1.2238 0. 1.2238]] (Keras's value)
 * ln.variables();                                  // layer_normalization/gamma:0, .../beta:0
 * }</pre>
 */
public class LayerNormalization extends Layer {
  final double epsilon;
  final boolean center;
  final boolean scale;
  private final Initializer gammaInitializer;
  private final Initializer betaInitializer;
  private Variable gamma;
  private Variable beta;

  /** Keras's defaults: last axis, epsilon 0.001, gamma ones and beta zeros, both trainable. */
  public LayerNormalization() {
    this(builder());
  }

  private LayerNormalization(Builder b) {
    super(b.name != null ? b.name : defaultName("layer_normalization"));
    this.epsilon = b.epsilon;
    this.center = b.center;
    this.scale = b.scale;
    this.gammaInitializer = b.gammaInitializer;
    this.betaInitializer = b.betaInitializer;
    setDtype("LayerNormalization.builder", b.dtype);
  }

  /** Options: {@code LayerNormalization.builder().epsilon(1e-6).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scale {@code (features,)}, or null before build or without {@code scale}. */
  public Variable gamma() {
    return gamma;
  }

  /** The offset {@code (features,)}, or null before build or without {@code center}. */
  public Variable beta() {
    return beta;
  }

  @Override
  protected void build(Shape inputShape) {
    int d = inputShape.dim(-1);
    if (scale) {
      gamma = addWeight("gamma", Shape.of(d), dtype(), gammaInitializer, true);
    }
    if (center) {
      beta = addWeight("beta", Shape.of(d), dtype(), betaInitializer, true);
    }
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
    Variable g = gamma != null ? gamma : beta;
    if (g != null && shape.dim(-1) != g.shape().dim(0)) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected axis -1 of input shape to have value "
              + g.shape().dim(0)
              + ", but received input with shape "
              + shape);
    }
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (LayerNormalization): expected a float input, got dtype "
              + dtype
              + " (shape "
              + shape
              + ")");
    }
    return new Spec(shape, dtype);
  }

  @Override
  protected Tensor call(Tensor x) {
    x = toDtype(x);
    int[] last = {-1};
    Tensor mean = x.mean(last, true);
    Tensor centered = x.sub(mean);
    Tensor variance = centered.square().mean(last, true);
    Tensor y = centered.mul(variance.add(epsilon).sqrt().pow(-1.0));
    if (gamma != null) {
      y = y.mul(gamma);
    }
    if (beta != null) {
      y = y.add(beta);
    }
    return y;
  }

  /** Options for a {@link LayerNormalization}, Keras's names and defaults. */
  public static final class Builder extends LayerBuilder<Builder, LayerNormalization> {
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer gammaInitializer = Initializers.ones();
    private Initializer betaInitializer = Initializers.zeros();

    private Builder() {
      super("LayerNormalization");
    }

    /** Added to the variance (default 0.001). @throws IllegalArgumentException unless &gt; 0 */
    public Builder epsilon(double epsilon) {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException(
            "LayerNormalization.builder.epsilon: must be a finite number > 0, got " + epsilon);
      }
      this.epsilon = epsilon;
      return this;
    }

    /** Whether to add {@code beta} (default true). */
    public Builder center(boolean center) {
      this.center = center;
      return this;
    }

    /** Whether to multiply by {@code gamma} (default true). */
    public Builder scale(boolean scale) {
      this.scale = scale;
      return this;
    }

    /** {@code gamma}'s initializer (default ones). */
    public Builder gammaInitializer(Initializer i) {
      this.gammaInitializer = Args.notNull("LayerNormalization", "gammaInitializer", i);
      return this;
    }

    /** {@code beta}'s initializer (default zeros). */
    public Builder betaInitializer(Initializer i) {
      this.betaInitializer = Args.notNull("LayerNormalization", "betaInitializer", i);
      return this;
    }

    @Override
    LayerNormalization make() {
      return new LayerNormalization(this);
    }
  }
}
