package dev.lanegrad.nn;

/** The activations a {@link Dense} layer applies to its output, as Keras names them. */
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
  SOFTMAX
}
