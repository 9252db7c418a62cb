package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.add;
import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.Elementwise.FLOATING;
import static dev.lanegrad.internal.ops.Elementwise.REAL;
import static dev.lanegrad.internal.ops.Elementwise.scalar;
import static dev.lanegrad.internal.ops.UnaryOps.neg;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.MathOp;
import dev.lanegrad.internal.kernels.ScalarMathKernels;

/**
 * The unary math functions TF adds beyond the first set (expm1, reciprocal, rsqrt, floor, ceil,
 * round, sin, cos, erf), the predicates isNan/isFinite, the logical ops and the binary floorDiv,
 * floorMod and squaredDifference: forwards and gradient rules side by side, each rule TF's
 * (math_grad.py), written with ops so that higher orders come free.
 */
public final class MathOps {
  private MathOps() {}

  /** {@code y = e^x - 1}, accurate near 0; floats. Gradient {@code g * e^x} (TF's _Expm1Grad). */
  public static Tensor expm1(Tensor x) {
    return Recorder.record("expm1", apply("expm1", MathOp.EXPM1, x), EXPM1_GRAD, x);
  }

  static final GradRule EXPM1_GRAD = (e, g) -> new Tensor[] {mul(g, UnaryOps.exp(e.in(0)))};

  /** {@code y = 1 / x}; floats. Gradient {@code -g y^2} (TF's ReciprocalGrad: (-g * y) * y). */
  public static Tensor reciprocal(Tensor x) {
    return Recorder.record(
        "reciprocal", apply("reciprocal", MathOp.RECIPROCAL, x), RECIPROCAL_GRAD, x);
  }

  static final GradRule RECIPROCAL_GRAD =
      (e, g) -> new Tensor[] {mul(mul(neg(g), e.out()), e.out())};

  /** {@code y = 1 / sqrt(x)}; floats. Gradient {@code -0.5 (g y) y^2} (TF's RsqrtGrad). */
  public static Tensor rsqrt(Tensor x) {
    return Recorder.record("rsqrt", apply("rsqrt", MathOp.RSQRT, x), RSQRT_GRAD, x);
  }

  static final GradRule RSQRT_GRAD =
      (e, g) -> {
        Tensor y = e.out();
        Tensor gy = mul(scalar(y.dtype(), -0.5), mul(g, y));
        return new Tensor[] {mul(gy, mul(y, y))};
      };

  /** The largest integer not above x; floats. No gradient (TF's _FloorGrad returns None). */
  public static Tensor floor(Tensor x) {
    return Recorder.record("floor", apply("floor", MathOp.FLOOR, x), NO_GRAD, x);
  }

  /** TF registers None for Floor, Ceil and Round: the gradient is unconnected, not zeros. */
  static final GradRule NO_GRAD = (e, g) -> new Tensor[e.arity()];

  /** The smallest integer not below x; floats. No gradient (TF's _CeilGrad). */
  public static Tensor ceil(Tensor x) {
    return Recorder.record("ceil", apply("ceil", MathOp.CEIL, x), NO_GRAD, x);
  }

  /**
   * The nearest integer, halves to even (banker's rounding: 0.5 to 0, 1.5 and 2.5 to 2, -2.5 to
   * -2), as TF's {@code tf.round}; integer dtypes come back unchanged. No gradient (_RoundGrad).
   */
  public static Tensor round(Tensor x) {
    Elementwise.unaryArg("round", x, REAL);
    if (x.dtype().isInteger()) {
      return Recorder.record("round", Layout.view(x, x.shape()), NO_GRAD, x);
    }
    return Recorder.record("round", apply("round", MathOp.ROUND, x), NO_GRAD, x);
  }

  /** {@code y = sin x}; floats. Gradient {@code g cos x}. */
  public static Tensor sin(Tensor x) {
    return Recorder.record("sin", apply("sin", MathOp.SIN, x), SIN_GRAD, x);
  }

  static final GradRule SIN_GRAD = (e, g) -> new Tensor[] {mul(g, cos(e.in(0)))};

  /** {@code y = cos x}; floats. Gradient {@code -g sin x}. */
  public static Tensor cos(Tensor x) {
    return Recorder.record("cos", apply("cos", MathOp.COS, x), COS_GRAD, x);
  }

  static final GradRule COS_GRAD = (e, g) -> new Tensor[] {mul(neg(g), sin(e.in(0)))};

