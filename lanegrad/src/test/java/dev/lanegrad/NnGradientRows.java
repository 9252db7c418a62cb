package dev.lanegrad;

import static dev.lanegrad.GradientCheckTest.AWAY;
import static dev.lanegrad.GradientCheckTest.row;
import static dev.lanegrad.GradientCheckTest.s;

import dev.lanegrad.internal.ops.ConvOps;
import dev.lanegrad.internal.ops.PoolOps;
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
      List.of(
          "conv2d",
          "conv1d",
          "conv2dBackpropInput",
          "conv2dBackpropFilter",
          "maxPool2d",
          "avgPool2d",
          "maxPool1d",
          "avgPool1d",
          "maxPoolGrad",
          "avgPoolGrad",
          "dropout",
          "batchNormalization",
          "fusedBatchNorm",
          "softmaxCrossEntropyWithLogits",
          "sparseSoftmaxCrossEntropyWithLogits");

  /**
   * Convolutions: strides, both paddings (SAME with the extra cell at the end: 5 wide, window 2,
   * stride 2), dilations, and the two backprops as ops of their own (TF's nn_grad.py
   * _Conv2DBackpropInputGrad and _Conv2DBackpropFilterGrad), whose second order is a third-order
   * convolution gradient.
   */
  static void register() {
    poolRows();
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
    // 16 input channels at stride 1: the input gradient as a transposed forward convolution
    row(
        "conv2d",
        AWAY,
        x -> Ops.conv2d(x[0], x[1], one, Padding.SAME, new int[] {1, 2}),
        s(1, 3, 4, 16),
        s(2, 2, 16, 2));
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

  /**
   * Pooling (TF's nn_grad.py _MaxPoolGrad, _MaxPoolGradGrad, _AvgPoolGrad, _AvgPoolGradGrad): both
   * paddings, strides, windows that overlap, and the backprops as ops of their own; then the
   * training ops of tf.nn: dropout (a fixed seed: a fixed mask), batch normalization (with and
   * without offset and scale, the variance kept positive) and the fused cross-entropies.
   */
  static void poolRows() {
    int[] two = {2, 2};
    int[] one = {1, 1};
    row("maxPool2d", AWAY, x -> Ops.maxPool2d(x[0], two, two, Padding.VALID), s(1, 4, 4, 2));
    row("maxPool2d", AWAY, x -> Ops.maxPool2d(x[0], two, two, Padding.SAME), s(2, 5, 3, 2));
    row(
        "maxPool2d",
        AWAY,
        x -> Ops.maxPool2d(x[0], new int[] {3, 2}, one, Padding.SAME),
        s(1, 4, 4, 1));
    row("avgPool2d", AWAY, x -> Ops.avgPool2d(x[0], two, two, Padding.VALID), s(1, 4, 4, 2));
    row("avgPool2d", AWAY, x -> Ops.avgPool2d(x[0], two, two, Padding.SAME), s(2, 5, 3, 2));
    row(
        "avgPool2d",
        AWAY,
        x -> Ops.avgPool2d(x[0], new int[] {3, 2}, one, Padding.SAME),
        s(1, 4, 4, 1));
    row("maxPool1d", AWAY, x -> Ops.maxPool1d(x[0], 2, 2, Padding.SAME), s(2, 7, 2));
    row("avgPool1d", AWAY, x -> Ops.avgPool1d(x[0], 3, 1, Padding.SAME), s(2, 5, 2));
    // the backprops: d/d(dy) of MaxPoolGrad is MaxPoolGradGrad, whose own rule is MaxPoolGrad again
    row(
        "maxPoolGrad",
        AWAY,
        x -> PoolOps.maxPool2dGrad(x[0], x[1], two, two, true),
        s(1, 5, 4, 2),
        s(1, 3, 2, 2));
    row(
        "avgPoolGrad",
        AWAY,
        x -> PoolOps.avgPool2dGrad(x[0], x[1], two, one, true),
        s(1, 4, 3, 2),
        s(1, 4, 3, 2));
    row("dropout", AWAY, x -> Ops.dropout(x[0], 0.4, 7), s(3, 5));
    row("dropout", AWAY, x -> Ops.dropout(x[0], 0.0, 7), s(4));
    row(
        "batchNormalization",
        BATCH_NORM,
        x -> Ops.batchNormalization(x[0], x[1], x[2], x[3], x[4], 1e-3),
        s(4, 3),
        s(3),
        s(3),
        s(3),
        s(3));
    row(
        "batchNormalization",
        BATCH_NORM,
        x -> Ops.batchNormalization(x[0], x[1], x[2], null, null, 0.01),
        s(2, 2, 3),
        s(1, 1, 3),
        s(1, 1, 3));
    // the fused op: first order on its kernels, second order through nn_grad.py's _BatchNormGrad
    // written with ops (the rule sees a tape recording), as TF's _FusedBatchNormGradGrad
    row(
        "fusedBatchNorm",
        AWAY,
        x -> Ops.fusedBatchNorm(x[0], x[1], x[2], null, null, 1e-3, true).get(0),
        s(5, 3),
        s(3),
        s(3));
    row(
        "fusedBatchNorm",
        AWAY,
        x -> Ops.fusedBatchNorm(x[0], x[1], null, null, null, 1e-3, true).get(0),
        s(2, 3, 2, 2),
        s(2));
    row(
        "fusedBatchNorm",
        AWAY,
        x ->
            Ops.fusedBatchNorm(
                    x[0],
                    x[1],
                    x[2],
                    Tensor.of(new double[] {0.5, -1, 2}).cast(x[0].dtype()),
                    Tensor.of(new double[] {1.5, 0.25, 3}).cast(x[0].dtype()),
                    1e-3,
                    false)
                .get(0),
        s(2, 2, 3),
        s(3),
        s(3));
    // labels that sum to 1 (a softmax of the first input), where TF's rule softmax - labels is the
    // derivative; for other labels it is TF's convention, pinned in NnTrainOpsTest
    row(
        "softmaxCrossEntropyWithLogits",
        AWAY,
        x -> Ops.softmaxCrossEntropyWithLogits(Ops.softmax(x[0], -1), x[1]),
        s(3, 4),
        s(3, 4));
    row(
        "softmaxCrossEntropyWithLogits",
        AWAY,
        x -> Ops.softmaxCrossEntropyWithLogits(Ops.softmax(x[0], -1), x[1]),
        s(5),
        s(5));
    row(
        "sparseSoftmaxCrossEntropyWithLogits",
        AWAY,
        x -> Ops.sparseSoftmaxCrossEntropyWithLogits(Tensor.of(new int[] {2, 0, 3}), x[0]),
        s(3, 4));
    row(
        "sparseSoftmaxCrossEntropyWithLogits",
        AWAY,
        x -> Ops.sparseSoftmaxCrossEntropyWithLogits(Tensor.of(new long[][] {{1, 0}}), x[0]),
        s(1, 2, 3));
  }

  /** batchNormalization's inputs: x, mean, offset and scale of any sign, a positive variance. */
  static final GradientCheckTest.Gen BATCH_NORM =
      (r, i) -> i == 2 ? r.nextDouble(0.5, 2) : AWAY.next(r, i);
}
