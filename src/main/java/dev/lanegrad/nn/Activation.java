package dev.lanegrad.nn;

import dev.lanegrad.Ops;
import dev.lanegrad.Tensor;

/**
 * The activations of Keras ({@code tf.keras.activations}), applied by {@link Dense}, the
 * convolutional and recurrent layers, and {@link ActivationLayer}; {@link #apply} runs one on a
 * tensor.
 *
 * <pre>{@code
 * Activation.RELU6.apply(Tensor.of(new float[] {-1, 3, 9}));   // [0. 3. 6.]
 * }</pre>
 */
public enum Activation {
  /** {@code a(x) = x}. */
  LINEAR,
  /** {@code a(x) = max(x, 0)}. */
  RELU,
  /** {@code a(x) = 1 / (1 + e^-x)}. */
  SIGMOID,
  /** {@code a(x) = tanh x}. */
  TANH,
  /** {@code a(x)_i = e^{x_i} / sum_j e^{x_j}} over the last axis. */
  SOFTMAX,
  /** {@code a(x) = x} for {@code x > 0}, {@code e^x - 1} otherwise (alpha 1, as Keras). */
  ELU,
  /**
   * {@code a(x) = scale * x} for {@code x > 0}, {@code scale * alpha * (e^x - 1)} otherwise, with
   * {@code alpha = 1.67326324} and {@code scale = 1.05070098}.
   */
  SELU,
  /** {@code a(x) = x / 2 * (1 + erf(x / sqrt 2))} (Keras's default, not the tanh approximation). */
  GELU,
  /** {@code a(x) = log(1 + e^x)}. */
  SOFTPLUS,
  /** {@code a(x) = x / (1 + |x|)}. */
  SOFTSIGN,
  /** {@code a(x) = x * sigmoid(x)} (swish). */
  SILU,
  /** {@code a(x) = min(max(x, 0), 6)}. */
  RELU6,
  /** {@code a(x) = x} for {@code x > 0}, {@code 0.2 x} otherwise ({@code tf.nn.leaky_relu}). */
  LEAKY_RELU,
  /** {@code a(x)_i = x_i - log sum_j e^{x_j}} over the last axis. */
  LOG_SOFTMAX,
  /** {@code a(x) = e^x}. */
  EXPONENTIAL;

  private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  private static final double SELU_SCALE = 1.0507009873554804934193349852946;

  /**
   * This activation of {@code x} (float32 or float64), differentiable.
   *
   * @throws IllegalArgumentException for a null or non-floating input
   */
  public Tensor apply(Tensor x) {
    if (x == null) {
      throw new IllegalArgumentException("Activation." + name() + ": the input is null");
    }
    if (this != LINEAR && !x.dtype().isFloating()) {
      throw new IllegalArgumentException(
          "Activation."
              + name()
              + ": expected a float32 or float64 input, got "
              + x.dtype()
              + " (shape "
              + x.shape()
              + ")");
    }
    switch (this) {
      case LINEAR:
        return x;
      case RELU:
        return x.relu();
      case SIGMOID:
        return x.sigmoid();
      case TANH:
        return x.tanh();
      case SOFTMAX:
        return Ops.softmax(x, -1);
      case ELU:
        return elu(x, 1.0);
      case SELU:
        return elu(x, SELU_ALPHA).mul(SELU_SCALE);
      case GELU:
        return x.mul(0.5).mul(erf(x.mul(1 / Math.sqrt(2))).add(1.0));
      case SOFTPLUS:
        // max(x, 0) + log(1 + e^-|x|): no overflow for large x
        return x.relu().add(x.abs().neg().exp().add(1.0).log());
      case SOFTSIGN:
        return x.div(x.abs().add(1.0));
      case SILU:
        return x.mul(x.sigmoid());
      case RELU6:
        return x.relu().minimum(6.0);
      case LEAKY_RELU:
        return x.maximum(x.mul(0.2));
      case LOG_SOFTMAX:
        return Ops.logSoftmax(x, -1);
      case EXPONENTIAL:
        return x.exp();
      default:
        throw new IllegalStateException("Activation." + name() + ": not implemented");
    }
  }

  /** {@code x} above 0, {@code alpha (e^x - 1)} below; exp of {@code min(x, 0)} never overflows. */
  private static Tensor elu(Tensor x, double alpha) {
    Tensor neg = x.minimum(0.0).exp().sub(1.0).mul(alpha);
    return Ops.where(x.greater(0.0), x, neg);
  }

  /**
   * erf from ops: Abramowitz and Stegun 7.1.26, {@code 1 - (a1 t + ... + a5 t^5) e^{-x^2}} with
   * {@code t = 1 / (1 + p |x|)}, odd in x; absolute error below 1.5e-7, float32's resolution.
   */
  private static Tensor erf(Tensor x) {
    Tensor ax = x.abs();
    Tensor t = ax.mul(0.3275911).add(1.0).pow(-1.0);
    Tensor poly = t.mul(1.061405429).add(-1.453152027);
    poly = poly.mul(t).add(1.421413741);
    poly = poly.mul(t).add(-0.284496736);
    poly = poly.mul(t).add(0.254829592);
    poly = poly.mul(t);
    Tensor y = poly.mul(ax.square().neg().exp()).neg().add(1.0);
    return y.mul(x.sign());
  }
}
