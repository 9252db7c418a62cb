package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;

/**
 * Keras's {@code BatchNormalization} over the last axis (the channels): {@code y = (x - mean) /
 * sqrt(var + epsilon) * gamma + beta}. In training the mean and variance are the batch's (over
 * every axis but the last), and the moving statistics move towards them, {@code moving = moving *
 * momentum + batch * (1 - momentum)}; in inference (and when the layer is not trainable, as in
 * Keras 2) the moving statistics are used and nothing changes.
 *
 * <pre>{@code
 * BatchNormalization bn = new BatchNormalization();    // momentum 0.99, epsilon 0.001
 * bn.apply(x, true);      // batch statistics; moving_mean and moving_variance updated
 * bn.apply(x);            // moving statistics
 * bn.nonTrainableVariables();   // batch_normalization/moving_mean:0, .../moving_variance:0
 * }</pre>
 *
 * <p>Weights in Keras's order: {@code gamma} (ones) and {@code beta} (zeros), trainable; {@code
 * moving_mean} (zeros) and {@code moving_variance} (ones), non-trainable (a {@link Checkpoint}
 * saves them too). As Keras 2, float32 input of rank 4 or 5 takes the fused kernel's path ({@link
 * Ops#fusedBatchNorm}, epsilon at least 1.001e-5), whose moving variance uses the batch variance
 * with Bessel's correction ({@code var * n / (n - 1)}, {@code n} values per channel); other input
 * (other ranks, float64) uses the plain batch variance. Training runs the fused op at every rank:
 * one recorded op, two passes over x forward and two over the gradient backward.
 */
public class BatchNormalization extends Layer {
  // tf.compat.v1.nn.fused_batch_norm's floor (cuDNN's), which Keras's fused path goes through
  private static final double FUSED_MIN_EPSILON = 1.001e-5;
  final double momentum;
  final double epsilon;
  final boolean center;
  final boolean scale;
  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;

  /** Keras's defaults: last axis, momentum 0.99, epsilon 0.001. */
  public BatchNormalization() {
    this(builder());
  }

  private BatchNormalization(Builder b) {
    super(b.name != null ? b.name : defaultName("batch_normalization"));
    this.momentum = b.momentum;
    this.epsilon = b.epsilon;
    this.center = b.center;
    this.scale = b.scale;
    setDtype("BatchNormalization.builder", b.dtype);
  }

  /** Options: {@code BatchNormalization.builder().momentum(0.9).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code gamma} {@code (channels,)}, or null before build or without {@code scale}. */
  public Variable gamma() {
    return gamma;
  }

  /** {@code beta}, or null before build or without {@code center}. */
  public Variable beta() {
    return beta;
  }

  /** The moving mean (non-trainable), or null before build. */
  public Variable movingMean() {
    return movingMean;
  }

  /** The moving variance (non-trainable), or null before build. */
  public Variable movingVariance() {
    return movingVariance;
  }

  @Override
  protected void build(Shape inputShape) {
    Shape c = Shape.of(inputShape.dim(-1));
    DType d = dtype();
    if (scale) {
      gamma = addWeight("gamma", c, d, Initializers.ones(), true);
    }
    if (center) {
      beta = addWeight("beta", c, d, Initializers.zeros(), true);
    }
    movingMean = addWeight("moving_mean", c, d, Initializers.zeros(), false);
    movingVariance = addWeight("moving_variance", c, d, Initializers.ones(), false);
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected min_ndim=2, found ndim="
              + shape.rank()
              + ". Full shape received: "
              + shape);
    }
    Variable m = movingMean;
    if (m != null && shape.dim(-1) != m.shape().dim(0)) {
      throw Args.lastAxis(name(), m.shape().dim(0), shape);
    }
    if (!dtype.isFloating()) {
      throw Args.dtype(name(), "a float", dtype, shape);
    }
    return new Spec(shape, dtype());
  }

  @Override
  protected Tensor call(Tensor x) {
    return call(x, false);
  }

  @Override
  protected Tensor call(Tensor x, boolean training) {
    x = toDtype(x);
    // Keras 2 fuses rank-4 and rank-5 input of float32 (not float64: _raise_if_fused_cannot_be_used
    // in normalization/batch_normalization.py): FusedBatchNormV3 with epsilon raised to 1.001e-5
    // (nn_impl.fused_batch_norm) and the kernel's Bessel-corrected variance for the moving one.
    // Other input takes tf.nn.moments and tf.nn.batch_normalization; in training the same fused
    // op computes those statistics and that normalisation here, with the population variance
    boolean kerasFused = (x.rank() == 4 || x.rank() == 5) && x.dtype() == DType.FLOAT32;
    double eps = kerasFused ? Math.max(epsilon, FUSED_MIN_EPSILON) : epsilon;
    if (!training || !trainable()) {
      if (kerasFused) {
        return Ops.fusedBatchNorm(x, gamma, beta, movingMean, movingVariance, eps, false).get(0);
      }
      return Ops.batchNormalization(x, movingMean, movingVariance, beta, gamma, epsilon);
    }
    List<Tensor> r = Ops.fusedBatchNorm(x, gamma, beta, null, null, eps, true);
    // through MicroBatches: replicas running micro-batches at once update in micro-batch order
    Tensor m = r.get(1);
    Tensor v = r.get(kerasFused ? 2 : 4);
    // (a MovingAverage, which a distributed trainer can replay on ranks that did not run it)
    MicroBatches.movingAverage(movingMean, m, momentum);
    MicroBatches.movingAverage(movingVariance, v, momentum);
    return r.get(0);
  }

  /** Options for a {@link BatchNormalization}, Keras's names and defaults. */
  public static final class Builder extends LayerBuilder<Builder, BatchNormalization> {
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;

    private Builder() {
      super("BatchNormalization");
    }

    /** The moving statistics' momentum (default 0.99). */
    public Builder momentum(double momentum) {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException(
            "BatchNormalization: momentum must be in [0, 1], got " + momentum);
      }
      this.momentum = momentum;
      return this;
    }

    /** Added to the variance (default 0.001). */
    public Builder epsilon(double epsilon) {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException(
            "BatchNormalization: epsilon must be a finite number > 0, got " + epsilon);
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

    @Override
    BatchNormalization make() {
      return new BatchNormalization(this);
    }
  }
}