  /**
   * The error function {@code erf x = 2/sqrt(pi) int_0^x e^(-t^2) dt}; floats (FLOAT32 with TF's
   * rational approximation). Gradient {@code (g 2/sqrt(pi)) e^(-x^2)} (TF's _ErfGrad).
   */
  public static Tensor erf(Tensor x) {
    return Recorder.record("erf", apply("erf", MathOp.ERF, x), ERF_GRAD, x);
  }

  static final GradRule ERF_GRAD =
      (e, g) -> {
        Tensor x = e.in(0);
        Tensor c = scalar(x.dtype(), 2 / Math.sqrt(Math.PI));
        return new Tensor[] {mul(mul(g, c), UnaryOps.exp(neg(UnaryOps.square(x))))};
      };

  /** {@code y = op(x)} through the math kernels, after the float dtype check. */
  static Tensor apply(String name, MathOp op, Tensor x) {
    Elementwise.unaryArg(name, x, FLOATING);
    int n = (int) x.size();
    Object y = Elementwise.alloc(x.dtype(), n);
    ScalarMathKernels k = ScalarMathKernels.get();
    if (x.dtype() == DType.FLOAT32) {
      k.unaryF32(op, Internal.f32(x), 0, (float[]) y, 0, n);
    } else {
      k.unaryF64(op, Internal.f64(x), 0, (double[]) y, 0, n);
    }
    return Internal.make(x.dtype(), x.shape(), y);
  }

  // ---------------------------------------------------------------- predicates and logic

  /** True where x is NaN; floats; BOOL, not differentiable (never recorded). */
  public static Tensor isNan(Tensor x) {
    return classify("isNan", false, x);
  }

  /** True where x is neither NaN nor infinite; floats; BOOL, never recorded. */
  public static Tensor isFinite(Tensor x) {
    return classify("isFinite", true, x);
  }

  private static Tensor classify(String name, boolean finite, Tensor x) {
    Elementwise.unaryArg(name, x, FLOATING);
    int n = (int) x.size();
    boolean[] y = new boolean[n];
    if (x.dtype() == DType.FLOAT32) {
      ScalarMathKernels.get().classifyF32(finite, Internal.f32(x), 0, y, 0, n);
    } else {
      ScalarMathKernels.get().classifyF64(finite, Internal.f64(x), 0, y, 0, n);
    }
    return Internal.make(DType.BOOL, x.shape(), y);
  }

  /** {@code !x} on BOOL; never recorded. */
  public static Tensor logicalNot(Tensor x) {
    Elementwise.unaryArg("logicalNot", x, DType.BOOL);
    int n = (int) x.size();
    boolean[] y = new boolean[n];
    ScalarMathKernels.get().not(Internal.bool(x), 0, y, 0, n);
    return Internal.make(DType.BOOL, x.shape(), y);
  }

  /** {@code a && b} on BOOL, broadcast; never recorded. */
  public static Tensor logicalAnd(Tensor a, Tensor b) {
    return logical("logicalAnd", false, a, b);
  }

  /** {@code a || b} on BOOL, broadcast; never recorded. */
  public static Tensor logicalOr(Tensor a, Tensor b) {
    return logical("logicalOr", true, a, b);
  }

  private static Tensor logical(String name, boolean or, Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs(name, a, b, DType.BOOL);
    boolean[] y = new boolean[(int) s.size()];
    boolean[] ad = Internal.bool(a);
    boolean[] bd = Internal.bool(b);
    ScalarMathKernels k = ScalarMathKernels.get();
    runs(a, b, s, (ao, ai, bo, bi, yo, n) -> k.logical(or, ad, ao, ai, bd, bo, bi, y, yo, n));
    return Internal.make(DType.BOOL, s, y);
  }

  /** One broadcast run: {@code n} outputs from {@code yo}, operands at offsets and increments. */
  interface Run {
    void run(int ao, int ai, int bo, int bi, int yo, int n);
  }

  /** Hands the broadcast of a and b to {@code r} in as few contiguous runs as the shapes allow. */
  static void runs(Tensor a, Tensor b, Shape s, Run r) {
    int size = (int) s.size();
    if (a.shape().equals(b.shape())) {
      r.run(0, 1, 0, 1, 0, size);
    } else if (b.size() == 1 && a.shape().equals(s)) {
      r.run(0, 1, 0, 0, 0, size);
    } else if (a.size() == 1 && b.shape().equals(s)) {
      r.run(0, 0, 0, 1, 0, size);
    } else {
      Broadcast p = Broadcast.plan(s, a.shape(), b.shape());
      int n = p.run();
      for (int i = 0, yo = 0; i < p.runs(); i++, yo += n) {
        r.run(p.offset(0), p.inc(0), p.offset(1), p.inc(1), yo, n);
        p.next();
      }
    }
  }

