package dev.lanegrad.internal.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT64 GEMM on the Vector API, {@code C = op(A) op(B)}, C overwritten: a line-for-line copy of
 * SimdGemmF32 with double lanes (edit both alike).
 *
 * <p>Structure (BLIS-like): for each block of {@link #NC} columns and {@link #KC} depth, B is
 * packed into strips of {@link #NR} columns (L2-resident). Each strip of {@link #MR} rows of A is
 * read in place when its rows run along the depth, else packed (blocks of {@link #MC} rows,
 * L2-resident), and multiplied against every B strip by a register micro-kernel of MR x 2 vector
 * accumulators (broadcast A x vector B FMAs). Transposes are absorbed by the packing, which reads
 * through (row stride, column stride) pairs; nothing is transposed in memory. Every element of C is
 * one FMA chain in the order p = 0..k-1 on every path (kernel, edge tile, tiny loop), so the bits
 * depend on neither the blocking nor the thread count. Skinny products with a transposed A (the
 * weight gradients of a narrow layer) are computed as {@code C^T = op(B)^T op(A)^T}, so the lanes
 * run along the long side and A's stored rows feed the vectors directly.
 */
final class SimdGemmF64 {
  // species in a static final: as a parameter, every lane op boxes (30x slower)
  private static final VectorSpecies<Double> F = DoubleVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Rows of the micro-kernel (broadcasts). */
  static final int MR = 5;

  /** Columns of the micro-kernel: 2 vectors. */
  static final int NR = 2 * L;

  /**
   * Depth of a block: an A strip (MR x KC, 10 KiB) and a B strip (KC x NR) stay in the 32 KiB L1.
   */
  static final int KC = 256;

  /** Rows of A per block: MC x KC doubles (200 KiB) stays in L2 beside the B block. */
  static final int MC = 20 * MR;

  /** Columns of a block: the packed B block (KC x NC doubles, 512 KiB) stays in the 1 MiB L2. */
  static final int NC = Math.max(NR, 256 / NR * NR);

  // below this many multiply-adds the vector setup and packing cost more than they save
  private static final long TINY = 4096;
  // below this many multiply-adds a fork-join hand-off (tens of microseconds) does not pay
  private static final long PARALLEL = 1L << 21;

  // packing buffers, once per thread (fork-join workers included)
  private static final ThreadLocal<Buffers> BUFFERS = new ThreadLocal<>() { // standards: allow once
        @Override
        protected Buffers initialValue() {
          return new Buffers(); // standards: allow once-per-thread packing buffers
        }
      };

  private final int threads;

  /** A GEMM that uses at most {@code threads} threads, the caller included. */
  SimdGemmF64(int threads) {
    this.threads = Math.max(1, threads);
  }

  void matmul(
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
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, co, co + m * n, 0.0);
      return;
    }
    if ((long) m * n * k < TINY) {
      ScalarKernels.fmaMatmulF64(a, ao, b, bo, c, co, m, n, k, transA, transB);
      return;
    }
    int ars = transA ? 1 : k;
    int aps = transA ? m : 1;
    int brs = transB ? 1 : n;
    int bcs = transB ? k : 1;
    if (transA && n < NR && m > n) {
      // C^T (n x m) = B^T A^T: lanes along m instead of wasting most of them on n
      run(b, bo, bcs, brs, a, ao, aps, ars, c, co, 1, n, n, m, k);
    } else {
      run(a, ao, ars, aps, b, bo, brs, bcs, c, co, n, 1, m, n, k);
    }
  }

  // A(i,p) = a[ao + i*ars + p*aps], B(p,j) = b[bo + p*brs + j*bcs], C(i,j) = c[co + i*crs + j*ccs]
  private void run(
      double[] a,
      int ao,
      int ars,
      int aps,
      double[] b,
      int bo,
      int brs,
      int bcs,
      double[] c,
      int co,
      int crs,
      int ccs,
      int m,
      int n,
      int k) {
    int parts = 1;
    boolean splitM = m >= n;
    if (threads > 1 && (long) m * n * k >= PARALLEL) {
      int strips = splitM ? (m + MR - 1) / MR : (n + NR - 1) / NR;
      parts = Math.min(threads, strips);
    }
    if (parts <= 1) {
      block(a, ao, ars, aps, b, bo, brs, bcs, c, co, crs, ccs, 0, m, 0, n, k);
      return;
    }
    // split only M or N, on strip boundaries; K stays whole, so bits do not depend on parts
    int unit = splitM ? MR : NR;
    int extent = splitM ? m : n;
    int strips = (extent + unit - 1) / unit;
    int per = (strips + parts - 1) / parts * unit;
    Part[] part = new Part[parts]; // standards: allow one task array per parallel call
    for (int q = 0; q < parts; q++) {
      int lo = Math.min(extent, q * per);
      int hi = Math.min(extent, lo + per);
      if (lo < hi) {
        part[q] =
            splitM
                ? new Part(
                    a, ao, ars, aps, b, bo, brs, bcs, c, co, crs, ccs, lo, hi, 0, n,
                    k) // standards: allow task
                : new Part(
                    a, ao, ars, aps, b, bo, brs, bcs, c, co, crs, ccs, 0, m, lo, hi,
                    k); // standards: allow task
      }
    }
    Threads.parallel(part);
  }

  /** C[i0:i1, j0:j1] of the product. */
  private static void block(
      double[] a,
      int ao,
      int ars,
      int aps,
      double[] b,
      int bo,
      int brs,
      int bcs,
      double[] c,
      int co,
      int crs,
      int ccs,
      int i0,
      int i1,
      int j0,
      int j1,
      int k) {
    Buffers buf = BUFFERS.get();
    double[] ap = buf.ap;
    double[] bp = buf.bp;
    double[] tile = buf.tile;
    boolean unitColumns = ccs == 1;
    // rows of A contiguous along the depth are read in place: packing them costs as much as the
    // FMAs of a skinny product, and MC rows of one depth block sit in L2 anyway
    boolean rowsInPlace = aps == 1;
    double[] as = rowsInPlace ? a : ap;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean more = pc > 0; // continue the FMA chains of the previous depth block
        packB(b, bo + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          int lda = rowsInPlace ? ars : kc;
          int aBase = rowsInPlace ? ao + ic * ars + pc : 0;
          if (!rowsInPlace) {
            packA(a, ao + ic * ars + pc * aps, ars, aps, mc, kc, ap);
          }
          // B strip outer, A strips inner: the strip (KC x NR, 16 KiB) stays in L1 while MC rows
          // of A stream from L2
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int r0 = aBase + ir * lda;
              // rows past the edge repeat the last real row: they land in tile rows nobody reads
              int r1 = r0 + Math.min(1, mr - 1) * lda;
              int r2 = r0 + Math.min(2, mr - 1) * lda;
              int r3 = r0 + Math.min(3, mr - 1) * lda;
              int r4 = r0 + Math.min(4, mr - 1) * lda;
              int cij = co + (ic + ir) * crs + (jc + jr) * ccs;
              if (unitColumns && mr == MR && nr == NR) {
                kernel(kc, as, r0, r1, r2, r3, r4, bp, jr * kc, c, cij, crs, more);
              } else {
                // edge or transposed C: through a tile; padded lanes compute values nobody reads
                if (more) {
                  loadTile(c, cij, crs, ccs, mr, nr, tile);
                }
                kernel(kc, as, r0, r1, r2, r3, r4, bp, jr * kc, tile, 0, NR, more);
                storeTile(tile, c, cij, crs, ccs, mr, nr);
              }
            }
          }
        }
      }
    }
  }

  /** Strips of NR columns, each kc x NR row-major at bp[j*kc], zero beyond nc. */
  private static void packB(double[] b, int base, int brs, int bcs, int kc, int nc, double[] bp) {
    for (int j = 0; j < nc; j += NR) {
      int nr = Math.min(NR, nc - j);
      int o = j * kc;
      if (bcs == 1 && nr == NR) {
        // two vector moves per row: an arraycopy call per 64 bytes costs more than the copy
        for (int p = 0, src = base + j, d = o; p < kc; p++, src += brs, d += NR) {
          DoubleVector.fromArray(F, b, src).intoArray(bp, d);
          DoubleVector.fromArray(F, b, src + L).intoArray(bp, d + L);
        }
      } else if (bcs == 1) {
        // the edge strip: masked loads read only the nr real columns and give zeros beyond
        VectorMask<Double> m0 = F.indexInRange(0, nr);
        VectorMask<Double> m1 = F.indexInRange(L, nr);
        for (int p = 0, src = base + j, d = o; p < kc; p++, src += brs, d += NR) {
          DoubleVector.fromArray(F, b, src, m0).intoArray(bp, d);
          DoubleVector.fromArray(F, b, src + L, m1).intoArray(bp, d + L);
        }
      } else {
        // transposed source: read each column along its contiguous depth
        for (int jj = 0; jj < nr; jj++) {
          int src = base + (j + jj) * bcs;
          for (int p = 0, d = o + jj; p < kc; p++, d += NR) {
            bp[d] = b[src + p * brs];
          }
        }
        if (nr < NR) {
          for (int p = 0; p < kc; p++) {
            Arrays.fill(bp, o + p * NR + nr, o + p * NR + NR, 0.0);
          }
        }
      }
    }
  }

  /** mc rows of A, each kc long and contiguous, at ap[r*kc] (A's rows are strided here). */
  private static void packA(double[] a, int base, int ars, int aps, int mc, int kc, double[] ap) {
    for (int p = 0; p < kc; p++) {
      int src = base + p * aps;
      for (int r = 0, d = p; r < mc; r++, d += kc) {
        ap[d] = a[src + r * ars];
      }
    }
  }

  private static void loadTile(double[] c, int cij, int crs, int ccs, int mr, int nr, double[] t) {
    if (crs == 1) {
      // C^T of a swapped product: C's rows run along the tile's columns
      for (int j = 0; j < nr; j++) {
        for (int r = 0, cj = cij + j * ccs; r < mr; r++) {
          t[r * NR + j] = c[cj + r];
        }
      }
      return;
    }
    for (int r = 0; r < mr; r++) {
      System.arraycopy(c, cij + r * crs, t, r * NR, nr);
    }
  }

  private static void storeTile(double[] t, double[] c, int cij, int crs, int ccs, int mr, int nr) {
    if (crs == 1) {
      for (int j = 0; j < nr; j++) {
        for (int r = 0, cj = cij + j * ccs; r < mr; r++) {
          c[cj + r] = t[r * NR + j];
        }
      }
      return;
    }
    for (int r = 0; r < mr; r++) {
      System.arraycopy(t, r * NR, c, cij + r * crs, nr);
    }
  }

  /**
   * t[to + r*ldt + j] (r &lt; MR, j &lt; NR) = (more ? t : 0) + sum_p A_r[p] * bp[bpo + p*NR + j],
   * one FMA per p in order, where row r of A is a[r0..r4 + p]. 5 x 2 vectors: 10 accumulators, 2 B
   * and the broadcasts C2 hoists fit the 16 registers of AVX2 (6 x 2 spilled an accumulator every
   * iteration there); on AVX-512 the same shape keeps the FMA pipes busy.
   */
  static void kernel(
      int kc,
      double[] a,
      int r0,
      int r1,
      int r2,
      int r3,
      int r4,
      double[] bp,
      int bpo,
      double[] t,
      int to,
      int ldt,
      boolean more) {
    DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
    int t1 = to + ldt;
    int t2 = t1 + ldt;
    int t3 = t2 + ldt;
    int t4 = t3 + ldt;
    if (more) {
      c00 = DoubleVector.fromArray(F, t, to);
      c01 = DoubleVector.fromArray(F, t, to + L);
      c10 = DoubleVector.fromArray(F, t, t1);
      c11 = DoubleVector.fromArray(F, t, t1 + L);
      c20 = DoubleVector.fromArray(F, t, t2);
      c21 = DoubleVector.fromArray(F, t, t2 + L);
      c30 = DoubleVector.fromArray(F, t, t3);
      c31 = DoubleVector.fromArray(F, t, t3 + L);
      c40 = DoubleVector.fromArray(F, t, t4);
      c41 = DoubleVector.fromArray(F, t, t4 + L);
    } else {
      DoubleVector z = DoubleVector.zero(F);
      c00 = z;
      c01 = z;
      c10 = z;
      c11 = z;
      c20 = z;
      c21 = z;
      c30 = z;
      c31 = z;
      c40 = z;
      c41 = z;
    }
    for (int p = 0; p < kc; p++) {
      int pb = bpo + p * NR;
      DoubleVector b0 = DoubleVector.fromArray(F, bp, pb);
      DoubleVector b1 = DoubleVector.fromArray(F, bp, pb + L);
      DoubleVector x = DoubleVector.broadcast(F, a[r0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(F, a[r1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(F, a[r2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(F, a[r3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(F, a[r4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
    }
    c00.intoArray(t, to);
    c01.intoArray(t, to + L);
    c10.intoArray(t, t1);
    c11.intoArray(t, t1 + L);
    c20.intoArray(t, t2);
    c21.intoArray(t, t2 + L);
    c30.intoArray(t, t3);
    c31.intoArray(t, t3 + L);
    c40.intoArray(t, t4);
    c41.intoArray(t, t4 + L);
  }

  private static final class Buffers {
    final double[] ap = new double[MC * KC]; // standards: allow once-per-thread packing buffer
    final double[] bp = new double[KC * NC]; // standards: allow once-per-thread packing buffer
    final double[] tile = new double[MR * NR]; // standards: allow once-per-thread packing buffer
  }

  /** One rectangle of C on a fork-join worker. */
  private static final class Part implements Runnable {
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private final int ao, ars, aps, bo, brs, bcs, co, crs, ccs, i0, i1, j0, j1, k;

    Part(
        double[] a,
        int ao,
        int ars,
        int aps,
        double[] b,
        int bo,
        int brs,
        int bcs,
        double[] c,
        int co,
        int crs,
        int ccs,
        int i0,
        int i1,
        int j0,
        int j1,
        int k) {
      this.a = a;
      this.ao = ao;
      this.ars = ars;
      this.aps = aps;
      this.b = b;
      this.bo = bo;
      this.brs = brs;
      this.bcs = bcs;
      this.c = c;
      this.co = co;
      this.crs = crs;
      this.ccs = ccs;
      this.i0 = i0;
      this.i1 = i1;
      this.j0 = j0;
      this.j1 = j1;
      this.k = k;
    }

    @Override
    public void run() {
      block(a, ao, ars, aps, b, bo, brs, bcs, c, co, crs, ccs, i0, i1, j0, j1, k);
    }
  }
}
