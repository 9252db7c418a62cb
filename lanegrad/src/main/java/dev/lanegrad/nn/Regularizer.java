package dev.lanegrad.nn;

import dev.lanegrad.Tensor;

/**
 * A penalty on a weight, added to the training loss through {@link Layer#losses()}, as a Keras
 * regularizer. The standard ones are in {@link Regularizers}: {@code
 * Dense.builder(64).kernelRegularizer(Regularizers.l2(1e-4))}.
 */
@FunctionalInterface
public interface Regularizer {
  /** The penalty for {@code weight}, a scalar written with ops so that it is differentiable. */
  Tensor apply(Tensor weight);
}
