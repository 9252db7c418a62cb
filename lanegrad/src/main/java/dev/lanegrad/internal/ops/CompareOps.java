package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.Elementwise.ALL;
import static dev.lanegrad.internal.ops.Elementwise.COMPARE;
import static dev.lanegrad.internal.ops.Elementwise.REAL;
import static dev.lanegrad.internal.ops.Elementwise.scalar;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.CompareOp;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;

/**
 * Comparisons (BOOL results, broadcast) and {@code where}. Comparisons are not differentiable, so
 * they are never recorded (TF's NotDifferentiable); {@code where} is, except through its condition.
 */
public final class CompareOps {
  private CompareOps() {}

  /** {@code a > b}; real dtypes. */
  public static Tensor greater(Tensor a, Tensor b) {
    return compare("greater", CompareOp.GT, a, b, REAL);
  }

  /** {@code a >= b}; real dtypes. */
  public static Tensor greaterEqual(Tensor a, Tensor b) {
    return compare("greaterEqual", CompareOp.GE, a, b, REAL);
  }

  /** {@code a < b}; real dtypes. */
  public static Tensor less(Tensor a, Tensor b) {
    return compare("less", CompareOp.LT, a, b, REAL);
  }

  /** {@code a <= b}; real dtypes. */
  public static Tensor lessEqual(Tensor a, Tensor b) {
    return compare("lessEqual", CompareOp.LE, a, b, REAL);
  }

  /** {@code a == b}; every dtype (complex: both parts equal). NaN is never equal. */
  public static Tensor equal(Tensor a, Tensor b) {
    return compare("equal", CompareOp.EQ, a, b, ALL);
  }

  /** {@code a != b}; every dtype. */
  public static Tensor notEqual(Tensor a, Tensor b) {
    return compare("notEqual", CompareOp.NE, a, b, ALL);
  }

  private static Tensor compare(String name, CompareOp op, Tensor a, Tensor b, DType... allowed) {
    Shape s = Elementwise.binaryArgs(name, a, b, allowed);
    return Elementwise.binary(COMPARE, null, op, a, b, s, DType.BOOL);
  }

  /**
   * {@code y = cond ? a : b} elementwise, as TF 2's {@code tf.where(cond, a, b)}: the three shapes
   * broadcast together (NumPy rules); {@code cond} is BOOL, {@code a} and {@code b} share any
   * dtype. Gradient: none for {@code cond}, {@code where(cond, g, 0)} for a, {@code where(cond, 0,
   * g)} for b.
   *
   * @throws IllegalArgumentException for a non-BOOL condition, differing dtypes of a and b, or
   *     shapes that do not broadcast
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Check.notNull("where", "cond", cond);
    Check.notNull("where", "a", a);
    Check.notNull("where", "b", b);
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: the condition must be bool, got "
              + cond.dtype()
              + " (shape "
              + cond.shape()
              + ")");
    }
    Check.sameDType("where", a, b);
    Shape s = Broadcast.shape("where", cond.shape(), a.shape(), b.shape());
    int size = Check.size("where", s);
    DType dt = a.dtype();
    int w = dt.isComplex() ? 2 : 1;
    boolean[] c = Internal.bool(cond);
    Object ad = Internal.data(a);
    Object bd = Internal.data(b);
    Object y = Elementwise.alloc(dt, size);
    Kernels k = KernelProvider.get();
    if (cond.shape().equals(s) && a.shape().equals(s) && b.shape().equals(s)) {
      k.select(w, c, 0, 1, ad, 0, 1, bd, 0, 1, y, 0, size);
    } else {
      Broadcast p = Broadcast.plan(s, cond.shape(), a.shape(), b.shape());
      int n = p.run();
      int ci = p.inc(0);
      int ai = p.inc(1);
      int bi = p.inc(2);
      for (int r = 0, yo = 0; r < p.runs(); r++, yo += n) {
        k.select(w, c, p.offset(0), ci, ad, p.offset(1), ai, bd, p.offset(2), bi, y, yo, n);
        p.next();
      }
    }
    return Recorder.record("where", Internal.make(dt, s, y), WHERE_GRAD, cond, a, b);
  }

  /** (none, where(c, g, 0), where(c, 0, g)), in the output's shape. */
  static final GradRule WHERE_GRAD =
      (e, g) -> {
        Tensor c = e.in(0);
        Tensor zero = scalar(g.dtype(), 0);
        return new Tensor[] {
          null, e.needs(1) ? where(c, g, zero) : null, e.needs(2) ? where(c, zero, g) : null
        };
      };
}
