package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.CompareOps.greater;
import static dev.lanegrad.internal.ops.CompareOps.greaterEqual;
import static dev.lanegrad.internal.ops.CompareOps.lessEqual;
import static dev.lanegrad.internal.ops.CompareOps.where;
import static dev.lanegrad.internal.ops.Elementwise.BINARY;
import static dev.lanegrad.internal.ops.Elementwise.FLOATING;
import static dev.lanegrad.internal.ops.Elementwise.MUL_NO_NAN;
import static dev.lanegrad.internal.ops.Elementwise.NUMERIC;
import static dev.lanegrad.internal.ops.Elementwise.REAL;
import static dev.lanegrad.internal.ops.Elementwise.scalar;
import static dev.lanegrad.internal.ops.UnaryOps.log;
import static dev.lanegrad.internal.ops.UnaryOps.neg;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.kernels.BinaryOp;

/**
 * Elementwise binary arithmetic: forwards and gradient rules side by side. Binary ops broadcast as
 * NumPy; both operands must share a dtype (TF never promotes). The rest of the elementwise family
 * has its own files: unary ops in {@link UnaryOps}, comparisons and where in {@link CompareOps},
 * cast in {@link CastOps}.
 *
 * <p>Gradient rules return gradients in the output's (broadcast) shape; autodiff sums them back.
 * Complex gradients are not conjugated (TF's are): lanegrad differentiates real dtypes only.
 */
public final class ArithmeticOps {
  private ArithmeticOps() {}

  // ------------------------------------------------------------------ add, sub, mul

  /** {@code y = a + b} (broadcast), every numeric dtype; wraps on integer overflow. */
  public static Tensor add(Tensor a, Tensor b) {
    return Recorder.record("add", addUnrecorded(a, b), ADD_GRAD, a, b);
  }

  /** d(a+b) = (g, g). */
  static final GradRule ADD_GRAD =
      (e, g) -> new Tensor[] {e.needs(0) ? g : null, e.needs(1) ? g : null};

  /** {@link #add} without recording: {@code Variable.assignAdd}'s arithmetic. */
  public static Tensor addUnrecorded(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("add", a, b, NUMERIC);
    return Elementwise.binary(BINARY, BinaryOp.ADD, null, a, b, s, a.dtype());
  }

  /** {@code y = a - b} (broadcast). */
  public static Tensor sub(Tensor a, Tensor b) {
    return Recorder.record("sub", subUnrecorded(a, b), SUB_GRAD, a, b);
  }

  /** d(a-b) = (g, -g). */
  static final GradRule SUB_GRAD =
      (e, g) -> new Tensor[] {e.needs(0) ? g : null, e.needs(1) ? neg(g) : null};

  /** {@link #sub} without recording: {@code Variable.assignSub}'s arithmetic. */
  public static Tensor subUnrecorded(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("sub", a, b, NUMERIC);
    return Elementwise.binary(BINARY, BinaryOp.SUB, null, a, b, s, a.dtype());
  }

  /** {@code y = a * b} (broadcast). */
  public static Tensor mul(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("mul", a, b, NUMERIC);
    Tensor y = Elementwise.binary(BINARY, BinaryOp.MUL, null, a, b, s, a.dtype());
    return Recorder.record("mul", y, MUL_GRAD, a, b);
  }

  /** d(a*b) = (g*b, g*a). */
  static final GradRule MUL_GRAD =
      (e, g) ->
          new Tensor[] {e.needs(0) ? mul(g, e.in(1)) : null, e.needs(1) ? mul(g, e.in(0)) : null};

  // ------------------------------------------------------------------ div

  /**
   * {@code y = a / b} (broadcast). Integers divide as TF's {@code /}: both converted to FLOAT64
   * first, so {@code 1 / 0} is inf and {@code 0 / 0} NaN.
   */
  public static Tensor div(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("div", a, b, NUMERIC);
    Tensor y;
    if (a.dtype().isInteger()) {
      Tensor fa = CastOps.convert(a, DType.FLOAT64);
      Tensor fb = CastOps.convert(b, DType.FLOAT64);
      y = Elementwise.binary(BINARY, BinaryOp.DIV, null, fa, fb, s, DType.FLOAT64);
    } else {
      y = Elementwise.binary(BINARY, BinaryOp.DIV, null, a, b, s, a.dtype());
    }
    return Recorder.record("div", y, DIV_GRAD, a, b);
  }

  /** d(a/b) = (g/b, g * (-a/b)/b); integer operands have none. */
  static final GradRule DIV_GRAD =
      (e, g) -> {
        Tensor a = e.in(0);
        Tensor b = e.in(1);
        if (a.dtype().isInteger()) {
          return new Tensor[] {null, null};
        }
        return new Tensor[] {
          e.needs(0) ? div(g, b) : null, e.needs(1) ? mul(g, div(div(neg(a), b), b)) : null
        };
      };

