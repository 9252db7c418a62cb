package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * Makes the initial value of a layer weight, as a Keras initializer. The standard ones are in
 * {@link Initializers}: {@code Dense.builder(4).kernelInitializer(Initializers.glorotUniform(42))}.
 */
@FunctionalInterface
public interface Initializer {
  /** A tensor of exactly {@code shape} and {@code dtype}. */
  Tensor initialize(Shape shape, DType dtype);
}
