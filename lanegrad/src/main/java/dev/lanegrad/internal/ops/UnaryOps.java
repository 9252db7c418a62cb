package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.div;
import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.ArithmeticOps.sub;
import static dev.lanegrad.internal.ops.Elementwise.FLOATING;
import static dev.lanegrad.internal.ops.Elementwise.NUMERIC;
import static dev.lanegrad.internal.ops.Elementwise.REAL;
import static dev.lanegrad.internal.ops.Elementwise.scalar;
import static dev.lanegrad.internal.ops.Elementwise.zerosLike;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;
import dev.lanegrad.internal.kernels.UnaryOp;

/**
 * Unary elementwise ops and the fused relu/abs backprops, each gradient rule beside its forward.
 * Integer dtypes take NEG, ABS, SQUARE, SIGN and RELU (wrapping: {@code abs(MIN_VALUE)} stays
 * negative, as in TF); the transcendental ones are FLOAT32/FLOAT64 only, as in TF.
 */
public final class UnaryOps {
  private UnaryOps() {}

  /** {@code y = -x}; numeric dtypes including complex. Gradient {@code -g}. */
  public static Tensor neg(Tensor x) {
    Elementwise.unaryArg("neg", x, NUMERIC);
    return Recorder.record("neg", apply(UnaryOp.NEG, x), NEG_GRAD, x);
  }

  static final GradRule NEG_GRAD = (e, g) -> new Tensor[] {neg(g)};

  /** {@code y = |x|}; real dtypes. Gradient {@code absGrad(g, x)} (0 at 0). */
  public static Tensor abs(Tensor x) {
    Elementwise.unaryArg("abs", x, REAL);
    return Recorder.record("abs", apply(UnaryOp.ABS, x), ABS_GRAD, x);
  }

  static final GradRule ABS_GRAD = (e, g) -> new Tensor[] {absGrad(g, e.in(0))};

  /** {@code y = x * x}; numeric dtypes including complex. Gradient {@code g * 2x}. */
  public static Tensor square(Tensor x) {
    Elementwise.unaryArg("square", x, NUMERIC);
    return Recorder.record("square", apply(UnaryOp.SQUARE, x), SQUARE_GRAD, x);
  }

  static final GradRule SQUARE_GRAD =
      (e, g) -> new Tensor[] {mul(g, mul(e.in(0), scalar(g.dtype(), 2)))};

  /** {@code y = sqrt(x)}; floats. Gradient {@code g * 0.5 / y}: inf at 0, as TF. */
  public static Tensor sqrt(Tensor x) {
    Elementwise.unaryArg("sqrt", x, FLOATING);
    return Recorder.record("sqrt", apply(UnaryOp.SQRT, x), SQRT_GRAD, x);
  }

  static final GradRule SQRT_GRAD =
      (e, g) -> new Tensor[] {div(mul(g, scalar(g.dtype(), 0.5)), e.out())};

  /** {@code y = e^x}; floats. Gradient {@code g * y}. */
  public static Tensor exp(Tensor x) {
    Elementwise.unaryArg("exp", x, FLOATING);
    return Recorder.record("exp", apply(UnaryOp.EXP, x), EXP_GRAD, x);
  }

  static final GradRule EXP_GRAD = (e, g) -> new Tensor[] {mul(g, e.out())};

  /**
   * {@code y = ln x}; floats ({@code log 0 = -inf}, negative gives NaN). Gradient {@code g * (1 /
   * x)}.
   */
  public static Tensor log(Tensor x) {
    Elementwise.unaryArg("log", x, FLOATING);
    return Recorder.record("log", apply(UnaryOp.LOG, x), LOG_GRAD, x);
  }

  // TF's _LogGrad is grad * reciprocal(x), not grad / x: the two differ in the last bit
  static final GradRule LOG_GRAD =
      (e, g) -> new Tensor[] {mul(g, div(scalar(g.dtype(), 1), e.in(0)))};

