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
        return Ops.elu(x);
      case SELU:
        return Ops.selu(x);
      case GELU:
        return Ops.gelu(x, false);
      case SOFTPLUS:
        return Ops.softplus(x);
      case SOFTSIGN:
        return Ops.softsign(x);
      case SILU:
        return Ops.silu(x);
      case RELU6:
        return Ops.relu6(x);
      case LEAKY_RELU:
        return Ops.leakyRelu(x, 0.2);
      case LOG_SOFTMAX:
        return Ops.logSoftmax(x, -1);
      case EXPONENTIAL:
        return x.exp();
      default:
        throw new IllegalStateException("Activation." + name() + ": not implemented");
    }
  }
}
