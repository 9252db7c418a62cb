package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.add;
import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.CompareOps.where;
import static dev.lanegrad.internal.ops.Elementwise.scalar;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.kernels.MathOp;
import dev.lanegrad.internal.kernels.ScalarMathKernels;

/**
 * TF's activation functions beyond relu, sigmoid and tanh: softplus, softsign, elu, selu and relu6
 * as kernels with TF's gradient rules (nn_grad.py) beside them, written with ops so that second
 * order comes free; silu, gelu and leakyRelu composed of ops exactly as TF's Python composes them
 * (or, for leakyRelu, as its kernel's select), so their gradients come from their parts.
 */
public final class ActivationOps {
  private ActivationOps() {}

  /**
   * {@code y = log(1 + e^x)}, as TF's kernel: x itself above {@code -log(eps) - 2}, {@code e^x}
   * below {@code log(eps) + 2}; floats. Gradient {@code g sigmoid(x)} (TF's _SoftplusGrad).
   */
  public static Tensor softplus(Tensor x) {
    return Recorder.record(
        "softplus", MathOps.apply("softplus", MathOp.SOFTPLUS, x), SOFTPLUS_GRAD, x);
  }

  static final GradRule SOFTPLUS_GRAD = (e, g) -> new Tensor[] {mul(g, UnaryOps.sigmoid(e.in(0)))};

  /** {@code y = x / (1 + |x|)}; floats. Gradient {@code g / (1 + |x|)^2} (TF's SoftsignGrad). */
  public static Tensor softsign(Tensor x) {
    return Recorder.record(
        "softsign", MathOps.apply("softsign", MathOp.SOFTSIGN, x), SOFTSIGN_GRAD, x);
  }

  static final GradRule SOFTSIGN_GRAD =
      (e, g) -> {
        Tensor d = MathOps.plus(UnaryOps.abs(e.in(0)), 1);
        return new Tensor[] {ArithmeticOps.div(g, UnaryOps.square(d))};
      };

  /**
   * {@code y = x < 0 ? e^x - 1 : x}; floats. Gradient (TF's EluGrad on the output): {@code y < 0 ?
   * g (y + 1) : g}.
   */
  public static Tensor elu(Tensor x) {
    return Recorder.record("elu", MathOps.apply("elu", MathOp.ELU, x), ELU_GRAD, x);
  }

  static final GradRule ELU_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        Tensor neg = CompareOps.less(y, scalar(y.dtype(), 0));
        return new Tensor[] {where(neg, mul(MathOps.plus(y, 1), g), g)};
      };

  /**
   * {@code y = x < 0 ? scale alpha (e^x - 1) : scale x} with TF's {@code scale =
   * 1.0507009873554805} and {@code scale alpha = 1.7580993408473769}; floats. Gradient (TF's
   * SeluGrad on the output): {@code y < 0 ? g (y + scale alpha) : g scale}.
   */
  public static Tensor selu(Tensor x) {
    return Recorder.record("selu", MathOps.apply("selu", MathOp.SELU, x), SELU_GRAD, x);
  }

  static final GradRule SELU_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        DType d = y.dtype();
        Tensor neg = CompareOps.less(y, scalar(d, 0));
        Tensor below = mul(g, MathOps.plus(y, ScalarMathKernels.SELU_SCALE_ALPHA));
        return new Tensor[] {where(neg, below, mul(g, scalar(d, ScalarMathKernels.SELU_SCALE)))};
      };

  /**
   * {@code y = min(max(x, 0), 6)}; real dtypes. Gradient {@code g} where {@code 0 < y < 6}, else 0.
   */
  public static Tensor relu6(Tensor x) {
    if (x != null && x.dtype().isInteger()) {
      // TF registers Relu6 for every real type: on integers min(relu(x), 6), exact
      return ArithmeticOps.minimum(UnaryOps.relu(x), scalar(x.dtype(), 6));
    }
    return Recorder.record("relu6", MathOps.apply("relu6", MathOp.RELU6, x), RELU6_GRAD, x);
  }

  // TF's Relu6Grad on the output: g * ((y > 0) & (y < 6))
  static final GradRule RELU6_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        DType d = y.dtype();
        Tensor inside =
            MathOps.logicalAnd(
                CompareOps.greater(y, scalar(d, 0)), CompareOps.less(y, scalar(d, 6)));
        return new Tensor[] {where(inside, g, scalar(d, 0))};
      };

  /**
   * {@code y = x sigmoid(x)} (swish with beta 1), composed as TF's {@code tf.nn.silu}; floats. Its
   * gradient, {@code g sigmoid(x) (1 + x (1 - sigmoid(x)))}, comes from mul and sigmoid.
   */
  public static Tensor silu(Tensor x) {
    Elementwise.unaryArg("silu", x, Elementwise.FLOATING);
    return mul(x, UnaryOps.sigmoid(x));
  }

  /**
   * TF's {@code tf.nn.gelu}, composed as TF composes it: exact {@code 0.5 x (1 + erf(x /
   * sqrt(2)))}, or with {@code approximate} {@code 0.5 x (1 + tanh(0.7978845608028654 (x + 0.044715
   * x^3)))}; floats. The gradient comes from the parts.
   */
  public static Tensor gelu(Tensor x, boolean approximate) {
    Elementwise.unaryArg("gelu", x, Elementwise.FLOATING);
    DType d = x.dtype();
    Tensor half = mul(scalar(d, 0.5), x);
    Tensor inner;
    if (approximate) {
      Tensor cube = ArithmeticOps.pow(x, scalar(d, 3));
      Tensor arg = mul(scalar(d, 0.7978845608028654), add(x, mul(scalar(d, 0.044715), cube)));
      inner = UnaryOps.tanh(arg);
    } else {
      inner = MathOps.erf(ArithmeticOps.div(x, scalar(d, 1.4142135623730951)));
    }
    return mul(half, add(scalar(d, 1), inner));
  }

  /**
   * {@code y = x > 0 ? x : alpha x}, TF's LeakyRelu kernel as a select (alpha may exceed 1);
   * integer inputs are cast to FLOAT32 first, as {@code tf.nn.leaky_relu} does. Gradient {@code x >
   * 0 ? g : alpha g} (TF's LeakyReluGrad), from where and mul.
   */
  public static Tensor leakyRelu(Tensor x, double alpha) {
    Elementwise.unaryArg("leakyRelu", x, DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
    Tensor f = x.dtype().isInteger() ? CastOps.cast(x, DType.FLOAT32) : x;
    Tensor pos = CompareOps.greater(f, scalar(f.dtype(), 0));
    return where(pos, f, mul(f, scalar(f.dtype(), alpha)));
  }
}