  /**
   * {@code y = ln(1 + x)}, accurate for small {@code x} (TF's {@code log1p}); floats. Gradient
   * {@code g * (1 / (1 + x))} (TF's _Log1pGrad).
   */
  public static Tensor log1p(Tensor x) {
    Elementwise.unaryArg("log1p", x, FLOATING);
    return Recorder.record("log1p", apply(UnaryOp.LOG1P, x), LOG1P_GRAD, x);
  }

  static final GradRule LOG1P_GRAD =
      (e, g) -> {
        Tensor one = scalar(g.dtype(), 1);
        return new Tensor[] {mul(g, div(one, ArithmeticOps.add(one, e.in(0))))};
      };

  /** {@code y = sign(x)} in {-1, 0, 1}; real dtypes. Gradient zeros, as TF. */
  public static Tensor sign(Tensor x) {
    Elementwise.unaryArg("sign", x, REAL);
    return Recorder.record("sign", apply(UnaryOp.SIGN, x), SIGN_GRAD, x);
  }

  static final GradRule SIGN_GRAD = (e, g) -> new Tensor[] {zerosLike(e.in(0))};

  /** {@code y = max(x, 0)}; real dtypes. Gradient {@code reluGrad(g, y)} (0 at 0). */
  public static Tensor relu(Tensor x) {
    Elementwise.unaryArg("relu", x, REAL);
    return Recorder.record("relu", apply(UnaryOp.RELU, x), RELU_GRAD, x);
  }

  // TF's _ReluGrad reads the output: y > 0 exactly where x > 0
  static final GradRule RELU_GRAD = (e, g) -> new Tensor[] {reluGrad(g, e.out())};

  /** {@code y = 1 / (1 + e^-x)}; floats, stable for large |x|. Gradient {@code g y (1 - y)}. */
  public static Tensor sigmoid(Tensor x) {
    Elementwise.unaryArg("sigmoid", x, FLOATING);
    return Recorder.record("sigmoid", apply(UnaryOp.SIGMOID, x), SIGMOID_GRAD, x);
  }

