package dev.lanegrad;

import dev.lanegrad.internal.autodiff.AutodiffOps;
import dev.lanegrad.internal.ops.ActivationOps;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.BatchNormOps;
import dev.lanegrad.internal.ops.Broadcast;
import dev.lanegrad.internal.ops.CastOps;
import dev.lanegrad.internal.ops.Check;
import dev.lanegrad.internal.ops.ClipOps;
import dev.lanegrad.internal.ops.CompareOps;
import dev.lanegrad.internal.ops.ConvOps;
import dev.lanegrad.internal.ops.EinsumOps;
import dev.lanegrad.internal.ops.JavaValues;
import dev.lanegrad.internal.ops.LinalgOps;
import dev.lanegrad.internal.ops.MathOps;
import dev.lanegrad.internal.ops.NnOps;
import dev.lanegrad.internal.ops.NnTrainOps;
import dev.lanegrad.internal.ops.PoolOps;
import dev.lanegrad.internal.ops.ReductionOps;
import dev.lanegrad.internal.ops.ScanOps;
import dev.lanegrad.internal.ops.ShapeOps;
import dev.lanegrad.internal.ops.SortOps;
import dev.lanegrad.internal.ops.StatisticsOps;
import dev.lanegrad.internal.ops.UnaryOps;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code tf.} namespace: every operation as a static method. Operands are {@link Tensor}s or
 * Java numbers and arrays; a Java operand takes the dtype of the tensor operand ({@code
 * Ops.add(Tensor.of(new int[] {1, 2}), 1)} is INT32), and with no tensor operand the Java type
 * decides ({@code Ops.multiply(new double[][] {{1}}, 5)} is FLOAT64).
 *
 * <p>In full: argument order never matters. A Java value beside a tensor takes the tensor's dtype
 * ({@code Ops.add(1, t)} and {@code Ops.add(t, 1)} are both {@code t}'s dtype), and a value that
 * dtype cannot hold exactly ({@code 1.5} beside INT32, any number beside BOOL) is an {@code
 * IllegalArgumentException}. With no tensor, a Java scalar takes the dtype of a Java array operand,
 * two arrays must have the same element type, and of two scalars the wider type wins: complex &gt;
 * double &gt; float &gt; long &gt; int &gt; boolean ({@code Ops.add(1, 2.5f)} is FLOAT32). Two
 * tensors are never promoted. A {@code null} operand is an {@code IllegalArgumentException} naming
 * the argument ({@code add: argument 'b' is null}).
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- binary arithmetic

  /**
   * {@code a + b}, broadcast. {@code Ops.add(Tensor.of(new int[] {1, 2, 3, 4}), 1)} is {@code [2 3
   * 4 5]}.
   */
  public static Tensor add(Object a, Object b) {
    Tensor[] t = JavaValues.operands("add", a, b);
    return ArithmeticOps.add(t[0], t[1]);
  }

  /** {@code a - b}, broadcast. */
  public static Tensor subtract(Object a, Object b) {
    Tensor[] t = JavaValues.operands("subtract", a, b);
    return ArithmeticOps.sub(t[0], t[1]);
  }

  /** {@code a * b}, broadcast. */
  public static Tensor multiply(Object a, Object b) {
    Tensor[] t = JavaValues.operands("multiply", a, b);
    return ArithmeticOps.mul(t[0], t[1]);
  }

  /** {@code a / b}, broadcast; integer operands give FLOAT64, as TF's {@code /}. */
  public static Tensor divide(Object a, Object b) {
    Tensor[] t = JavaValues.operands("divide", a, b);
    return ArithmeticOps.div(t[0], t[1]);
  }

  /**
   * {@code a ** b}, broadcast; {@code Ops.pow(Tensor.of(new int[] {1, 2, 3}), 2)} is {@code [1 4
   * 9]}.
   */
  public static Tensor pow(Object a, Object b) {
    Tensor[] t = JavaValues.operands("pow", a, b);
    return ArithmeticOps.pow(t[0], t[1]);
  }

  /** {@code max(a, b)}, broadcast; the gradient goes to {@code a} where {@code a >= b}. */
  public static Tensor maximum(Object a, Object b) {
    Tensor[] t = JavaValues.operands("maximum", a, b);
    return ArithmeticOps.maximum(t[0], t[1]);
  }

  /** {@code min(a, b)}, broadcast; the gradient goes to {@code a} where {@code a <= b}. */
  public static Tensor minimum(Object a, Object b) {
    Tensor[] t = JavaValues.operands("minimum", a, b);
    return ArithmeticOps.minimum(t[0], t[1]);
  }

  // ---------------------------------------------------------------- comparison

  /** {@code a > b} elementwise, BOOL. */
  public static Tensor greater(Object a, Object b) {
    Tensor[] t = JavaValues.operands("greater", a, b);
    return CompareOps.greater(t[0], t[1]);
  }

  /** {@code a >= b} elementwise, BOOL. */
  public static Tensor greaterEqual(Object a, Object b) {
    Tensor[] t = JavaValues.operands("greaterEqual", a, b);
    return CompareOps.greaterEqual(t[0], t[1]);
  }

  /** {@code a < b} elementwise, BOOL. */
  public static Tensor less(Object a, Object b) {
    Tensor[] t = JavaValues.operands("less", a, b);
    return CompareOps.less(t[0], t[1]);
  }

  /** {@code a <= b} elementwise, BOOL. */
  public static Tensor lessEqual(Object a, Object b) {
    Tensor[] t = JavaValues.operands("lessEqual", a, b);
    return CompareOps.lessEqual(t[0], t[1]);
  }

  /** {@code a == b} elementwise, BOOL. */
  public static Tensor equal(Object a, Object b) {
    Tensor[] t = JavaValues.operands("equal", a, b);
    return CompareOps.equal(t[0], t[1]);
  }

  /** {@code a != b} elementwise, BOOL. */
  public static Tensor notEqual(Object a, Object b) {
    Tensor[] t = JavaValues.operands("notEqual", a, b);
    return CompareOps.notEqual(t[0], t[1]);
  }

  // ---------------------------------------------------------------- unary

  /** {@code -x}. */
  public static Tensor negative(Object x) {
    return UnaryOps.neg(JavaValues.operand("negative", x));
  }

  /** {@code |x|}. */
  public static Tensor abs(Object x) {
    return UnaryOps.abs(JavaValues.operand("abs", x));
  }

  /** {@code x * x}; {@code Ops.square(5)} is {@code 25}. */
  public static Tensor square(Object x) {
    return UnaryOps.square(JavaValues.operand("square", x));
  }

  /** {@code sqrt(x)}. */
  public static Tensor sqrt(Object x) {
    return UnaryOps.sqrt(JavaValues.operand("sqrt", x));
  }

  /** {@code e^x}. */
  public static Tensor exp(Object x) {
    return UnaryOps.exp(JavaValues.operand("exp", x));
  }

  /** {@code ln x}. */
  public static Tensor log(Object x) {
    return UnaryOps.log(JavaValues.operand("log", x));
  }

  /** {@code sign(x)} in {-1, 0, 1}. */
  public static Tensor sign(Object x) {
    return UnaryOps.sign(JavaValues.operand("sign", x));
  }

  /** {@code max(x, 0)}. */
  public static Tensor relu(Object x) {
    return UnaryOps.relu(JavaValues.operand("relu", x));
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static Tensor sigmoid(Object x) {
    return UnaryOps.sigmoid(JavaValues.operand("sigmoid", x));
  }

  /** {@code tanh x}. */
  public static Tensor tanh(Object x) {
    return UnaryOps.tanh(JavaValues.operand("tanh", x));
  }

  // ---------------------------------------------------------------- more unary and binary math

  /**
   * {@code ln(1 + x)}, accurate for small x; floats. {@code Ops.log1p(1e-10)} is {@code
   * 9.9999999995e-11} where {@code log(1 + 1e-10)} gives {@code 1.00000008269e-10}. Gradient {@code
   * g / (1 + x)}.
   */
  public static Tensor log1p(Object x) {
    return UnaryOps.log1p(JavaValues.operand("log1p", x));
  }

  /** {@code e^x - 1}, accurate near 0; floats. Gradient {@code g e^x}. */
  public static Tensor expm1(Object x) {
    return MathOps.expm1(JavaValues.operand("expm1", x));
  }

  /** {@code 1 / x}; floats. {@code [2, 4]} gives {@code [0.5 0.25]}. Gradient {@code -g / x^2}. */
  public static Tensor reciprocal(Object x) {
    return MathOps.reciprocal(JavaValues.operand("reciprocal", x));
  }

  /**
   * {@code 1 / sqrt(x)}; floats. {@code [4]} gives {@code [0.5]}. Gradient {@code -g / (2 x^1.5)}.
   */
  public static Tensor rsqrt(Object x) {
    return MathOps.rsqrt(JavaValues.operand("rsqrt", x));
  }

  /**
   * The largest integer not above x; floats. {@code [-1.5, 1.5]} gives {@code [-2. 1.]}. No
   * gradient (null), as TF.
   */
  public static Tensor floor(Object x) {
    return MathOps.floor(JavaValues.operand("floor", x));
  }

  /**
   * The smallest integer not below x; floats. {@code [-1.5, 1.5]} gives {@code [-1. 2.]}. No
   * gradient (null), as TF.
   */
  public static Tensor ceil(Object x) {
    return MathOps.ceil(JavaValues.operand("ceil", x));
  }

  /**
   * The nearest integer, halves to even as TF's {@code tf.round}: {@code [0.5, 1.5, 2.5, -2.5]}
   * gives {@code [0. 2. 2. -2.]}; integers unchanged. No gradient (null), as TF.
   */
  public static Tensor round(Object x) {
    return MathOps.round(JavaValues.operand("round", x));
  }

  /** {@code sin x}; floats. Gradient {@code g cos x}. */
  public static Tensor sin(Object x) {
    return MathOps.sin(JavaValues.operand("sin", x));
  }

  /** {@code cos x}; floats. Gradient {@code -g sin x}. */
  public static Tensor cos(Object x) {
    return MathOps.cos(JavaValues.operand("cos", x));
  }

  /**
   * The error function {@code 2/sqrt(pi) int_0^x e^(-t^2) dt}; floats. {@code erf(1) = 0.84270079}.
   * Gradient {@code g 2/sqrt(pi) e^(-x^2)}.
   */
  public static Tensor erf(Object x) {
    return MathOps.erf(JavaValues.operand("erf", x));
  }

  /**
   * {@code log(1 + e^x)}, without overflow for large x; floats. {@code softplus(0) = 0.6931472}.
   * Gradient {@code g sigmoid(x)}.
   */
  public static Tensor softplus(Object x) {
    return ActivationOps.softplus(JavaValues.operand("softplus", x));
  }

  /** {@code x / (1 + |x|)}; floats. {@code softsign(1) = 0.5}. Gradient {@code g / (1 + |x|)^2}. */
  public static Tensor softsign(Object x) {
    return ActivationOps.softsign(JavaValues.operand("softsign", x));
  }

  /** {@code x < 0 ? e^x - 1 : x}; floats. Gradient {@code g} above 0, {@code g e^x} below. */
  public static Tensor elu(Object x) {
    return ActivationOps.elu(JavaValues.operand("elu", x));
  }

  /**
   * {@code scale (x < 0 ? alpha (e^x - 1) : x)} with TF's {@code scale = 1.0507009873554805},
   * {@code alpha = 1.6732632423543772}; floats.
   */
  public static Tensor selu(Object x) {
    return ActivationOps.selu(JavaValues.operand("selu", x));
  }

  /** {@code min(max(x, 0), 6)}; real dtypes. Gradient {@code g} where {@code 0 < y < 6}, else 0. */
  public static Tensor relu6(Object x) {
    return ActivationOps.relu6(JavaValues.operand("relu6", x));
  }

  /** {@code x sigmoid(x)} (TF's {@code tf.nn.silu}, swish); floats. */
  public static Tensor silu(Object x) {
    return ActivationOps.silu(JavaValues.operand("silu", x));
  }

  /** True where x is NaN, BOOL; floats. Not differentiable. */
  public static Tensor isNan(Object x) {
    return MathOps.isNan(JavaValues.operand("isNan", x));
  }

  /** True where x is neither NaN nor infinite, BOOL; floats. Not differentiable. */
  public static Tensor isFinite(Object x) {
    return MathOps.isFinite(JavaValues.operand("isFinite", x));
  }

  /** {@code !x} on BOOL. */
  public static Tensor logicalNot(Object x) {
    return MathOps.logicalNot(JavaValues.operand("logicalNot", x));
  }

  /**
   * TF's {@code tf.nn.gelu}: {@code 0.5 x (1 + erf(x / sqrt(2)))}, or with {@code approximate}
   * {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}; floats. {@code Ops.gelu([-3, -1, 0,
   * 1, 3], false)} gives {@code [-0.00404951 -0.15865529 0. 0.8413447 2.9959507]} (TF's doc).
   */
  public static Tensor gelu(Object x, boolean approximate) {
    return ActivationOps.gelu(JavaValues.operand("gelu", x), approximate);
  }

  /**
   * {@code x > 0 ? x : alpha x} (TF's {@code tf.nn.leaky_relu}; integers become FLOAT32). Gradient
   * {@code g} above 0, {@code alpha g} elsewhere.
   */
  public static Tensor leakyRelu(Object x, double alpha) {
    return ActivationOps.leakyRelu(JavaValues.operand("leakyRelu", x), alpha);
  }

  /** {@link #leakyRelu(Object, double)} with TF's default alpha 0.2. */
  public static Tensor leakyRelu(Object x) {
    return leakyRelu(x, 0.2);
  }

  /**
   * {@code floor(a / b)} (broadcast), TF's {@code //}: {@code floorDiv(-7, 2)} is {@code -4}; an
   * integer division by zero is an {@code IllegalArgumentException}. No gradient (null), as TF.
   */
  public static Tensor floorDiv(Object a, Object b) {
    Tensor[] t = JavaValues.operands("floorDiv", a, b);
    return MathOps.floorDiv(t[0], t[1]);
  }

  /**
   * {@code a - floor(a / b) b} (broadcast), TF's {@code %}: the sign of b, {@code floorMod(-7, 3)}
   * is {@code 2}. Gradient {@code (g, -g floor(a / b))}.
   */
  public static Tensor floorMod(Object a, Object b) {
    Tensor[] t = JavaValues.operands("floorMod", a, b);
    return MathOps.floorMod(t[0], t[1]);
  }

  /** {@code (a - b)^2} (broadcast). Gradient {@code (2 g (a - b), -2 g (a - b))}. */
  public static Tensor squaredDifference(Object a, Object b) {
    Tensor[] t = JavaValues.operands("squaredDifference", a, b);
    return MathOps.squaredDifference(t[0], t[1]);
  }

  /** {@code a && b} on BOOL (broadcast). */
  public static Tensor logicalAnd(Object a, Object b) {
    Tensor[] t = JavaValues.operands("logicalAnd", a, b);
    return MathOps.logicalAnd(t[0], t[1]);
  }

  /** {@code a || b} on BOOL (broadcast). */
  public static Tensor logicalOr(Object a, Object b) {
    Tensor[] t = JavaValues.operands("logicalOr", a, b);
    return MathOps.logicalOr(t[0], t[1]);
  }

  // ---------------------------------------------------------------- more reductions

  /** The product of all elements, 0-d; 1 for an empty tensor. Gradient: g times the others. */
  public static Tensor reduceProd(Object t) {
    return StatisticsOps.reduceProd(JavaValues.operand("reduceProd", t), null, false);
  }

  /**
   * The product over {@code axes}; {@code reduceProd([[1, 2], [3, 4]], {1}, false)} is {@code [2
   * 12]}. Zeros get exact gradients (TF's cumprod form).
   */
  public static Tensor reduceProd(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceProd(
        JavaValues.operand("reduceProd", t), JavaValues.requireAxes("reduceProd", axes), keepDims);
  }

  /** {@code log(sum(exp(t)))} over all elements, computed stably; floats. */
  public static Tensor reduceLogSumExp(Object t) {
    return StatisticsOps.reduceLogSumExp(JavaValues.operand("reduceLogSumExp", t), null, false);
  }

  /**
   * {@code log(sum(exp(t)))} over {@code axes}, the max subtracted first (so {@code [1000, 1000]}
   * gives {@code 1000.6931}); floats.
   */
  public static Tensor reduceLogSumExp(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceLogSumExp(
        JavaValues.operand("reduceLogSumExp", t),
        JavaValues.requireAxes("reduceLogSumExp", axes),
        keepDims);
  }

  /** The population variance of all elements, {@code mean((t - mean(t))^2)}; floats. */
  public static Tensor reduceVariance(Object t) {
    return StatisticsOps.reduceVariance(JavaValues.operand("reduceVariance", t), null, false);
  }

  /** The population variance over {@code axes}; {@code [1, 2, 3, 4]} gives {@code 1.25}. */
  public static Tensor reduceVariance(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceVariance(
        JavaValues.operand("reduceVariance", t),
        JavaValues.requireAxes("reduceVariance", axes),
        keepDims);
  }

  /**
   * The population standard deviation of all elements; floats. Of one element it is 0 with a NaN
   * gradient, as TF's.
   */
  public static Tensor reduceStd(Object t) {
    return StatisticsOps.reduceStd(JavaValues.operand("reduceStd", t), null, false);
  }

  /** {@code sqrt(reduceVariance(t, axes, keepDims))}. */
  public static Tensor reduceStd(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceStd(
        JavaValues.operand("reduceStd", t), JavaValues.requireAxes("reduceStd", axes), keepDims);
  }

  /** True if any element is true, 0-d BOOL (false for an empty tensor). */
  public static Tensor reduceAny(Object t) {
    return StatisticsOps.reduceAny(JavaValues.operand("reduceAny", t), null, false);
  }

  /** Logical or over {@code axes}; BOOL. */
  public static Tensor reduceAny(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceAny(
        JavaValues.operand("reduceAny", t), JavaValues.requireAxes("reduceAny", axes), keepDims);
  }

  /** True if every element is true, 0-d BOOL (true for an empty tensor). */
  public static Tensor reduceAll(Object t) {
    return StatisticsOps.reduceAll(JavaValues.operand("reduceAll", t), null, false);
  }

  /** Logical and over {@code axes}; BOOL. */
  public static Tensor reduceAll(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.reduceAll(
        JavaValues.operand("reduceAll", t), JavaValues.requireAxes("reduceAll", axes), keepDims);
  }

  /** The Euclidean norm {@code sqrt(sum(t^2))} of all elements, 0-d; {@code [3, 4]} gives 5. */
  public static Tensor norm(Object t) {
    return StatisticsOps.norm(JavaValues.operand("norm", t), null, false);
  }

  /**
   * The Euclidean norm over one axis, or two (the Frobenius norm), as {@code tf.norm}; floats. Its
   * gradient at 0 is NaN, as TF's.
   */
  public static Tensor norm(Object t, int[] axes, boolean keepDims) {
    return StatisticsOps.norm(
        JavaValues.operand("norm", t), JavaValues.requireAxes("norm", axes), keepDims);
  }

  /**
   * {@code t / sqrt(max(sum(t^2, axis), 1e-12))}, as {@code tf.math.l2_normalize}; {@code [3, 4]}
   * gives {@code [0.6 0.8]}.
   */
  public static Tensor l2Normalize(Object t, int axis) {
    return StatisticsOps.l2Normalize(JavaValues.operand("l2Normalize", t), axis);
  }

  /** The mean and population variance over {@code axes}, as {@code tf.nn.moments}. */
  public static Moments moments(Object t, int[] axes, boolean keepDims) {
    Tensor[] m =
        StatisticsOps.moments(
            JavaValues.operand("moments", t), JavaValues.requireAxes("moments", axes), keepDims);
    return new Moments(m[0], m[1]);
  }

  // ---------------------------------------------------------------- ordering, one-hot, scans

  /**
   * {@code y[..., j] = indices[...] == j ? 1 : 0} in FLOAT32, a new last axis of {@code depth}; an
   * index outside {@code [0, depth)} gives a row of zeros, as {@code tf.one_hot}. {@code oneHot([0,
   * 2, 5], 3)} is {@code [[1 0 0] [0 0 1] [0 0 0]]}.
   */
  public static Tensor oneHot(Object indices, int depth) {
    return oneHot(indices, depth, DType.FLOAT32);
  }

  /** {@link #oneHot(Object, int)} in {@code dtype} (BOOL gives true/false). */
  public static Tensor oneHot(Object indices, int depth, DType dtype) {
    return SortOps.oneHot(JavaValues.operand("oneHot", indices), depth, dtype);
  }

  /**
   * The index of the largest value along {@code axis}, INT64, the first on ties: {@code argmax([1,
   * 3, 3], 0)} is {@code 1}.
   */
  public static Tensor argmax(Object t, int axis) {
    return SortOps.argmax(JavaValues.operand("argmax", t), axis);
  }

  /** The index of the smallest value along {@code axis}, INT64, the first on ties. */
  public static Tensor argmin(Object t, int axis) {
    return SortOps.argmin(JavaValues.operand("argmin", t), axis);
  }

  /**
   * The {@code k} largest values along the last axis and their INT32 indices, the lower index first
   * on ties, as {@code tf.math.top_k}; the values' gradient goes back to where they came from.
   */
  public static TopK topK(Object t, int k) {
    Tensor[] r = SortOps.topK(JavaValues.operand("topK", t), k);
    return new TopK(r[0], r[1]);
  }

  /**
   * The values sorted along {@code axis}, stably (equal values keep their order), as {@code
   * tf.sort}; {@code sort([3, 1, 2], 0, false)} is {@code [1 2 3]}. NaN sorts above every number.
   */
  public static Tensor sort(Object t, int axis, boolean descending) {
    return SortOps.sort(JavaValues.operand("sort", t), axis, descending);
  }

  /**
   * The stable sorting order along {@code axis}, INT32, as {@code tf.argsort}: {@code argsort([3,
   * 1, 2], 0, false)} is {@code [1 2 0]}.
   */
  public static Tensor argsort(Object t, int axis, boolean descending) {
    return SortOps.argsort(JavaValues.operand("argsort", t), axis, descending);
  }

  /** Running sums along {@code axis}: {@code cumsum([1, 2, 3], 0)} is {@code [1 3 6]}. */
  public static Tensor cumsum(Object t, int axis) {
    return cumsum(t, axis, false, false);
  }

  /**
   * Running sums, as {@code tf.math.cumsum}: {@code exclusive} leaves each element out ({@code [0 1
   * 3]}), {@code reverse} sums from the end ({@code [6 5 3]}). Gradient: the cumsum of g the other
   * way.
   */
  public static Tensor cumsum(Object t, int axis, boolean exclusive, boolean reverse) {
    return ScanOps.cumsum(JavaValues.operand("cumsum", t), axis, exclusive, reverse);
  }

  // ---------------------------------------------------------------- clipping, einsum

  /**
   * {@code min(max(t, lo), hi)}, as {@code tf.clip_by_value} (bounds broadcast into t's shape). The
   * gradient is 1 inside {@code [lo, hi]}, bounds included, 0 outside.
   */
  public static Tensor clipByValue(Object t, Object lo, Object hi) {
    Tensor x = JavaValues.operand("clipByValue", t);
    Tensor l = JavaValues.operands("clipByValue", x, lo)[1];
    Tensor h = JavaValues.operands("clipByValue", x, hi)[1];
    return ClipOps.clipByValue(x, l, h);
  }

  /**
   * {@code t * clipNorm / max(norm(t), clipNorm)}: t unchanged when its Euclidean norm is at most
   * {@code clipNorm}, else rescaled to it, as {@code tf.clip_by_norm}; floats.
   */
  public static Tensor clipByNorm(Object t, double clipNorm) {
    return ClipOps.clipByNorm(JavaValues.operand("clipByNorm", t), clipNorm);
  }

  /**
   * Every tensor times {@code clipNorm / max(globalNorm, clipNorm)}, where {@code globalNorm =
   * sqrt(sum_i sum(t_i^2))}, as {@code tf.clip_by_global_norm}; null entries stay null.
   */
  public static ClippedTensors clipByGlobalNorm(List<Tensor> tensors, double clipNorm) {
    List<Tensor> r = ClipOps.clipByGlobalNorm(tensors, clipNorm);
    return new ClippedTensors(r.subList(0, r.size() - 1), r.get(r.size() - 1));
  }

  /**
   * Einstein summation, as {@code tf.einsum}: {@code einsum("ij,jk->ik", a, b)} is {@code a @ b},
   * {@code "ii"} the trace, {@code "ii->i"} the diagonal, {@code "...ij,...jk"} a batched product
   * (implicit output: the labels seen once, sorted, after the ellipsis dimensions); differentiable
   * to any order.
   */
  public static Tensor einsum(String equation, Tensor... operands) {
    return EinsumOps.einsum(equation, operands);
  }

  // ---------------------------------------------------------------- linear algebra

  /** {@code c_ij = sum_k a_ik b_kj}; rank 2, or rank >= 3 batched with broadcast batch axes. */
  public static Tensor matmul(Object a, Object b) {
    return matmul(a, b, false, false);
  }

  /**
   * {@code op(a) @ op(b)} where {@code op} transposes the last two axes when its flag is set
   * (without materialising the transpose).
   */
  public static Tensor matmul(Object a, Object b, boolean transposeA, boolean transposeB) {
    Tensor[] t = JavaValues.operands("matmul", a, b);
    return LinalgOps.matmul(t[0], t[1], transposeA, transposeB);
  }

  // ---------------------------------------------------------------- reductions

  /** The sum of all elements, 0-d. */
  public static Tensor reduceSum(Object t) {
    return ReductionOps.sum(JavaValues.operand("reduceSum", t), null, false);
  }

  /**
   * The sum over {@code axes} (negative from the end), keeping them as size 1 if {@code keepDims}.
   */
  public static Tensor reduceSum(Object t, int[] axes, boolean keepDims) {
    return ReductionOps.sum(
        JavaValues.operand("reduceSum", t), JavaValues.requireAxes("reduceSum", axes), keepDims);
  }

  /** The mean of all elements, 0-d; integer dtypes truncate as TF does. */
  public static Tensor reduceMean(Object t) {
    return ReductionOps.mean(JavaValues.operand("reduceMean", t), null, false);
  }

  /** The mean over {@code axes}. */
  public static Tensor reduceMean(Object t, int[] axes, boolean keepDims) {
    return ReductionOps.mean(
        JavaValues.operand("reduceMean", t), JavaValues.requireAxes("reduceMean", axes), keepDims);
  }

  /** The largest element, 0-d; the gradient is split equally among ties. */
  public static Tensor reduceMax(Object t) {
    return ReductionOps.max(JavaValues.operand("reduceMax", t), null, false);
  }

  /** The maximum over {@code axes}. */
  public static Tensor reduceMax(Object t, int[] axes, boolean keepDims) {
    return ReductionOps.max(
        JavaValues.operand("reduceMax", t), JavaValues.requireAxes("reduceMax", axes), keepDims);
  }

  /** The smallest element, 0-d; the gradient is split equally among ties. */
  public static Tensor reduceMin(Object t) {
    return ReductionOps.min(JavaValues.operand("reduceMin", t), null, false);
  }

  /** The minimum over {@code axes}. */
  public static Tensor reduceMin(Object t, int[] axes, boolean keepDims) {
    return ReductionOps.min(
        JavaValues.operand("reduceMin", t), JavaValues.requireAxes("reduceMin", axes), keepDims);
  }

  // ---------------------------------------------------------------- shape

  /** The same elements in a new shape; one dimension may be -1. */
  public static Tensor reshape(Object t, int... dims) {
    return ShapeOps.reshape(JavaValues.operand("reshape", t), dims);
  }

  /** The elements converted to {@code dtype}; floats to integers truncate toward zero. */
  public static Tensor cast(Object t, DType dtype) {
    return CastOps.cast(JavaValues.operand("cast", t), dtype);
  }

  /** The axes reversed. */
  public static Tensor transpose(Object t) {
    return ShapeOps.transpose(JavaValues.operand("transpose", t), null);
  }

  /** Axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  public static Tensor transpose(Object t, int... perm) {
    return ShapeOps.transpose(
        JavaValues.operand("transpose", t), JavaValues.requireAxes("transpose", perm));
  }

  /** A size-1 axis inserted at {@code axis}. */
  public static Tensor expandDims(Object t, int axis) {
    return ShapeOps.expandDims(JavaValues.operand("expandDims", t), axis);
  }

  /** Every size-1 axis removed. */
  public static Tensor squeeze(Object t) {
    return ShapeOps.squeeze(JavaValues.operand("squeeze", t));
  }

  /** The tensors joined along an existing {@code axis}; all other dimensions must agree. */
  public static Tensor concat(List<Tensor> tensors, int axis) {
    return ShapeOps.concat(JavaValues.requireTensors("concat", tensors), axis);
  }

  /** The tensors (all of one shape) stacked along a new {@code axis}. */
  public static Tensor stack(List<Tensor> tensors, int axis) {
    return ShapeOps.stack(JavaValues.requireTensors("stack", tensors), axis);
  }

  // ---------------------------------------------------------------- indexing, gather and scatter

  /**
   * TF's {@code t[index]}: NumPy basic indexing, see {@link Tensor#get(String)}. {@code
   * Ops.get(Tensor.range(6).reshape(2, 3), "-1, ::-1")} is {@code [5 4 3]}.
   */
  public static Tensor get(Object t, String index) {
    return dev.lanegrad.internal.ops.IndexingOps.get(JavaValues.operand("get", t), index);
  }

  /**
   * The block of {@code t} starting at {@code begin} with {@code size[k]} elements on axis k; a
   * size of -1 takes the rest of the axis (TF's {@code slice}). {@code Ops.slice(Tensor.range(5),
   * new int[] {1}, new int[] {-1})} is {@code [1 2 3 4]}. Gradient: {@code g} padded with zeros
   * back to {@code t}'s shape.
   *
   * @throws IllegalArgumentException if begin or size has not one entry per axis, or the block does
   *     not fit
   */
  public static Tensor slice(Object t, int[] begin, int[] size) {
    return dev.lanegrad.internal.ops.IndexingOps.slice(JavaValues.operand("slice", t), begin, size);
  }

  /**
   * {@code t} cut into {@code numSplits} equal parts along {@code axis} (TF's {@code split}).
   * {@code Ops.split(Tensor.range(6), 3, 0)} is {@code [0 1], [2 3], [4 5]}. The gradient is the
   * parts' gradients concatenated (zeros for an unused part), one pass over {@code t} however many
   * parts (TF's SplitGrad).
   *
   * @throws IllegalArgumentException if the axis size is not a multiple of {@code numSplits}
   */
  public static List<Tensor> split(Object t, int numSplits, int axis) {
    return dev.lanegrad.internal.ops.IndexingOps.split(
        JavaValues.operand("split", t), numSplits, axis);
  }

  /**
   * {@code t}'s slices along {@code axis}, each without that axis (TF's {@code unstack}): {@code
   * Ops.unstack(Tensor.range(6).reshape(2, 3), 1)} is {@code [0 3], [1 4], [2 5]}. The gradient
   * stacks the slices' gradients (zeros for an unused slice) in one pass, as TF's UnpackGrad.
   *
   * @throws IllegalArgumentException for a scalar or an axis out of range
   */
  public static List<Tensor> unstack(Object t, int axis) {
    return dev.lanegrad.internal.ops.IndexingOps.unstack(JavaValues.operand("unstack", t), axis);
  }

  /**
   * {@code t} cut along {@code axis} into parts of the given sizes; one size may be -1 and takes
   * what is left. {@code Ops.split(Tensor.range(6), new int[] {1, -1, 2}, 0)} is {@code [0], [1 2
   * 3], [4 5]}.
   */
  public static List<Tensor> split(Object t, int[] sizes, int axis) {
    return dev.lanegrad.internal.ops.IndexingOps.split(JavaValues.operand("split", t), sizes, axis);
  }

  /**
   * {@code t} repeated {@code multiples[k]} times along axis k: {@code y[i] = t[i mod t.shape]}.
   * {@code Ops.tile(Tensor.of(new int[] {1, 2}), 2)} is {@code [1 2 1 2]}. Gradient: g summed over
   * the copies.
   */
  public static Tensor tile(Object t, int... multiples) {
    return dev.lanegrad.internal.ops.IndexingOps.tile(JavaValues.operand("tile", t), multiples);
  }

  /**
   * {@code t} with {@code paddings[k][0]} zeros before and {@code paddings[k][1]} after it on axis
   * k (TF's {@code pad}, CONSTANT mode). {@code Ops.pad(Tensor.of(new int[] {1, 2}), new int[][]
   * {{1, 2}})} is {@code [0 1 2 0 0]}. Gradient: the slice of g where t sits.
   */
  public static Tensor pad(Object t, int[][] paddings) {
    return pad(t, paddings, 0);
  }

  /**
   * {@link #pad(Object, int[][])} with {@code constantValue} (a scalar of t's dtype, or a Java
   * number converted to it) in the new places. The constant gets no gradient, as in TF.
   */
  public static Tensor pad(Object t, int[][] paddings, Object constantValue) {
    Tensor x = JavaValues.operand("pad", t);
    Tensor c = JavaValues.operands("pad", x, constantValue)[1];
    return dev.lanegrad.internal.ops.IndexingOps.pad(x, paddings, c);
  }

  /**
   * {@code t} repeated along new leading axes and its size-1 axes to {@code dims} (NumPy
   * broadcasting, TF's {@code broadcast_to}). {@code Ops.broadcastTo(Tensor.of(new int[] {1, 2}),
   * 2, 2)} is {@code [[1 2] [1 2]]}. Gradient: g summed over the broadcast axes.
   */
  public static Tensor broadcastTo(Object t, int... dims) {
    Tensor x = JavaValues.operand("broadcastTo", t);
    Check.notNull("broadcastTo", "dims", dims);
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "broadcastTo: target shape "
                + java.util.Arrays.toString(dims)
                + " has a negative dimension (tensor shape "
                + x.shape()
                + ")");
      }
    }
    return ShapeOps.broadcastTo(x, Shape.of(dims));
  }

  /**
   * {@code t} with its elements in reverse order along each of {@code axes} (TF's {@code reverse}).
   * {@code Ops.reverse(Tensor.range(3), 0)} is {@code [2 1 0]}. Gradient: {@code reverse(g, axes)}.
   */
  public static Tensor reverse(Object t, int... axes) {
    return dev.lanegrad.internal.ops.IndexingOps.reverse(JavaValues.operand("reverse", t), axes);
  }

  /**
   * The elements (or sub-tensors) of {@code t} where the BOOL {@code mask} is true, in row-major
   * order (TF's {@code boolean_mask}); mask's shape is the first {@code mask.rank} dims of t and
   * the result has shape {@code [count] + t.shape[mask.rank:]}. {@code
   * Ops.booleanMask(Tensor.range(4), new boolean[] {true, false, true, true})} is {@code [0 2 3]}.
   * Gradient: g's rows put back in place, zeros elsewhere.
   */
  public static Tensor booleanMask(Object t, Object mask) {
    return dev.lanegrad.internal.ops.GatherOps.booleanMask(
        JavaValues.operand("booleanMask", t), JavaValues.operand("booleanMask", mask));
  }

  /**
   * {@code gather(params, indices, axis, 0)}: {@code y[p..., i..., q...] = params[p...,
   * indices[i...], q...]} with {@code p} the axes before {@code axis}. {@code
   * Ops.gather(Tensor.of(new float[] {10, 20, 30}), new int[] {2, 0, 2}, 0)} is {@code [30. 10.
   * 30.]}.
   */
  public static Tensor gather(Object params, Object indices, int axis) {
    return gather(params, indices, axis, 0);
  }

  /**
   * TF's {@code gather(params, indices, axis, batch_dims)}: the first {@code batchDims} axes of
   * params and indices are shared (batch b of the indices picks from batch b of params); the output
   * has shape {@code params.shape[:axis] + indices.shape[batchDims:] + params.shape[axis+1:]}.
   * Indices are INT32 or INT64 (Java {@code int}/{@code long} arrays). Gradient for params: a dense
   * tensor, g's rows added where they were read (TF's IndexedSlices, summed).
   *
   * @throws IllegalArgumentException if an index is outside {@code [0, params.shape[axis])} (TF's
   *     CPU kernel rejects it too), for axis or batchDims out of range, or unequal batch dims
   */
  public static Tensor gather(Object params, Object indices, int axis, int batchDims) {
    return dev.lanegrad.internal.ops.GatherOps.gather(
        JavaValues.operand("gather", params),
        JavaValues.operand("gather", indices),
        axis,
        batchDims);
  }

  /**
   * TF's {@code gather_nd}: the last axis of {@code indices} holds tuples of length q indexing the
   * first q axes of params; the result has shape {@code indices.shape[:-1] + params.shape[q:]}.
   * {@code Ops.gatherNd(Tensor.range(4).reshape(2, 2), new int[][] {{1, 0}, {0, 1}})} is {@code [2
   * 1]}. Gradient for params: {@code scatterNd(indices, g, params.shape)}.
   */
  public static Tensor gatherNd(Object params, Object indices) {
    return dev.lanegrad.internal.ops.GatherOps.gatherNd(
        JavaValues.operand("gatherNd", params), JavaValues.operand("gatherNd", indices));
  }

  /**
   * TF's {@code scatter_nd}: zeros of {@code shape} with {@code updates[i...]} added at index tuple
   * {@code indices[i..., :]}; duplicates add up. {@code Ops.scatterNd(new int[][] {{1}, {3}, {1}},
   * new float[] {1, 2, 3}, Shape.of(4))} is {@code [0. 4. 0. 2.]}. Gradient for updates: {@code
   * gatherNd(g, indices)}.
   */
  public static Tensor scatterNd(Object indices, Object updates, Shape shape) {
    return dev.lanegrad.internal.ops.GatherOps.scatterNd(
        JavaValues.operand("scatterNd", indices), JavaValues.operand("scatterNd", updates), shape);
  }

  /**
   * TF's {@code unsorted_segment_sum}: {@code y[s, ...] = sum of data[i, ...] over i with
   * segmentIds[i] == s}, shaped {@code [numSegments] + data.shape[segmentIds.rank:]}; a negative id
   * drops its row, as TF's CPU kernel does. {@code Ops.unsortedSegmentSum(new float[] {1, 2, 3},
   * new int[] {1, 1, 0}, 2)} is {@code [3. 3.]}. Gradient for data: g gathered at the ids.
   *
   * @throws IllegalArgumentException if an id is {@code >= numSegments}
   */
  public static Tensor unsortedSegmentSum(Object data, Object segmentIds, int numSegments) {
    return dev.lanegrad.internal.ops.GatherOps.unsortedSegmentSum(
        JavaValues.operand("unsortedSegmentSum", data),
        JavaValues.operand("unsortedSegmentSum", segmentIds),
        numSegments);
  }

  /**
   * {@code cond ? a : b} elementwise, all three broadcast together; {@code cond} is BOOL. The
   * gradient goes to {@code a} where {@code cond}, else to {@code b}; none to {@code cond}.
   */
  public static Tensor where(Object cond, Object a, Object b) {
    Tensor c = JavaValues.operand("where", cond);
    Tensor[] t = JavaValues.operands("where", a, b);
    return CompareOps.where(c, t[0], t[1]);
  }

  /**
   * The shape that {@code a} and {@code b} broadcast to, as TF's {@code tf.broadcast_static_shape}
   * (NumPy's rule: axes aligned at the end, a size-1 axis stretches). {@code
   * Ops.broadcastStaticShape(Shape.of(3, 1), Shape.of(4))} is {@code (3, 4)}.
   *
   * @throws IllegalArgumentException naming both shapes if they do not broadcast, or for a null
   */
  public static Shape broadcastStaticShape(Shape a, Shape b) {
    Check.notNull("broadcastStaticShape", "a", a);
    Check.notNull("broadcastStaticShape", "b", b);
    return Broadcast.shape("broadcastStaticShape", a, b);
  }

  /** The same value, through which no gradient flows. */
  public static Tensor stopGradient(Object t) {
    return AutodiffOps.stopGradient(JavaValues.operand("stopGradient", t));
  }

  /** {@code softmax(x)_i = e^{x_i} / sum_j e^{x_j}} along {@code axis}, computed stably. */
  public static Tensor softmax(Object t, int axis) {
    return NnOps.softmax(JavaValues.operand("softmax", t), axis);
  }

  /** {@code x_i - log sum_j e^{x_j}} along {@code axis}, computed stably. */
  public static Tensor logSoftmax(Object t, int axis) {
    return NnOps.logSoftmax(JavaValues.operand("logSoftmax", t), axis);
  }

  /**
   * {@code t} unchanged if none of its elements is NaN or infinite, as {@code
   * tf.debugging.check_numerics}; the gradient flows through and is checked as well. {@code
   * Ops.checkNumerics(Tensor.of(new float[] {1, 0}).log(), "log of counts")} throws {@code
   * checkNumerics: log of counts: the tensor of shape (2,) and dtype float32 has 0 NaN and 1
   * infinite elements (the first at [1])}.
   *
   * @throws IllegalArgumentException if an element is NaN or infinite (the message starts with
   *     {@code message}, counts them and gives the first index), for a null argument, or an integer
   *     or bool tensor
   */
  public static Tensor checkNumerics(Tensor t, String message) {
    return dev.lanegrad.internal.ops.Numerics.checkNumerics(t, message);
  }

  /**
   * Makes every op check its output for NaN and infinity, on every thread (TF's {@code
   * tf.debugging.enable_check_numerics}), until called with {@code false}. The first op whose
   * output holds one throws an {@link IllegalArgumentException} naming the op, the output's shape
   * and dtype, the count and first index of the bad values, and its inputs, telling whether they
   * were already non-finite (so the op named is the one that made the first NaN). Ops run inside a
   * gradient computation are checked too. Off, it costs each op one volatile read.
   *
   * <pre>{@code
   * Ops.enableCheckNumerics(true);
   * Tensor y = Tensor.of(new double[] {1, -1}).sqrt();
   * // IllegalArgumentException: checkNumerics: op 'sqrt' produced a non-finite value: its output
   * // of shape (2,) and dtype float64 has 1 NaN and 0 infinite elements (the first at [1]); ...
   * }</pre>
   */
  public static void enableCheckNumerics(boolean on) {
    dev.lanegrad.internal.ops.Numerics.enable(on);
  }

  /** Whether {@link #enableCheckNumerics} is on. */
  public static boolean checkNumericsEnabled() {
    return dev.lanegrad.internal.ops.Numerics.enabled();
  }

  /**
   * As {@code tf.custom_gradient} for one input: {@code f} computes the value and says how the
   * upstream gradient maps to {@code x}'s. See {@link CustomGradient}.
   */
  public static Tensor customGradient(Tensor x, Function<Tensor, CustomGradient> f) {
    Check.notNull("customGradient", "x", x);
    Check.notNull("customGradient", "f", f);
    return AutodiffOps.customGradient(List.of(x), xs -> f.apply(xs.get(0)));
  }

  /**
   * As {@code tf.custom_gradient} for several inputs; the gradient function returns one per input.
   */
  public static Tensor customGradient(List<Tensor> xs, Function<List<Tensor>, CustomGradient> f) {
    Check.notNull("customGradient", "f", f);
    return AutodiffOps.customGradient(JavaValues.requireTensors("customGradient", xs), f);
  }

  // ---------------------------------------------------------------- tf.nn: convolution, pooling

  /**
   * TF's {@code tf.nn.conv2d} (NHWC): {@code y[b, i, j, o] = sum_{di, dj, c} x[b, i*sh + di, j*sw +
   * dj, c] * filters[di, dj, c, o]} on the (padded) input; input {@code [batch, height, width,
   * in]}, filters {@code [kh, kw, in, out]}, output {@code [batch, oh, ow, out]} with {@code oh}
   * and {@code ow} as {@link Padding} says. {@code strides} are {@code [sh, sw]}, one number for
   * both, or TF's {@code [1, sh, sw, 1]}. FLOAT32 or FLOAT64. Gradients: TF's {@code
   * Conv2DBackpropInput} and {@code Conv2DBackpropFilter}, themselves differentiable.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 3, 3, 1);
   * Tensor f = Tensor.ones(Shape.of(2, 2, 1, 1), DType.FLOAT32);
   * Ops.conv2d(x, f, new int[] {1, 1}, Padding.VALID).reshape(2, 2); // [[12 16] [24 28]]
   * }</pre>
   *
   * @throws IllegalArgumentException for ranks other than 4, channels that differ, strides that are
   *     not positive, or a VALID window larger than the input; the message names the shapes
   */
  public static Tensor conv2d(Object input, Object filters, int[] strides, Padding padding) {
    return conv2d(input, filters, strides, padding, new int[] {1, 1});
  }

  /**
   * {@link #conv2d(Object, Object, int[], Padding)} with {@code dilations} {@code [dh, dw]} (TF's
   * atrous convolution): tap {@code (di, dj)} reads {@code x[b, i*sh + di*dh, j*sw + dj*dw, c]}, so
   * the window covers {@code (kh - 1) * dh + 1} rows.
   */
  public static Tensor conv2d(
      Object input, Object filters, int[] strides, Padding padding, int[] dilations) {
    Tensor[] t = JavaValues.operands("conv2d", input, filters);
    return ConvOps.conv2d(t[0], t[1], strides, same("conv2d", padding), dilations);
  }

  /**
   * TF's {@code tf.nn.conv1d} (NWC): input {@code [batch, width, in]}, filters {@code [k, in,
   * out]}, {@code y[b, i, o] = sum_{d, c} x[b, i*stride + d, c] * filters[d, c, o]}; computed as TF
   * does, a conv2d of height 1.
   */
  public static Tensor conv1d(Object input, Object filters, int stride, Padding padding) {
    return conv1d(input, filters, stride, padding, 1);
  }

  /**
   * {@link #conv1d(Object, Object, int, Padding)} with a dilation (taps {@code dilation} apart).
   */
  public static Tensor conv1d(
      Object input, Object filters, int stride, Padding padding, int dilation) {
    Tensor[] t = JavaValues.operands("conv1d", input, filters);
    return ConvOps.conv1d(t[0], t[1], stride, same("conv1d", padding), dilation);
  }

  /**
   * TF's {@code tf.nn.max_pool2d} (NHWC): {@code y[b, i, j, c] = max} over the {@code poolSize}
   * window at {@code (i*sh, j*sw)} of the padded input; padding cells never win (they count as
   * -inf). {@code poolSize} and {@code strides} are {@code [h, w]}, one number, or TF's {@code [1,
   * h, w, 1]}. Gradient: TF's {@code MaxPoolGrad} (each upstream value goes to the first max of its
   * window), itself differentiable.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new float[] {1, 5, 2, 4, 3, 0, 6, 7, 8}).reshape(1, 3, 3, 1);
   * Ops.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, Padding.SAME); // [[5 2] [7 8]]
   * }</pre>
   */
  public static Tensor maxPool2d(Object input, int[] poolSize, int[] strides, Padding padding) {
    return PoolOps.maxPool2d(
        JavaValues.operand("maxPool2d", input), poolSize, strides, same("maxPool2d", padding));
  }

  /**
   * TF's {@code tf.nn.avg_pool2d} (NHWC): the mean over each window of the cells inside the input;
   * with SAME the padding cells are not counted (a corner window of 4 cells, one inside, is that
   * cell). Gradient: TF's {@code AvgPoolGrad}, itself differentiable.
   */
  public static Tensor avgPool2d(Object input, int[] poolSize, int[] strides, Padding padding) {
    return PoolOps.avgPool2d(
        JavaValues.operand("avgPool2d", input), poolSize, strides, same("avgPool2d", padding));
  }

  /** TF's {@code tf.nn.max_pool1d} (NWC, input {@code [batch, width, channels]}). */
  public static Tensor maxPool1d(Object input, int poolSize, int stride, Padding padding) {
    return PoolOps.pool1d(
        "maxPool1d",
        JavaValues.operand("maxPool1d", input),
        poolSize,
        stride,
        same("maxPool1d", padding));
  }

  /** TF's {@code tf.nn.avg_pool1d} (NWC); SAME counts only the cells inside the input. */
  public static Tensor avgPool1d(Object input, int poolSize, int stride, Padding padding) {
    return PoolOps.pool1d(
        "avgPool1d",
        JavaValues.operand("avgPool1d", input),
        poolSize,
        stride,
        same("avgPool1d", padding));
  }

  // ---------------------------------------------------------------- tf.nn: training ops

  /**
   * TF's {@code tf.nn.dropout}: each element is kept with probability {@code 1 - rate} and scaled
   * by {@code 1 / (1 - rate)}, else 0: {@code y = where(u >= rate, x / (1 - rate), 0)}, {@code u}
   * uniform in [0, 1) drawn from {@code seed} (the same seed gives the same mask on every machine
   * and thread count). {@code rate} in [0, 1); 0 returns x. Gradient {@code g / (1 - rate)} where
   * kept, 0 elsewhere.
   */
  public static Tensor dropout(Object x, double rate, long seed) {
    return NnTrainOps.dropout(JavaValues.operand("dropout", x), rate, seed);
  }

  /**
   * TF's {@code tf.nn.batch_normalization}: {@code y = (x - mean) * scale / sqrt(variance +
   * epsilon) + offset}, computed as TF does ({@code inv = rsqrt(variance + epsilon) * scale; x *
   * inv + (offset - mean * inv)}), broadcast; {@code offset} and {@code scale} may be null (0 and
   * 1). Differentiable in every tensor argument.
   */
  public static Tensor batchNormalization(
      Object x, Object mean, Object variance, Object offset, Object scale, double epsilon) {
    String op = "batchNormalization";
    Tensor xt = JavaValues.operand(op, x);
    return NnTrainOps.batchNormalization(
        xt,
        like(op, mean, xt, "mean"),
        like(op, variance, xt, "variance"),
        offset == null ? null : like(op, offset, xt, "offset"),
        scale == null ? null : like(op, scale, xt, "scale"),
        epsilon);
  }

  /**
   * TF's {@code tf.raw_ops.FusedBatchNormV3} (channels last) for x of rank >= 2 (TF: 4 or 5): the
   * list {@code [y, batchMean, batchVariance, savedMean, savedVariance]}. In training ({@code mean}
   * and {@code variance} null) the batch's per-channel mean {@code m} and population variance
   * {@code v} over every axis but the last give {@code y = (x - m) * (scale / sqrt(v + epsilon)) +
   * offset}; {@code batchVariance} is Bessel-corrected, {@code v * n / (n - 1)} for {@code n} rows
   * a channel (what Keras moves its moving variance towards), and the saved pair is {@code (m, v)}.
   * In inference the given {@code mean} and {@code variance} normalise x and come back as the four
   * statistics. {@code scale} null is 1 and {@code offset} null is 0. Epsilon is used as given
   * (TF's Python wrapper {@code fused_batch_norm} raises it to at least 1.001e-5). Only y is
   * differentiable, in x, scale and offset (TF's FusedBatchNormGradV3; higher orders too).
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 20}});
   * Ops.fusedBatchNorm(x, null, null, null, null, 0, true).get(0);   // [[-1, -1], [1, 1]]
   * }</pre>
   *
   * @throws IllegalArgumentException for a non-float x, rank below 2, a statistic or parameter
   *     whose shape is not {@code (channels,)} or whose dtype differs from x's, statistics given in
   *     training or missing in inference, or a negative or non-finite epsilon
   */
  public static List<Tensor> fusedBatchNorm(
      Object x,
      Object scale,
      Object offset,
      Object mean,
      Object variance,
      double epsilon,
      boolean isTraining) {
    String op = "fusedBatchNorm";
    Tensor xt = JavaValues.operand(op, x);
    return List.of(
        BatchNormOps.fusedBatchNorm(
            xt,
            scale == null ? null : like(op, scale, xt, "scale"),
            offset == null ? null : like(op, offset, xt, "offset"),
            mean == null ? null : like(op, mean, xt, "mean"),
            variance == null ? null : like(op, variance, xt, "variance"),
            epsilon,
            isTraining));
  }

  private static Tensor like(String op, Object v, Tensor x, String name) {
    Check.notNull(op, name, v);
    return JavaValues.operands(op, v, x)[0];
  }

  /**
   * TF's {@code tf.nn.softmax_cross_entropy_with_logits}: per example {@code -sum_c labels[c] *
   * logSoftmax(logits)[c]} along the last axis (stable for large logits); labels and logits of one
   * shape, the result without the last axis. Gradients as TF's: {@code softmax(logits) - labels}
   * for the logits (even when a row of labels does not sum to 1) and {@code -logSoftmax(logits)}
   * for the labels, times the upstream.
   */
  public static Tensor softmaxCrossEntropyWithLogits(Object labels, Object logits) {
    Tensor[] t = JavaValues.operands("softmaxCrossEntropyWithLogits", labels, logits);
    return NnTrainOps.softmaxCrossEntropyWithLogits(t[0], t[1]);
  }

  /**
   * TF's {@code tf.nn.sparse_softmax_cross_entropy_with_logits}: per example {@code
   * -logSoftmax(logits)[labels]}, labels INT32 or INT64 of the logits' shape without the last axis;
   * a label outside {@code [0, classes)} is an {@code IllegalArgumentException}. Gradient {@code
   * softmax(logits) - oneHot(labels)} for the logits, none for the labels.
   */
  public static Tensor sparseSoftmaxCrossEntropyWithLogits(Object labels, Object logits) {
    String op = "sparseSoftmaxCrossEntropyWithLogits";
    Check.notNull(op, "labels", labels);
    Tensor lg = JavaValues.operand(op, logits);
    Tensor lb = labels instanceof Tensor t ? t : JavaValues.operand(op, labels);
    return NnTrainOps.sparseSoftmaxCrossEntropyWithLogits(lb, lg);
  }

  private static boolean same(String op, Padding padding) {
    return Check.notNull(op, "padding", padding) == Padding.SAME;
  }
}
