package dev.lanegrad.internal.kernels;

/**
 * Loops over primitive arrays, and nothing else: no tensors, shapes or tapes. Arguments are
 * {@code (array, offset)} pairs and a count, inputs never modified, the output array written.
 * Two implementations: {@link ScalarKernels} (plain loops, the reference) and {@code SimdKernels}
 * (the Vector API), chosen once by {@link KernelProvider}.
 */
public interface Kernels {
  /** A short name for logs and benchmarks: "scalar" or "simd". */
  String name();

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  // ---- matrix products (LinalgOps' kernels) ----

  /**
   * {@code C = op(A) op(B)}, row-major, C of m x n overwritten; {@code op(A)} is m x k (A is
   * stored k x m when {@code transA}), {@code op(B)} is k x n (stored n x k when {@code transB}).
   */
  void matmulF32(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int m, int n, int k, boolean transA, boolean transB);

  /** {@link #matmulF32} for doubles. */
  void matmulF64(double[] a, int ao, double[] b, int bo, double[] c, int co,
      int m, int n, int k, boolean transA, boolean transB);
}
