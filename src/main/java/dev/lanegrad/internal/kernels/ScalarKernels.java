package dev.lanegrad.internal.kernels;

/** Plain loops: the reference every SIMD kernel is tested against, and the fallback. */
public class ScalarKernels implements Kernels {
  @Override
  public String name() {
    return "scalar";
  }

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  // ---- matrix products (LinalgOps' kernels) ----

  @Override
  public void matmulF32(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int m, int n, int k, boolean transA, boolean transB) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          float bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += av * bv;
        }
        c[co + i * n + j] = s;
      }
    }
  }

  @Override
  public void matmulF64(double[] a, int ao, double[] b, int bo, double[] c, int co,
      int m, int n, int k, boolean transA, boolean transB) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          double bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += av * bv;
        }
        c[co + i * n + j] = s;
      }
    }
  }
}
