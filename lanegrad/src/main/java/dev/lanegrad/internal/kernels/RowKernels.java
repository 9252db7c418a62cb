package dev.lanegrad.internal.kernels;

/**
 * Row copies and row sums by index: the loops under gather, gatherNd, booleanMask, scatterNd and
 * unsortedSegmentSum. The source is viewed as {@code [outer, n, inner]} and the indexed side as
 * {@code [outer, k, inner]}, with {@code idx} of length {@code batch * k} shared by the {@code
 * outer / batch} consecutive outer rows of one batch (gather with batch dims); an index of -1 is
 * skipped (a row of zeros in a gather, nothing added in a scatter), every other index is in {@code
 * [0, n)} (the ops check before calling). One thread, rows in index order: the sums of a scatter
 * are the same bits on every machine and thread count.
 */
public interface RowKernels {
  /**
   * {@code y[o, j, :] = x[o, idx[(o / perBatch) * k + j], :]} for {@code o < outer, j < k}; rows
   * with index -1 are left as they are (zeros in a fresh array). Any primitive array type; complex
   * callers pass {@code inner} in array slots.
   */
  void gather(Object x, int[] idx, int outer, int perBatch, int n, int k, int inner, Object y);

  /** {@code y[o, idx[(o / perBatch) * k + j], :] += g[o, j, :]}, j ascending. */
  void scatterAddF32(
      float[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, float[] y);

  /** {@link #scatterAddF32} in float64. */
  void scatterAddF64(
      double[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, double[] y);

  /** {@link #scatterAddF32} in int32 (wrapping). */
  void scatterAddI32(int[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, int[] y);

  /** {@link #scatterAddF32} in int64 (wrapping). */
  void scatterAddI64(
      long[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, long[] y);

  /** The row kernels of this JVM: SIMD exactly when {@link KernelProvider} chose SIMD. */
  static RowKernels get() {
    return Holder.K;
  }

  /**
   * Chosen once, after {@link KernelProvider}'s choice, by name (the scalar path links no vector
   * class).
   */
  final class Holder {
    static final RowKernels K = choose();

    private Holder() {}

    static RowKernels choose() {
      return KernelProvider.family(
          RowKernels.class,
          "SimdRowKernels",
          new ScalarRowKernels()); // standards: allow the one-time choice
    }
  }
}
