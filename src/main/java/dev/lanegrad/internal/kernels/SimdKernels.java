package dev.lanegrad.internal.kernels;

/**
 * The Vector API kernels. This class and the {@code Simd*} classes it alone loads are the only
 * code that touches {@code jdk.incubator.vector}, so the scalar path never links a vector class.
 * A method not overridden here runs its scalar twin.
 */
public class SimdKernels extends ScalarKernels {
  private static final SimdGemmF32 GEMM_F32 = new SimdGemmF32(Threads.get());
  private static final SimdGemmF64 GEMM_F64 = new SimdGemmF64(Threads.get());

  @Override
  public String name() {
    return "simd";
  }

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  // ---- matrix products (LinalgOps' kernels) ----

  @Override
  public void matmulF32(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int m, int n, int k, boolean transA, boolean transB) {
    GEMM_F32.matmul(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }

  @Override
  public void matmulF64(double[] a, int ao, double[] b, int bo, double[] c, int co,
      int m, int n, int k, boolean transA, boolean transB) {
    GEMM_F64.matmul(a, ao, b, bo, c, co, m, n, k, transA, transB);
  }
}
