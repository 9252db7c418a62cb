package dev.lanegrad.nn;

import dev.lanegrad.Tensor;

/**
 * A loss for {@link Model#compile}: a scalar to minimise from the targets and the predictions.
 *
 * <p>Every two-argument static of {@link Losses} fits: {@code Losses::meanSquaredError}; for logits
 * use a factory such as {@code Losses.sparseCategoricalCrossentropy(true)}. A lambda works too:
 * {@code (yTrue, yPred) -> yTrue.sub(yPred).abs().mean()}. A non-scalar result is averaged.
 */
@FunctionalInterface
public interface Loss {
  /** The loss of {@code yPred} against {@code yTrue}, differentiable in {@code yPred}. */
  Tensor compute(Tensor yTrue, Tensor yPred);
}
