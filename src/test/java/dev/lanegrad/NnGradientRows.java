package dev.lanegrad;

import static dev.lanegrad.GradientCheckTest.AWAY;
import static dev.lanegrad.GradientCheckTest.row;
import static dev.lanegrad.GradientCheckTest.s;

import dev.lanegrad.internal.ops.ConvOps;
import java.util.List;

/**
 * {@link GradientCheckTest}'s rows for the tf.nn ops of issue 14 (convolution, pooling, dropout,
 * batch normalization, the fused cross-entropies), in their own file so that the op families
 * landing in parallel do not edit the same lines. Each row checks TF's rule (nn_grad.py) against
 * float64 central differences at first and second order, and float32 against float64.
 */
final class NnGradientRows {
  private NnGradientRows() {}

  /** The ops these rows check, for the guard. */
  static final List<String> OPS =
      List.of("conv2d", "conv1d", "conv2dBackpropInput", "conv2dBackpropFilter");

  /**
   * Convolutions: strides, both paddings (SAME with the extra cell at the end: 5 wide, window 2,
   * stride 2), dilations, and the two backprops as ops of their own (TF's nn_grad.py
   * _Conv2DBackpropInputGrad and _Conv2DBackpropFilterGrad), whose second order is a third-order
   * convolution gradient.
   */
  static void register() {
    int[] one = {1, 1};
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], one, Padding.VALID),
        s(1, 5, 5, 2),
        s(3, 3, 2, 3));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], new int[] {2, 1}, Padding.SAME),
        s(2, 5, 4, 2),
        s(2, 3, 2, 2));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], new int[] {2, 2}, Padding.SAME),
        s(1, 5, 5, 2),
        s(2, 2, 2, 2));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], new int[] {1, 2, 2, 1}, Padding.VALID),
        s(1, 6, 6, 1),
        s(2, 2, 1, 2));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], one, Padding.SAME, new int[] {2, 2}),
        s(1, 6, 5, 2),
        s(2, 2, 2, 2));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], new int[] {2, 2}, Padding.VALID, new int[] {2, 1}),
        s(1, 7, 6, 1),
        s(2, 3, 1, 2));
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], one, Padding.VALID),
        s(2, 3, 3, 3),
        s(1, 1, 3, 2));
    row("conv1d", AWAY, x -> Ops.conv1d(x[0], x[1], 1, Padding.VALID), s(2, 7, 2), s(3, 2, 3));
    row("conv1d", AWAY, x -> Ops.conv1d(x[0], x[1], 2, Padding.SAME), s(2, 7, 2), s(2, 2, 2));
    row("conv1d", AWAY, x -> Ops.conv1d(x[0], x[1], 1, Padding.SAME, 2), s(1, 6, 2), s(3, 2, 2));
    row(
        "conv2dBackpropInput",
        AWAY,
        x ->
            ConvOps.conv2dBackpropInput(
                Shape.of(1, 5, 5, 2), x[0], x[1], new int[] {2, 2}, true, one),
        s(2, 2, 2, 3),
        s(1, 3, 3, 3));
    row(
        "conv2dBackpropFilter",
        AWAY,
        x ->
            ConvOps.conv2dBackpropFilter(
                x[0], Shape.of(3, 2, 2, 2), x[1], one, false, new int[] {1, 2}),
        s(1, 5, 5, 2),
        s(1, 3, 3, 2));
  }
}
