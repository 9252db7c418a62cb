package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/**
 * The gradient rule of an op with several outputs (TF's {@code split} and {@code unstack}): maps
 * the upstream gradients, one per output, to one gradient per input. An output nothing downstream
 * used has a {@code null} gradient; the rule stands in zeros for it (as TF's SplitGrad and
 * UnpackGrad do), so the backward pass of a tensor cut into T parts costs one pass over it, not T
 * (a part recorded as a slice of its own would send back a gradient padded to the whole tensor).
 *
 * <p>Written with ops, like {@link GradRule}, so a recording tape records the backward pass. {@link
 * GradRule.Entry#out(int)} gives output {@code j}.
 */
@FunctionalInterface
public interface MultiGradRule {
  Tensor[] grads(GradRule.Entry e, Tensor[] gs);
}
