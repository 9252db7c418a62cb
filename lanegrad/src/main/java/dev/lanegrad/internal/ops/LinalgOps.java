package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;

/** Matrix products: forward and gradient rule side by side. */
public final class LinalgOps {
  private LinalgOps() {}

  /**
   * {@code c = op(a) op(b)}, {@code c_ij = sum_k op(a)_ik op(b)_kj}, where {@code op} transposes
   * the last two axes when its flag is set (the kernel reads the stored layout; nothing is
   * transposed in memory). Rank 2, or rank ≥ 3 with the batch axes (all but the last two) broadcast
   * as NumPy does; a rank-2 operand is broadcast over the batch. FLOAT32, FLOAT64, INT32, INT64.
   * Gradient (TF's BatchMatMulV2): for no flags {@code (g b^T, a^T g)}; the other three cases
   * follow; a broadcast operand gets the full batch-shaped gradient, which autodiff sums back to
   * its shape (a rank-2 {@code b} under an untransposed batched {@code a} gets its own shape
   * directly, from one product over all rows).
   */
  public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
    Check.notNull("matmul", "a", a);
    Check.notNull("matmul", "b", b);
    Check.sameDType("matmul", a, b);
    Check.dtypeIn("matmul", a, DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
    if (a.rank() < 2 || b.rank() < 2) {
      throw new IllegalArgumentException(
          "matmul: both operands need rank >= 2, got shapes " + a.shape() + " and " + b.shape());
    }
    int[] ad = Internal.dims(a.shape());
    int[] bd = Internal.dims(b.shape());
    int ra = ad.length;
    int rb = bd.length;
    int m = transposeA ? ad[ra - 1] : ad[ra - 2];
    int ka = transposeA ? ad[ra - 2] : ad[ra - 1];
    int kb = transposeB ? bd[rb - 1] : bd[rb - 2];
    int n = transposeB ? bd[rb - 2] : bd[rb - 1];
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: shapes "
              + a.shape()
              + " and "
              + b.shape()
              + " with transposeA="
              + transposeA
              + ", transposeB="
              + transposeB
              + " give "
              + ka
              + " and "
              + kb);
    }
    // batch axes, broadcast NumPy-style and right-aligned
    int br = Math.max(ra, rb) - 2;
    int[] batch = new int[br];
    int[] as = new int[br];
    int[] bs = new int[br];
    long aStride = (long) m * ka;
    long bStride = (long) ka * n;
    for (int k = br - 1; k >= 0; k--) {
      int ia = k - (br - (ra - 2));
      int ib = k - (br - (rb - 2));
      int da = ia >= 0 ? ad[ia] : 1;
      int db = ib >= 0 ? bd[ib] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "matmul: batch dimensions of shapes "
                + a.shape()
                + " and "
                + b.shape()
                + " do not broadcast ("
                + da
                + " vs "
                + db
                + ")");
      }
      batch[k] = Math.max(da, db);
      if (da == 0 || db == 0) {
        batch[k] = 0;
      }
      as[k] = da == 1 ? 0 : (int) aStride;
      bs[k] = db == 1 ? 0 : (int) bStride;
      aStride *= da;
      bStride *= db;
    }
    int[] yd = new int[br + 2];
    System.arraycopy(batch, 0, yd, 0, br);
    yd[br] = m;
    yd[br + 1] = n;
    Shape ys = Shape.of(yd);
    int size = Check.size("matmul", ys);
    DType d = a.dtype();
    // the kernels overwrite C (Kernels.matmulF32), so a reused buffer needs no zeroing pass; with
    // an empty inner dimension nothing writes C, which must then be zeros
    Object y = ka > 0 ? Elementwise.result(d, size) : Layout.alloc("matmul", d, size);
    int batches = size == 0 ? 0 : size / (m * n); // size > 0: m * n <= size, no overflow
    int rows = m;
    if (rb == 2 && !transposeA && batches > 1) {
      // a shared rank-2 b under an untransposed batch of a: the batch's rows are contiguous, so
      // [B, m, k] @ [k, n] is one [B*m, k] @ [k, n] product (a Dense layer on rank-3 input)
      rows = batches * m;
      batches = 1;
    }
    Object ax = Internal.data(a);
    Object bx = Internal.data(b);
    Kernels kern = KernelProvider.get();
    for (int t = 0; t < batches; t++) {
      int ao = 0;
      int bo = 0;
      int rest = t;
      for (int k = br - 1; k >= 0; k--) {
        int idx = rest % batch[k];
        rest /= batch[k];
        ao += idx * as[k];
        bo += idx * bs[k];
      }
      int co = t * m * n;
      switch (d) {
        case FLOAT32 ->
            kern.matmulF32(
                (float[]) ax,
                ao,
                (float[]) bx,
                bo,
                (float[]) y,
                co,
                rows,
                n,
                ka,
                transposeA,
                transposeB);
        case FLOAT64 ->
            kern.matmulF64(
                (double[]) ax,
                ao,
                (double[]) bx,
                bo,
                (double[]) y,
                co,
                rows,
                n,
                ka,
                transposeA,
                transposeB);
        case INT32 ->
            kern.matmulI32(
                (int[]) ax, ao, (int[]) bx, bo, (int[]) y, co, rows, n, ka, transposeA, transposeB);
        default ->
            kern.matmulI64(
                (long[]) ax,
                ao,
                (long[]) bx,
                bo,
                (long[]) y,
                co,
                rows,
                n,
                ka,
                transposeA,
                transposeB);
      }
    }
    GradRule rule =
        transposeA
            ? (transposeB ? MATMUL_GRAD_TT : MATMUL_GRAD_TF)
            : (transposeB ? MATMUL_GRAD_FT : MATMUL_GRAD_FF);
    return Recorder.record("matmul", Internal.make(d, ys, y), rule, a, b);
  }

  // TF's _BatchMatMulV2 gradient, one rule per flag pair; batch-shaped, autodiff unbroadcasts
  static final GradRule MATMUL_GRAD_FF =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? matmul(g, e.in(1), false, true) : null,
            e.needs(1)
                ? (folds(e)
                    ? matmul(rows(e.in(0)), rows(g), true, false)
                    : matmul(e.in(0), g, true, false))
                : null
          };
  static final GradRule MATMUL_GRAD_TF =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? matmul(e.in(1), g, false, true) : null,
            e.needs(1) ? matmul(e.in(0), g, false, false) : null
          };
  static final GradRule MATMUL_GRAD_FT =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? matmul(g, e.in(1), false, false) : null,
            e.needs(1)
                ? (folds(e)
                    ? matmul(rows(g), rows(e.in(0)), true, false)
                    : matmul(g, e.in(0), true, false))
                : null
          };
  static final GradRule MATMUL_GRAD_TT =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? matmul(e.in(1), g, true, true) : null,
            e.needs(1) ? matmul(g, e.in(0), true, true) : null
          };

  // a batched, untransposed a with a rank-2 b: b's gradient summed over the batch is one product
  // of all rows, [B*m, k]^T [B*m, n], instead of B products that autodiff would then sum
  private static boolean folds(GradRule.Entry e) {
    return e.in(1).rank() == 2 && e.in(0).rank() > 2;
  }

  // [..., m, c] as [rows, c]; no -1, so that empty tensors reshape unambiguously
  private static Tensor rows(Tensor t) {
    int[] d = Internal.dims(t.shape());
    int c = d[d.length - 1];
    int r = 1;
    for (int k = 0; k < d.length - 1; k++) {
      r *= d[k];
    }
    return ShapeOps.reshape(t, new int[] {r, c});
  }
}
