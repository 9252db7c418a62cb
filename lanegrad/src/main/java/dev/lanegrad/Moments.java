package dev.lanegrad;

/**
 * The result of {@link Ops#moments}, as TF's {@code tf.nn.moments}: the mean and the population
 * variance ({@code mean((x - mean)^2)}) over the axes. {@code Ops.moments(Tensor.of(new float[] {1,
 * 2, 3, 4}), new int[] {0}, false)} has mean {@code 2.5} and variance {@code 1.25}.
 *
 * @param mean the mean over the axes
 * @param variance the population variance over the axes
 */
public record Moments(Tensor mean, Tensor variance) {}