  /**
   * TF's SigmoidGrad kernel: Eigen evaluates {@code g * (y * (1 - y))} on whole AVX packets (8
   * floats, 4 doubles) and {@code (g * y) * (1 - y)} element by element on the elements after the
   * last whole packet (all of them in a tensor shorter than one packet); the two forms differ in
   * the last bit (0.9 * 0.3 * 0.7 is 0.18900001f one way, 0.189f the other).
   */
  static final GradRule SIGMOID_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        Tensor oneMinusY = sub(scalar(y.dtype(), 1), y);
        int n = (int) y.size();
        int packet = y.dtype() == DType.FLOAT32 ? 8 : 4;
        int whole = n / packet * packet;
        if (whole == n || !g.shape().equals(y.shape())) {
          return new Tensor[] {mul(g, mul(y, oneMinusY))};
        }
        Tensor scalarForm = mul(mul(g, y), oneMinusY);
        if (whole == 0) {
          return new Tensor[] {scalarForm};
        }
        boolean[] inPacket = new boolean[n];
        java.util.Arrays.fill(inPacket, 0, whole, true);
        Tensor mask = Internal.make(DType.BOOL, y.shape(), inPacket);
        return new Tensor[] {CompareOps.where(mask, mul(g, mul(y, oneMinusY)), scalarForm)};
      };

  /**
   * {@code y = tanh x}; floats. FLOAT32 as TF computes it (Eigen's fast rational tanh, see
   * ScalarKernels.tanhF32); FLOAT64 with {@link Math#tanh}. Gradient {@code g (1 - y^2)}.
   */
  public static Tensor tanh(Tensor x) {
    Elementwise.unaryArg("tanh", x, FLOATING);
    return Recorder.record("tanh", apply(UnaryOp.TANH, x), TANH_GRAD, x);
  }

  static final GradRule TANH_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        return new Tensor[] {mul(g, sub(scalar(y.dtype(), 1), square(y)))};
      };

  /**
   * Relu's backprop as an op: {@code y = x > 0 ? dy : 0}, same shapes, FLOAT32/FLOAT64. Its own
   * gradient is {@code (reluGrad(g, x), zeros)}: relu's second derivative is zeros, not null.
   */
  public static Tensor reluGrad(Tensor dy, Tensor x) {
    fusedArgs("reluGrad", dy, x);
    int n = (int) x.size();
    Kernels k = KernelProvider.get();
    Object y = Elementwise.result(x.dtype(), n);
    if (x.dtype() == DType.FLOAT32) {
      k.reluGradF32(Internal.f32(dy), 0, Internal.f32(x), 0, (float[]) y, 0, n);
    } else {
      k.reluGradF64(Internal.f64(dy), 0, Internal.f64(x), 0, (double[]) y, 0, n);
    }
    return Recorder.record(
        "reluGrad", Internal.make(x.dtype(), x.shape(), y), RELU_GRAD_GRAD, dy, x);
  }

  static final GradRule RELU_GRAD_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? reluGrad(g, e.in(1)) : null, e.needs(1) ? zerosLike(e.in(1)) : null
          };

  /**
   * Abs's backprop as an op: {@code y = dy * sign(x)} (0 where x is 0), same shapes, floats. Its
   * own gradient is {@code (absGrad(g, x), zeros)}.
   */
  public static Tensor absGrad(Tensor dy, Tensor x) {
    fusedArgs("absGrad", dy, x);
    int n = (int) x.size();
    Kernels k = KernelProvider.get();
    Object y = Elementwise.result(x.dtype(), n);
    if (x.dtype() == DType.FLOAT32) {
      k.absGradF32(Internal.f32(dy), 0, Internal.f32(x), 0, (float[]) y, 0, n);
    } else {
      k.absGradF64(Internal.f64(dy), 0, Internal.f64(x), 0, (double[]) y, 0, n);
    }
    return Recorder.record("absGrad", Internal.make(x.dtype(), x.shape(), y), ABS_GRAD_GRAD, dy, x);
  }

  static final GradRule ABS_GRAD_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? absGrad(g, e.in(1)) : null, e.needs(1) ? zerosLike(e.in(1)) : null
          };

  private static void fusedArgs(String op, Tensor dy, Tensor x) {
    Check.notNull(op, "dy", dy);
    Check.notNull(op, "x", x);
    Check.sameDType(op, dy, x);
    Check.dtypeIn(op, x, FLOATING);
    if (!dy.shape().equals(x.shape())) {
      throw new IllegalArgumentException(
          op + ": dy and x must have the same shape, got " + dy.shape() + " and " + x.shape());
    }
  }

  // y = op(x) in one kernel call; complex offsets and counts are in values
  private static Tensor apply(UnaryOp op, Tensor x) {
    int n = (int) x.size();
    DType dt = x.dtype();
    Object xd = Internal.data(x);
    Object y = Elementwise.result(dt, n);
    Kernels k = KernelProvider.get();
    switch (dt) {
      case FLOAT32 -> k.unaryF32(op, (float[]) xd, 0, (float[]) y, 0, n);
      case FLOAT64 -> k.unaryF64(op, (double[]) xd, 0, (double[]) y, 0, n);
      case INT32 -> k.unaryI32(op, (int[]) xd, 0, (int[]) y, 0, n);
      case INT64 -> k.unaryI64(op, (long[]) xd, 0, (long[]) y, 0, n);
      case COMPLEX64 -> k.unaryC64(op, (float[]) xd, 0, (float[]) y, 0, n);
      case COMPLEX128 -> k.unaryC128(op, (double[]) xd, 0, (double[]) y, 0, n);
      case BOOL -> throw new IllegalStateException("unary kernel on bool");
    }
    return Internal.make(dt, x.shape(), y);
  }
}
