package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.BinaryOp;
import dev.lanegrad.internal.kernels.CompareOp;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;

/**
 * The shared machinery of the elementwise ops: argument checks, output allocation, and the one loop
 * that hands broadcast runs to a kernel. No op logic lives here.
 */
final class Elementwise {
  static final DType[] REAL = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64};
  static final DType[] NUMERIC = {
    DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.COMPLEX64, DType.COMPLEX128
  };
  static final DType[] FLOATING = {DType.FLOAT32, DType.FLOAT64};
  static final DType[] ALL = DType.values();

  // what a binary loop computes
  static final int BINARY = 0;
  static final int COMPARE = 1;
  static final int MUL_NO_NAN = 2;

  private Elementwise() {}

  /**
   * Checks a binary op's operands (non-null, same dtype, supported) and returns the output shape.
   */
  static Shape binaryArgs(String op, Tensor a, Tensor b, DType... allowed) {
    Check.notNull(op, "a", a);
    Check.notNull(op, "b", b);
    Check.sameDType(op, a, b);
    Check.dtypeIn(op, a, allowed);
    Shape s = Broadcast.shape(op, a.shape(), b.shape());
    Check.size(op, s);
    return s;
  }

  /** Checks a unary op's operand. */
  static void unaryArg(String op, Tensor x, DType... allowed) {
    Check.notNull(op, "x", x);
    Check.dtypeIn(op, x, allowed);
  }

  /** A zeroed array for {@code n} values of {@code dt} (two slots per complex value). */
  static Object alloc(DType dt, int n) {
    Object a = arena(dt, n, true);
    if (a != null) {
      return a;
    }
    return switch (dt) {
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case BOOL -> new boolean[n];
      case COMPLEX64 -> new float[2 * n];
      case COMPLEX128 -> new double[2 * n];
    };
  }

  /**
   * An array for {@code n} values of {@code dt} that the caller's kernel overwrites completely: in
   * a {@link StepArena} call the plan's array as it is (no zeroing pass), else a fresh one.
   */
  static Object result(DType dt, int n) {
    Object a = arena(dt, n, false);
    return a != null ? a : alloc(dt, n);
  }

  /** An arena array for a floating dtype in a step call, or null. */
  static Object arena(DType dt, int n, boolean zero) {
    return switch (dt) {
      case FLOAT32 -> StepArena.take(false, n, zero);
      case FLOAT64 -> StepArena.take(true, n, zero);
      case COMPLEX64 -> StepArena.take(false, 2 * n, zero);
      case COMPLEX128 -> StepArena.take(true, 2 * n, zero);
      default -> null;
    };
  }

  /** A 0-d tensor of {@code dt} holding {@code v} (complex: {@code v + 0i}). */
  static Tensor scalar(DType dt, double v) {
    Object d =
        switch (dt) {
          case FLOAT32 -> new float[] {(float) v};
          case FLOAT64 -> new double[] {v};
          case INT32 -> new int[] {(int) v};
          case INT64 -> new long[] {(long) v};
          case BOOL -> new boolean[] {v != 0};
          case COMPLEX64 -> new float[] {(float) v, 0f};
          case COMPLEX128 -> new double[] {v, 0};
        };
    return Internal.make(dt, Shape.scalar(), d);
  }

  /** Zeros of {@code t}'s shape and dtype. */
  static Tensor zerosLike(Tensor t) {
    return Internal.make(t.dtype(), t.shape(), alloc(t.dtype(), (int) t.size()));
  }

  /**
   * {@code y = a op b} over the broadcast shape {@code s}: one kernel call when the shapes are
   * equal or one side is a single value, else one call per planned run. The output dtype is {@code
   * out}: BOOL for comparisons, the operands' otherwise.
   */
  static Tensor binary(
      int kind, BinaryOp op, CompareOp cop, Tensor a, Tensor b, Shape s, DType out) {
    int size = (int) s.size();
    DType dt = a.dtype();
    Object ad = Internal.data(a);
    Object bd = Internal.data(b);
    Object y = result(out, size);
    Kernels k = KernelProvider.get();
    Shape as = a.shape();
    Shape bs = b.shape();
    if (as.equals(bs)) {
      run(k, kind, op, cop, dt, ad, 0, 1, bd, 0, 1, y, 0, size);
    } else if (b.size() == 1 && as.equals(s)) {
      run(k, kind, op, cop, dt, ad, 0, 1, bd, 0, 0, y, 0, size);
    } else if (a.size() == 1 && bs.equals(s)) {
      run(k, kind, op, cop, dt, ad, 0, 0, bd, 0, 1, y, 0, size);
    } else {
      Broadcast p = Broadcast.plan(s, as, bs);
      int n = p.run();
      int ai = p.inc(0);
      int bi = p.inc(1);
      for (int r = 0, yo = 0; r < p.runs(); r++, yo += n) {
        run(k, kind, op, cop, dt, ad, p.offset(0), ai, bd, p.offset(1), bi, y, yo, n);
        p.next();
      }
    }
    return Internal.make(out, s, y);
  }

  // one run: a switch per run (never per element) picks the typed kernel
  private static void run(
      Kernels k,
      int kind,
      BinaryOp op,
      CompareOp cop,
      DType dt,
      Object a,
      int ao,
      int ai,
      Object b,
      int bo,
      int bi,
      Object y,
      int yo,
      int n) {
    if (kind == COMPARE) {
      boolean[] yb = (boolean[]) y;
      switch (dt) {
        case FLOAT32 -> k.compareF32(cop, (float[]) a, ao, ai, (float[]) b, bo, bi, yb, yo, n);
        case FLOAT64 -> k.compareF64(cop, (double[]) a, ao, ai, (double[]) b, bo, bi, yb, yo, n);
        case INT32 -> k.compareI32(cop, (int[]) a, ao, ai, (int[]) b, bo, bi, yb, yo, n);
        case INT64 -> k.compareI64(cop, (long[]) a, ao, ai, (long[]) b, bo, bi, yb, yo, n);
        case BOOL -> k.compareBool(cop, (boolean[]) a, ao, ai, (boolean[]) b, bo, bi, yb, yo, n);
        case COMPLEX64 -> k.compareC64(cop, (float[]) a, ao, ai, (float[]) b, bo, bi, yb, yo, n);
        case COMPLEX128 ->
            k.compareC128(cop, (double[]) a, ao, ai, (double[]) b, bo, bi, yb, yo, n);
      }
      return;
    }
    if (kind == MUL_NO_NAN) {
      if (dt == DType.FLOAT32) {
        k.mulNoNanF32((float[]) a, ao, ai, (float[]) b, bo, bi, (float[]) y, yo, n);
      } else {
        k.mulNoNanF64((double[]) a, ao, ai, (double[]) b, bo, bi, (double[]) y, yo, n);
      }
      return;
    }
    switch (dt) {
      case FLOAT32 -> k.binaryF32(op, (float[]) a, ao, ai, (float[]) b, bo, bi, (float[]) y, yo, n);
      case FLOAT64 ->
          k.binaryF64(op, (double[]) a, ao, ai, (double[]) b, bo, bi, (double[]) y, yo, n);
      case INT32 -> k.binaryI32(op, (int[]) a, ao, ai, (int[]) b, bo, bi, (int[]) y, yo, n);
      case INT64 -> k.binaryI64(op, (long[]) a, ao, ai, (long[]) b, bo, bi, (long[]) y, yo, n);
      case COMPLEX64 ->
          k.binaryC64(op, (float[]) a, ao, ai, (float[]) b, bo, bi, (float[]) y, yo, n);
      case COMPLEX128 ->
          k.binaryC128(op, (double[]) a, ao, ai, (double[]) b, bo, bi, (double[]) y, yo, n);
      case BOOL -> throw new IllegalStateException("binary kernel on bool");
    }
  }
}
