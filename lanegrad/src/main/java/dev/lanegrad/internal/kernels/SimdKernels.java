package dev.lanegrad.internal.kernels;

/**
 * The Vector API kernels. This class and the {@code Simd*} classes it alone loads are the only code
 * that touches {@code jdk.incubator.vector}, so the scalar path never links a vector class. A
 * method not overridden here runs its scalar twin.
 */
public class SimdKernels extends ScalarKernels {
  private static final SimdGemmF32 GEMM_F32 =
      new SimdGemmF32(Threads.get()); // standards: allow once
  private static final SimdGemmF64 GEMM_F64 =
      new SimdGemmF64(Threads.get()); // standards: allow once

  @Override
  public String name() {
    return "simd";
  }

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  // no vectors below 2x lanes: the setup costs more than it saves, and a tiny op's cost is a
  // feature
  private static final int MIN_F32 = 2 * SimdElementwise.lanesF32();
  private static final int MIN_F64 = 2 * SimdElementwise.lanesF64();

  @Override
  public void binaryF32(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    if (n < MIN_F32 || (ai | bi) == 0 || op == BinaryOp.POW) {
      super.binaryF32(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdElementwise.binaryF32(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void binaryF64(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n) {
    if (n < MIN_F64 || (ai | bi) == 0 || op == BinaryOp.POW) {
      super.binaryF64(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdElementwise.binaryF64(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void keepScaledF32(float[] x, boolean[] keep, float s, float[] y, int n) {
    SimdMasks.keepScaledF32(x, keep, s, y, n);
  }

  @Override
  public void keepScaledF64(double[] x, boolean[] keep, double s, double[] y, int n) {
    SimdMasks.keepScaledF64(x, keep, s, y, n);
  }

  @Override
  public void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    if (n < MIN_F32) {
      super.unaryF32(op, x, xo, y, yo, n);
    } else {
      SimdElementwise.unaryF32(op, x, xo, y, yo, n);
    }
  }

  @Override
  public void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    if (n < MIN_F64) {
      super.unaryF64(op, x, xo, y, yo, n);
    } else {
      SimdElementwise.unaryF64(op, x, xo, y, yo, n);
    }
  }

  @Override
  public void reluGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    if (n < MIN_F32) {
      super.reluGradF32(dy, dyo, x, xo, y, yo, n);
    } else {
      SimdElementwise.reluGradF32(dy, dyo, x, xo, y, yo, n);
    }
  }

  @Override
  public void reluGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    if (n < MIN_F64) {
      super.reluGradF64(dy, dyo, x, xo, y, yo, n);
    } else {
      SimdElementwise.reluGradF64(dy, dyo, x, xo, y, yo, n);
    }
  }

  @Override
  public void absGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    if (n < MIN_F32) {
      super.absGradF32(dy, dyo, x, xo, y, yo, n);
    } else {
      SimdElementwise.absGradF32(dy, dyo, x, xo, y, yo, n);
    }
  }

  @Override
  public void absGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    if (n < MIN_F64) {
      super.absGradF64(dy, dyo, x, xo, y, yo, n);
    } else {
      SimdElementwise.absGradF64(dy, dyo, x, xo, y, yo, n);
    }
  }

  private static final int MIN_I32 = 2 * SimdElementwise.lanesI32();
  private static final int MIN_I64 = 2 * SimdElementwise.lanesI64();

  @Override
  public void binaryI32(
      BinaryOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    if (n < MIN_I32 || (ai | bi) == 0) {
      super.binaryI32(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdElementwise.binaryI32(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void binaryI64(
      BinaryOp op, long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    if (n < MIN_I64 || (ai | bi) == 0) {
      super.binaryI64(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdElementwise.binaryI64(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void unaryI32(UnaryOp op, int[] x, int xo, int[] y, int yo, int n) {
    if (n < MIN_I32) {
      super.unaryI32(op, x, xo, y, yo, n);
    } else {
      SimdElementwise.unaryI32(op, x, xo, y, yo, n);
    }
  }

  @Override
  public void unaryI64(UnaryOp op, long[] x, int xo, long[] y, int yo, int n) {
    if (n < MIN_I64) {
      super.unaryI64(op, x, xo, y, yo, n);
    } else {
      SimdElementwise.unaryI64(op, x, xo, y, yo, n);
    }
  }

  @Override
  public void compareF32(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (n < MIN_F32 || (ai | bi) == 0) {
      super.compareF32(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdCompare.compareF32(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void compareF64(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (n < MIN_F64 || (ai | bi) == 0) {
      super.compareF64(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdCompare.compareF64(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void compareI32(
      CompareOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    if (n < MIN_I32 || (ai | bi) == 0) {
      super.compareI32(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdCompare.compareI32(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  @Override
  public void compareI64(
      CompareOp op,
      long[] a,
      int ao,
      int ai,
      long[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    if (n < MIN_I64 || (ai | bi) == 0) {
      super.compareI64(op, a, ao, ai, b, bo, bi, y, yo, n);
    } else {
      SimdCompare.compareI64(op, a, ao, ai, b, bo, bi, y, yo, n);
    }
  }

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  @Override
  public void reduceF32(
      ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] y, int yo) {
    if ((long) r * inner < MIN_F32) {
      super.reduceF32(op, x, xo, outer, r, inner, y, yo);
    } else {
      SimdReduceF32.reduce(op, x, xo, outer, r, inner, y, yo);
    }
  }

  @Override
  public void reduceF64(
      ReduceOp op, double[] x, int xo, int outer, int r, int inner, double[] y, int yo) {
    if ((long) r * inner < MIN_F64) {
      super.reduceF64(op, x, xo, outer, r, inner, y, yo);
    } else {
      SimdReduceF64.reduce(op, x, xo, outer, r, inner, y, yo);
    }
  }

  // ---- matrix products (LinalgOps' kernels) ----

  @Override
  public void matmulF32(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    GEMM_F32.matmul(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }

  @Override
  public void matmulF64(
      double[] a,
      int ao,
      double[] b,
      int bo,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB) {
    GEMM_F64.matmul(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }
}
