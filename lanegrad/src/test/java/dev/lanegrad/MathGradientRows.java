package dev.lanegrad;

import static dev.lanegrad.GradientCheckTest.AWAY;
import static dev.lanegrad.GradientCheckTest.POS;
import static dev.lanegrad.GradientCheckTest.binary;
import static dev.lanegrad.GradientCheckTest.row;
import static dev.lanegrad.GradientCheckTest.s;
import static dev.lanegrad.GradientCheckTest.unary;

import java.util.List;

/**
 * {@link GradientCheckTest}'s rows for the math ops of issue 14 (unary and binary math,
 * activations, reductions, scans, sorting, clipping, einsum), kept in their own file so that the op
 * families landing in parallel do not edit the same lines. The rules are TF's (math_grad.py,
 * nn_grad.py, array_grad.py); each row checks them against float64 central differences at first and
 * second order, and float32 against float64.
 */
final class MathGradientRows {
  private MathGradientRows() {}

  /** Wide range away from the kinks of relu6 (0 and 6) and elu/selu (0). */
  static final GradientCheckTest.Gen WIDE =
      (r, i) -> {
        double v = r.nextDouble(0.2, 5.6);
        return r.nextBoolean() ? v + (v > 2.9 ? 0.6 : 0) : -v;
      };

  /** Values away from integers and half-integers, where floor, ceil, round and floorMod jump. */
  static final GradientCheckTest.Gen OFF_GRID =
      (r, i) -> (r.nextBoolean() ? 1 : -1) * (r.nextInt(4) + r.nextDouble(0.05, 0.45));

  /** floorMod: dividends anywhere, divisors in ±[1.2, 2.2]; a/b away from integers by the seed. */
  static final GradientCheckTest.Gen MOD =
      (r, i) ->
          i == 0
              ? (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.3, 5)
              : (r.nextBoolean() ? 1 : -1) * r.nextDouble(1.2, 2.2);

  /** The ops these rows check, for the guard. */
  static final List<String> OPS =
      List.of(
          "log1p",
          "expm1",
          "reciprocal",
          "rsqrt",
          "floor",
          "ceil",
          "round",
          "sin",
          "cos",
          "erf",
          "softplus",
          "softsign",
          "elu",
          "selu",
          "relu6",
          "silu",
          "gelu",
          "leakyRelu",
          "floorDiv",
          "floorMod",
          "squaredDifference",
          "reduceProd",
          "reduceLogSumExp",
          "reduceVariance",
          "reduceStd",
          "norm",
          "l2Normalize",
          "moments",
          "cumsum",
          "sort",
          "topK",
          "clipByValue",
          "clipByNorm",
          "clipByGlobalNorm",
          "einsum");

