package dev.lanegrad;

/**
 * The result of {@link Ops#topK}: the {@code k} largest values along the last axis, descending, and
 * their positions (INT32; the lower index first among equal values), as TF's {@code tf.math.top_k}.
 * {@code Ops.topK(Tensor.of(new float[] {1, 3, 2, 3}), 2)} has values {@code [3. 3.]} and indices
 * {@code [1 3]}.
 *
 * @param values the largest values, shaped as the input with the last dimension k
 * @param indices where each value was along the last axis, INT32, same shape
 */
public record TopK(Tensor values, Tensor indices) {}