  // ---------------------------------------------------------------- binary

  /**
   * {@code y = floor(a / b)} (broadcast), TF's {@code floordiv}: floats divide then floor (x / 0 is
   * ±inf or NaN), integers round toward negative infinity ({@code -7 // 2 = -4}). No gradient (TF's
   * _FloorDivGrad returns None).
   *
   * @throws IllegalArgumentException for an integer division by zero (TF's "Integer division by
   *     zero"), differing dtypes or shapes that do not broadcast
   */
  public static Tensor floorDiv(Tensor a, Tensor b) {
    return Recorder.record("floorDiv", floor("floorDiv", false, a, b), NO_GRAD, a, b);
  }

  /**
   * {@code y = a - floor(a / b) b} (broadcast), TF's {@code floormod}: the result takes b's sign
   * ({@code -7 mod 3 = 2}, {@code 7 mod -3 = -2}); floats use C's fmod then shift. Gradient (TF's
   * _FloorModGrad): {@code (g, -g floor(a / b))}.
   */
  public static Tensor floorMod(Tensor a, Tensor b) {
    return Recorder.record("floorMod", floor("floorMod", true, a, b), FLOOR_MOD_GRAD, a, b);
  }

  static final GradRule FLOOR_MOD_GRAD =
      (e, g) -> {
        if (!e.in(0).dtype().isFloating()) {
          return new Tensor[2];
        }
        return new Tensor[] {
          e.needs(0) ? g : null, e.needs(1) ? mul(g, neg(floorDiv(e.in(0), e.in(1)))) : null
        };
      };

  private static Tensor floor(String name, boolean mod, Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs(name, a, b, REAL);
    DType dt = a.dtype();
    Object y = Elementwise.alloc(dt, (int) s.size());
    Object ad = Internal.data(a);
    Object bd = Internal.data(b);
    ScalarMathKernels k = ScalarMathKernels.get();
    try {
      runs(
          a,
          b,
          s,
          (ao, ai, bo, bi, yo, n) -> {
            switch (dt) {
              case FLOAT32 ->
                  k.floorF32(mod, (float[]) ad, ao, ai, (float[]) bd, bo, bi, (float[]) y, yo, n);
              case FLOAT64 ->
                  k.floorF64(
                      mod, (double[]) ad, ao, ai, (double[]) bd, bo, bi, (double[]) y, yo, n);
              case INT32 ->
                  k.floorI32(mod, (int[]) ad, ao, ai, (int[]) bd, bo, bi, (int[]) y, yo, n);
              default ->
                  k.floorI64(mod, (long[]) ad, ao, ai, (long[]) bd, bo, bi, (long[]) y, yo, n);
            }
          });
    } catch (ArithmeticException ex) {
      throw new IllegalArgumentException(
          name
              + ": Integer division by zero (dtype "
              + dt
              + ", shapes "
              + a.shape()
              + " and "
              + b.shape()
              + ")",
          ex);
    }
    return Internal.make(dt, s, y);
  }

  /**
   * {@code y = (a - b)^2} (broadcast), numeric real dtypes. Gradient (TF's _SquaredDifferenceGrad):
   * {@code ((2 g)(a - b), -(2 g)(a - b))}.
   */
  public static Tensor squaredDifference(Tensor a, Tensor b) {
    Shape s = Elementwise.binaryArgs("squaredDifference", a, b, REAL);
    Tensor d = ArithmeticOps.subUnrecorded(a, b);
    Tensor y =
        Elementwise.binary(
            Elementwise.BINARY,
            dev.lanegrad.internal.kernels.BinaryOp.MUL,
            null,
            d,
            d,
            s,
            a.dtype());
    return Recorder.record("squaredDifference", y, SQUARED_DIFFERENCE_GRAD, a, b);
  }

  static final GradRule SQUARED_DIFFERENCE_GRAD =
      (e, g) -> {
        if (!e.in(0).dtype().isFloating()) {
          return new Tensor[2];
        }
        Tensor xg = mul(mul(scalar(g.dtype(), 2), g), ArithmeticOps.sub(e.in(0), e.in(1)));
        return new Tensor[] {e.needs(0) ? xg : null, e.needs(1) ? neg(xg) : null};
      };

  static Tensor plus(Tensor a, double b) {
    return add(a, scalar(a.dtype(), b));
  }
}
