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
          "squaredDifference");

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
  }
}