  // ------------------------------------------------------------------ pow

  /**
   * {@code y = a ** b} (broadcast) with C's {@code pow} on floats: exact for integral exponents,
   * negative bases allowed ({@code (-2)**3 = -8}), {@code x**0 = 1}. Integers are exact by repeated
   * squaring and wrap on overflow.
   *
   * @throws IllegalArgumentException for an integer raised to a negative integer power
   */
  public static Tensor pow(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("pow", a, b, REAL);
    Tensor y;
    try {
      y = Elementwise.binary(BINARY, BinaryOp.POW, null, a, b, s, a.dtype());
    } catch (ArithmeticException ex) {
      throw new IllegalArgumentException(
          "pow: Integers to negative integer powers are not allowed"
              + " (dtype "
              + a.dtype()
              + ", shapes "
              + a.shape()
              + " and "
              + b.shape()
              + ")",
          ex);
    }
    return Recorder.record("pow", y, POW_GRAD, a, b);
  }

  /**
   * TF's _PowGrad: {@code gx = mul_no_nan(y * x^(y-1), g)}, {@code gy = mul_no_nan(z * log_x, g)}
   * with {@code log_x = where(x > 0, log(where(x > 0, x, 1)), 0)}: no false singularity at 0.
   */
  static final GradRule POW_GRAD =
      (e, g) -> {
        Tensor x = e.in(0);
        Tensor y = e.in(1);
        DType dt = x.dtype();
        if (!dt.isFloating()) {
          return new Tensor[] {null, null};
        }
        Tensor gx = null;
        Tensor gy = null;
        if (e.needs(0)) {
          gx = mulNoNan(mul(y, pow(x, sub(y, scalar(dt, 1)))), g);
        }
        if (e.needs(1)) {
          Tensor mask = greater(x, scalar(dt, 0));
          Tensor safeX = where(mask, x, scalar(dt, 1));
          Tensor logX = where(mask, log(safeX), scalar(dt, 0));
          gy = mulNoNan(mul(e.out(), logX), g);
        }
        return new Tensor[] {gx, gy};
      };

  /**
   * {@code y = a * b}, but 0 wherever {@code b == 0}, even where {@code a} is inf or NaN (TF's
   * {@code mul_no_nan}); FLOAT32 and FLOAT64. Pow's gradient uses it.
   */
  public static Tensor mulNoNan(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("mulNoNan", a, b, FLOATING);
    Tensor y = Elementwise.binary(MUL_NO_NAN, null, null, a, b, s, a.dtype());
    return Recorder.record("mulNoNan", y, MUL_NO_NAN_GRAD, a, b);
  }

  /** TF's _MulNoNanGrad: (mul_no_nan(g, b), mul_no_nan(a, g)). */
  static final GradRule MUL_NO_NAN_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? mulNoNan(g, e.in(1)) : null, e.needs(1) ? mulNoNan(e.in(0), g) : null
          };

  // ------------------------------------------------------------------ maximum, minimum

  /** {@code y = max(a, b)} (broadcast), real dtypes; NaN propagates. */
  public static Tensor maximum(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("maximum", a, b, REAL);
    Tensor y = Elementwise.binary(BINARY, BinaryOp.MAX, null, a, b, s, a.dtype());
    return Recorder.record("maximum", y, MAXIMUM_GRAD, a, b);
  }

  /** g goes to a where {@code a >= b} (ties to a), to b elsewhere. */
  static final GradRule MAXIMUM_GRAD = (e, g) -> selectGrad(e, g, greaterEqual(e.in(0), e.in(1)));

  /** {@code y = min(a, b)} (broadcast), real dtypes; NaN propagates. */
  public static Tensor minimum(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("minimum", a, b, REAL);
    Tensor y = Elementwise.binary(BINARY, BinaryOp.MIN, null, a, b, s, a.dtype());
    return Recorder.record("minimum", y, MINIMUM_GRAD, a, b);
  }

  /** g goes to a where {@code a <= b} (ties to a), to b elsewhere. */
  static final GradRule MINIMUM_GRAD = (e, g) -> selectGrad(e, g, lessEqual(e.in(0), e.in(1)));

  private static Tensor[] selectGrad(GradRule.Entry e, Tensor g, Tensor toA) {
    Tensor zero = scalar(g.dtype(), 0);
    return new Tensor[] {
      e.needs(0) ? where(toA, g, zero) : null, e.needs(1) ? where(toA, zero, g) : null
    };
  }
}