  static void register() {
    unary("log1p", POS, x -> Ops.log1p(x[0]));
    unary("expm1", AWAY, x -> Ops.expm1(x[0]));
    unary("reciprocal", AWAY, x -> Ops.reciprocal(x[0]));
    unary("rsqrt", POS, x -> Ops.rsqrt(x[0]));
    unary("floor", OFF_GRID, x -> Ops.floor(x[0]));
    unary("ceil", OFF_GRID, x -> Ops.ceil(x[0]));
    unary("round", OFF_GRID, x -> Ops.round(x[0]));
    unary("sin", WIDE, x -> Ops.sin(x[0]));
    unary("cos", WIDE, x -> Ops.cos(x[0]));
    unary("erf", AWAY, x -> Ops.erf(x[0]));
    unary("softplus", WIDE, x -> Ops.softplus(x[0]));
    unary("softsign", AWAY, x -> Ops.softsign(x[0]));
    unary("elu", WIDE, x -> Ops.elu(x[0]));
    unary("selu", WIDE, x -> Ops.selu(x[0]));
    unary("relu6", WIDE, x -> Ops.relu6(x[0]));
    row("relu6", WIDE, x -> Ops.relu6(x[0]), s(4, 5));
    unary("silu", WIDE, x -> Ops.silu(x[0]));
    unary("gelu exact", WIDE, x -> Ops.gelu(x[0], false));
    unary("gelu approximate", WIDE, x -> Ops.gelu(x[0], true));
    unary("leakyRelu", AWAY, x -> Ops.leakyRelu(x[0]));
    row("leakyRelu alpha 1.5", AWAY, x -> Ops.leakyRelu(x[0], 1.5), s(2, 3));
    binary("floorDiv", MOD, x -> Ops.floorDiv(x[0], x[1]));
    binary("floorMod", MOD, x -> Ops.floorMod(x[0], x[1]));
    binary("squaredDifference", AWAY, x -> Ops.squaredDifference(x[0], x[1]));
    for (int[] axes : new int[][] {null, {0}, {1}, {0, 1}, {-1}}) {
      for (boolean keep : new boolean[] {false, true}) {
        String p =
            (axes == null ? "[all]" : java.util.Arrays.toString(axes)) + (keep ? " keepDims" : "");
        row("reduceProd" + p, AWAY, x -> prod(x[0], axes, keep), s(3, 4));
        row("reduceLogSumExp" + p, AWAY, x -> lse(x[0], axes, keep), s(3, 4));
        row("reduceVariance" + p, AWAY, x -> Ops.reduceVariance(x[0], all(axes, 2), keep), s(3, 4));
        row("reduceStd" + p, AWAY, x -> Ops.reduceStd(x[0], all(axes, 2), keep), s(3, 4));
      }
    }
    row("reduceProd", AWAY, x -> Ops.reduceProd(x[0], new int[] {0, 2}, false), s(2, 3, 2));
    row("reduceProd", AWAY, x -> Ops.reduceProd(x[0]), s());
    row("reduceLogSumExp", AWAY, x -> Ops.reduceLogSumExp(x[0]), s(2, 3, 2));
    row("reduceStd", AWAY, x -> Ops.reduceStd(x[0]), s(5));
    row("norm", AWAY, x -> Ops.norm(x[0]), s(3, 4));
    row("norm[1]", AWAY, x -> Ops.norm(x[0], new int[] {1}, false), s(3, 4));
    row("norm[0, 1] keepDims", AWAY, x -> Ops.norm(x[0], new int[] {0, 1}, true), s(3, 4));
    row("l2Normalize", AWAY, x -> Ops.l2Normalize(x[0], 1), s(3, 4));
    row("l2Normalize", AWAY, x -> Ops.l2Normalize(x[0], 0), s(3, 4));
    row("moments mean", AWAY, x -> Ops.moments(x[0], new int[] {0}, false).mean(), s(3, 4));
    // moments' variance holds the mean constant (TF's stop_gradient in nn_impl.py): exact at
    // first order only, so MoreReductionsTest checks it there
    for (boolean exclusive : new boolean[] {false, true}) {
      for (boolean reverse : new boolean[] {false, true}) {
        String p = (exclusive ? " exclusive" : "") + (reverse ? " reverse" : "");
        row("cumsum" + p, AWAY, x -> Ops.cumsum(x[0], 1, exclusive, reverse), s(3, 4));
        row("cumsum" + p, AWAY, x -> Ops.cumsum(x[0], 0, exclusive, reverse), s(3, 20));
      }
    }
    row("cumsum", AWAY, x -> Ops.cumsum(x[0], -1), s(5));
    row("sort", AWAY, x -> Ops.sort(x[0], 1, false), s(3, 4));
    row("sort", AWAY, x -> Ops.sort(x[0], 0, true), s(3, 4));
    row("topK", AWAY, x -> Ops.topK(x[0], 2).values(), s(3, 4));
    row("topK", AWAY, x -> Ops.topK(x[0], 5).values(), s(5));
    row("clipByValue", AWAY, x -> Ops.clipByValue(x[0], -1.0, 1.0), s(3, 4));
    row("clipByValue", AWAY, x -> Ops.clipByValue(x[0], x[1], x[2]), s(3, 4), s(4), s());
    row("clipByNorm", AWAY, x -> Ops.clipByNorm(x[0], 1.0), s(3, 4));
    row("clipByNorm", AWAY, x -> Ops.clipByNorm(x[0], 100.0), s(3, 4));
    row(
        "clipByGlobalNorm",
        AWAY,
        x -> {
          ClippedTensors c = Ops.clipByGlobalNorm(java.util.List.of(x[0], x[1]), 2.0);
          return Ops.concat(
              java.util.List.of(
                  Ops.reshape(c.tensors().get(0), -1),
                  Ops.reshape(c.tensors().get(1), -1),
                  Ops.reshape(c.globalNorm(), 1)),
              0);
        },
        s(3, 2),
        s(4));
    row("einsum ij,jk->ik", AWAY, x -> Ops.einsum("ij,jk->ik", x[0], x[1]), s(2, 3), s(3, 4));
    row("einsum ii->i", AWAY, x -> Ops.einsum("ii->i", x[0]), s(3, 3));
    row("einsum ii", AWAY, x -> Ops.einsum("ii", x[0]), s(3, 3));
    row(
        "einsum bij,bjk->bik",
        AWAY,
        x -> Ops.einsum("bij,bjk->bik", x[0], x[1]),
        s(2, 2, 3),
        s(2, 3, 2));
    row(
        "einsum ...ij,...jk",
        AWAY,
        x -> Ops.einsum("...ij,...jk", x[0], x[1]),
        s(2, 1, 2, 3),
        s(3, 3, 2));
    row("einsum i,i->", AWAY, x -> Ops.einsum("i,i->", x[0], x[1]), s(4), s(4));
    row("einsum iij,jk->ik", AWAY, x -> Ops.einsum("iij,jk->ik", x[0], x[1]), s(2, 2, 3), s(3, 2));
    row(
        "einsum ij,jk,kl->il",
        AWAY,
        x -> Ops.einsum("ij,jk,kl->il", x[0], x[1], x[2]),
        s(2, 3),
        s(3, 2),
        s(2, 2));
  }

  static int[] all(int[] axes, int rank) {
    if (axes != null) {
      return axes;
    }
    int[] a = new int[rank];
    for (int k = 0; k < rank; k++) {
      a[k] = k;
    }
    return a;
  }

  static Tensor prod(Tensor x, int[] axes, boolean keep) {
    return axes == null && !keep ? Ops.reduceProd(x) : Ops.reduceProd(x, all(axes, x.rank()), keep);
  }

  static Tensor lse(Tensor x, int[] axes, boolean keep) {
    return axes == null && !keep
        ? Ops.reduceLogSumExp(x)
        : Ops.reduceLogSumExp(x, all(axes, x.rank()), keep);
  }
}
