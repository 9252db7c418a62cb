package dev.lanegrad.internal.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 GEMM on the Vector API: {@code C = op(A) op(B)}, C overwritten.
 *
 * <p>Structure (BLIS-like): for each block of {@link #NC} columns and {@link #KC} depth, B is
 * packed into strips of {@link #NR} columns (L2-resident; a transposed B by 8 x 8 register
 * transposes), and each micro-panel of {@link #MR} rows of A is multiplied against every B strip by
 * a register micro-kernel of MR x 2 vector accumulators (broadcast A x vector B FMAs). A block of
 * {@link #MC} rows of A that several B strips reuse is copied once into an L2-resident buffer (rows
 * along the depth as rows KC apart, a transposed A as p-major panels): read in place, a transposed
 * A touches a new cache line at every depth step, and rows a multiple of 4 KiB apart share cache
 * sets and evict each other (784x256x256 with a transposed A went from 65-69 to 74-79 GFLOP/s). An
 * A block that only one strip uses is read in place. Nothing is transposed in memory. Every element
 * of C is one FMA chain in the order p = 0..k-1 on every path (kernel, edge tile, tiny loop), so
 * the bits depend on neither the blocking nor the thread count. Skinny products with a transposed A
 * (the weight gradients of a narrow layer) are computed as {@code C^T = op(B)^T op(A)^T}, so the
 * lanes run along the long side and A's stored rows feed the vectors directly.
 */
final class SimdGemmF32 {
  // species in a static final: as a parameter, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Rows of the micro-kernel (broadcasts). */
  static final int MR = 5;

  /** Columns of the micro-kernel: 2 vectors. */
  static final int NR = 2 * L;

  /**
   * Depth of a block: an A strip (MR x KC, 5 KiB) and a B strip (KC x NR) stay in the 32 KiB L1.
   */
  static final int KC = ScalarKernels.MATMUL_DEPTH_BLOCK;

  /** Rows of A per block: MC x KC (100 KiB) stays in L2 beside the B block. */
  static final int MC = 20 * MR;

  /** Columns of a block: the packed B block (KC x NC, 512 KiB) stays in the 1 MiB L2. */
  static final int NC = Math.max(NR, 512 / NR * NR);

  // 8 x 8 transposes for packing a transposed B, on 256-bit vectors wherever they exist
  private static final boolean T8 = F.vectorBitSize() >= 256;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  // lane i exchanged with lane i ^ 4, 2, 1; the lanes whose index has that bit set
  private static final VectorShuffle<Float> SWAP4 =
      VectorShuffle.fromValues(F8, 4, 5, 6, 7, 0, 1, 2, 3);
  private static final VectorShuffle<Float> SWAP2 =
      VectorShuffle.fromValues(F8, 2, 3, 0, 1, 6, 7, 4, 5);
  private static final VectorShuffle<Float> SWAP1 =
      VectorShuffle.fromValues(F8, 1, 0, 3, 2, 5, 4, 7, 6);
  private static final VectorMask<Float> HI4 =
      VectorMask.fromValues(F8, false, false, false, false, true, true, true, true);
  private static final VectorMask<Float> HI2 =
      VectorMask.fromValues(F8, false, false, true, true, false, false, true, true);
  private static final VectorMask<Float> HI1 =
      VectorMask.fromValues(F8, false, true, false, true, false, true, false, true);
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
  SimdGemmF32(int threads) {
    this.threads = Math.max(1, threads);
  }

  void matmul(
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
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, co, co + m * n, 0f);
      return;
    }
    if ((long) m * n * k < TINY) {
      ScalarKernels.fmaMatmulF32(a, ao, b, bo, c, co, m, n, k, transA, transB);
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
      float[] a,
      int ao,
      int ars,
      int aps,
      float[] b,
      int bo,
      int brs,
      int bcs,
      float[] c,
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
      float[] a,
      int ao,
      int ars,
      int aps,
      float[] b,
      int bo,
      int brs,
      int bcs,
      float[] c,
      int co,
      int crs,
      int ccs,
      int i0,
      int i1,
      int j0,
      int j1,
      int k) {
    Buffers buf = BUFFERS.get();
    float[] ap = buf.ap;
    float[] bp = buf.bp;
    float[] tile = buf.tile;
    boolean unitColumns = ccs == 1;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean more = pc > 0; // continue the FMA chains of the previous depth block
        packB(b, bo + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          // an A block that several B strips reuse is copied once into rows KC apart: read in
          // place, rows a multiple of 4 KiB apart (sq1024, sq2048) fall in the same cache sets
          // and evict each other and the B strip
          boolean packed = nc > NR;
          if (packed) {
            packBlockA(a, ao + ic * ars + pc * aps, ars, aps, mc, kc, ap);
          }
          // B strip outer, A strips inner: the strip (KC x NR, 16 KiB) stays in L1 while MC rows
          // of A stream from L2
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int cij = co + (ic + ir) * crs + (jc + jr) * ccs;
              boolean direct = unitColumns && mr == MR && nr == NR;
              float[] t = direct ? c : tile;
              int to = direct ? cij : 0;
              int ldt = direct ? crs : NR;
              if (!direct && more) {
                // edge or transposed C: through a tile; padded lanes compute values nobody reads
                loadTile(c, cij, crs, ccs, mr, nr, tile);
              }
              if (packed && aps == 1) {
                // rows past the edge repeat the last real row and land in tile rows nobody reads
                int r0 = ir * KC;
                kernel(
                    kc,
                    ap,
                    r0,
                    r0 + Math.min(1, mr - 1) * KC,
                    r0 + Math.min(2, mr - 1) * KC,
                    r0 + Math.min(3, mr - 1) * KC,
                    r0 + Math.min(4, mr - 1) * KC,
                    bp,
                    jr * kc,
                    t,
                    to,
                    ldt,
                    more);
              } else if (packed) {
                kernelPacked(kc, ap, ir * KC, MR, bp, jr * kc, t, to, ldt, more);
              } else if (aps == 1) {
                // one B strip: A is read once, in place
                int a0 = ao + (ic + ir) * ars + pc * aps;
                int r1 = a0 + Math.min(1, mr - 1) * ars;
                int r2 = a0 + Math.min(2, mr - 1) * ars;
                int r3 = a0 + Math.min(3, mr - 1) * ars;
                int r4 = a0 + Math.min(4, mr - 1) * ars;
                kernel(kc, a, a0, r1, r2, r3, r4, bp, jr * kc, t, to, ldt, more);
              } else if (ars == 1 && mr == MR) {
                // a transposed A holds the MR rows of one depth step side by side
                int a0 = ao + (ic + ir) * ars + pc * aps;
                kernelPacked(kc, a, a0, aps, bp, jr * kc, t, to, ldt, more);
              } else {
                // the last rows: reading MR side by side would run past A, so pack them with zeros
                packA(a, ao + (ic + ir) * ars + pc * aps, ars, aps, mr, kc, ap);
                kernelPacked(kc, ap, 0, MR, bp, jr * kc, t, to, ldt, more);
              }
              if (!direct) {
                storeTile(tile, c, cij, crs, ccs, mr, nr);
              }
            }
          }
        }
      }
    }
  }

  /** Strips of NR columns, each kc x NR row-major at bp[j*kc], zero beyond nc. */
  private static void packB(float[] b, int base, int brs, int bcs, int kc, int nc, float[] bp) {
    for (int j = 0; j < nc; j += NR) {
      int nr = Math.min(NR, nc - j);
      int o = j * kc;
      if (bcs == 1 && nr == NR) {
        // two vector moves per row: an arraycopy call per 64 bytes costs more than the copy
        for (int p = 0, src = base + j, d = o; p < kc; p++, src += brs, d += NR) {
          FloatVector.fromArray(F, b, src).intoArray(bp, d);
          FloatVector.fromArray(F, b, src + L).intoArray(bp, d + L);
        }
      } else if (bcs == 1) {
        // the edge strip: masked loads read only the nr real columns and give zeros beyond
        VectorMask<Float> m0 = F.indexInRange(0, nr);
        VectorMask<Float> m1 = F.indexInRange(L, nr);
        for (int p = 0, src = base + j, d = o; p < kc; p++, src += brs, d += NR) {
          FloatVector.fromArray(F, b, src, m0).intoArray(bp, d);
          FloatVector.fromArray(F, b, src + L, m1).intoArray(bp, d + L);
        }
      } else {
        // transposed source: read each column along its contiguous depth
        int jj = 0;
        // eight columns per pass: eight read streams and eight adjacent stores per depth step
        for (; jj + 8 <= nr; jj += 8) {
          int s0 = base + (j + jj) * bcs;
          int d = o + jj;
          int p = 0;
          if (T8 && brs == 1) {
            // 8 x 8 blocks transposed in registers: a quarter of the scalar path's loads and stores
            for (; p + 8 <= kc; p += 8) {
              transpose8(b, s0 + p, bcs, bp, d + p * NR);
            }
          }
          for (; p < kc; p++) {
            int q = d + p * NR;
            int x = s0 + p * brs;
            bp[q] = b[x];
            bp[q + 1] = b[x + bcs];
            bp[q + 2] = b[x + 2 * bcs];
            bp[q + 3] = b[x + 3 * bcs];
            bp[q + 4] = b[x + 4 * bcs];
            bp[q + 5] = b[x + 5 * bcs];
            bp[q + 6] = b[x + 6 * bcs];
            bp[q + 7] = b[x + 7 * bcs];
          }
        }
        for (; jj < nr; jj++) {
          int src = base + (j + jj) * bcs;
          int d = o + jj;
          for (int p = 0; p < kc; p++) {
            bp[d + p * NR] = b[src + p * brs];
          }
        }
        if (nr < NR) {
          for (int p = 0; p < kc; p++) {
            Arrays.fill(bp, o + p * NR + nr, o + p * NR + NR, 0f);
          }
        }
      }
    }
  }

  /**
   * dst[d + q*NR + c] = src[s + c*stride + q] for c, q &lt; 8. Three butterfly stages, each
   * exchanging one bit of the row index with the same bit of the lane index (a rearrange and a
   * blend per row), turn rows into columns.
   */
  private static void transpose8(float[] src, int s, int stride, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(F8, src, s);
    FloatVector r1 = FloatVector.fromArray(F8, src, s + stride);
    FloatVector r2 = FloatVector.fromArray(F8, src, s + 2 * stride);
    FloatVector r3 = FloatVector.fromArray(F8, src, s + 3 * stride);
    FloatVector r4 = FloatVector.fromArray(F8, src, s + 4 * stride);
    FloatVector r5 = FloatVector.fromArray(F8, src, s + 5 * stride);
    FloatVector r6 = FloatVector.fromArray(F8, src, s + 6 * stride);
    FloatVector r7 = FloatVector.fromArray(F8, src, s + 7 * stride);
    FloatVector x0 = r0.blend(r4.rearrange(SWAP4), HI4);
    FloatVector x4 = r0.rearrange(SWAP4).blend(r4, HI4);
    FloatVector x1 = r1.blend(r5.rearrange(SWAP4), HI4);
    FloatVector x5 = r1.rearrange(SWAP4).blend(r5, HI4);
    FloatVector x2 = r2.blend(r6.rearrange(SWAP4), HI4);
    FloatVector x6 = r2.rearrange(SWAP4).blend(r6, HI4);
    FloatVector x3 = r3.blend(r7.rearrange(SWAP4), HI4);
    FloatVector x7 = r3.rearrange(SWAP4).blend(r7, HI4);
    FloatVector y0 = x0.blend(x2.rearrange(SWAP2), HI2);
    FloatVector y2 = x0.rearrange(SWAP2).blend(x2, HI2);
    FloatVector y1 = x1.blend(x3.rearrange(SWAP2), HI2);
    FloatVector y3 = x1.rearrange(SWAP2).blend(x3, HI2);
    FloatVector y4 = x4.blend(x6.rearrange(SWAP2), HI2);
    FloatVector y6 = x4.rearrange(SWAP2).blend(x6, HI2);
    FloatVector y5 = x5.blend(x7.rearrange(SWAP2), HI2);
    FloatVector y7 = x5.rearrange(SWAP2).blend(x7, HI2);
    y0.blend(y1.rearrange(SWAP1), HI1).intoArray(dst, d);
    y0.rearrange(SWAP1).blend(y1, HI1).intoArray(dst, d + NR);
    y2.blend(y3.rearrange(SWAP1), HI1).intoArray(dst, d + 2 * NR);
    y2.rearrange(SWAP1).blend(y3, HI1).intoArray(dst, d + 3 * NR);
    y4.blend(y5.rearrange(SWAP1), HI1).intoArray(dst, d + 4 * NR);
    y4.rearrange(SWAP1).blend(y5, HI1).intoArray(dst, d + 5 * NR);
    y6.blend(y7.rearrange(SWAP1), HI1).intoArray(dst, d + 6 * NR);
    y6.rearrange(SWAP1).blend(y7, HI1).intoArray(dst, d + 7 * NR);
  }

  /**
   * mc rows of A (A(r, p) = a[base + r*ars + p*aps]) for the kernels: rows along the depth as rows
   * KC apart (ap[r*KC + p]); a transposed A as p-major panels of MR rows at ap[ir*KC], row ir + r
   * at step p in ap[ir*KC + p*MR + r], rows past mc zero.
   */
  private static void packBlockA(
      float[] a, int base, int ars, int aps, int mc, int kc, float[] ap) {
    if (aps == 1) {
      for (int r = 0; r < mc; r++) {
        System.arraycopy(a, base + r * ars, ap, r * KC, kc);
      }
      return;
    }
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int o = ir * KC;
      if (mr == MR && ars == 1) {
        for (int p = 0, x = base + ir, d = o; p < kc; p++, x += aps, d += MR) {
          ap[d] = a[x];
          ap[d + 1] = a[x + 1];
          ap[d + 2] = a[x + 2];
          ap[d + 3] = a[x + 3];
          ap[d + 4] = a[x + 4];
        }
      } else {
        packA(a, base + ir * ars, ars, aps, mr, kc, ap, o);
      }
    }
  }

  /** mr rows of A as one p-major panel: A(r, p) at ap[p*MR + r], rows mr..MR-1 zero. */
  private static void packA(float[] a, int base, int ars, int aps, int mr, int kc, float[] ap) {
    packA(a, base, ars, aps, mr, kc, ap, 0);
  }

  private static void packA(
      float[] a, int base, int ars, int aps, int mr, int kc, float[] ap, int o) {
    for (int p = 0, d = o; p < kc; p++, d += MR) {
      int src = base + p * aps;
      for (int r = 0; r < MR; r++) {
        ap[d + r] = r < mr ? a[src + r * ars] : 0f;
      }
    }
  }

  private static void loadTile(float[] c, int cij, int crs, int ccs, int mr, int nr, float[] t) {
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

  private static void storeTile(float[] t, float[] c, int cij, int crs, int ccs, int mr, int nr) {
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
      float[] a,
      int r0,
      int r1,
      int r2,
      int r3,
      int r4,
      float[] bp,
      int bpo,
      float[] t,
      int to,
      int ldt,
      boolean more) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
    int t1 = to + ldt;
    int t2 = t1 + ldt;
    int t3 = t2 + ldt;
    int t4 = t3 + ldt;
    // every depth block starts its chains at zero and is added to C at the end: one chain over
    // the whole depth drifts (k = 4096: 2e-5 relative), blocks of KC keep it near OpenBLAS's 1e-6
    FloatVector z = FloatVector.zero(F);
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
    for (int p = 0; p < kc; p++) {
      int pb = bpo + p * NR;
      FloatVector b0 = FloatVector.fromArray(F, bp, pb);
      FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
      FloatVector x = FloatVector.broadcast(F, a[r0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(F, a[r1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(F, a[r2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(F, a[r3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(F, a[r4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
    }
    if (more) {
      c00 = c00.add(FloatVector.fromArray(F, t, to));
      c01 = c01.add(FloatVector.fromArray(F, t, to + L));
      c10 = c10.add(FloatVector.fromArray(F, t, t1));
      c11 = c11.add(FloatVector.fromArray(F, t, t1 + L));
      c20 = c20.add(FloatVector.fromArray(F, t, t2));
      c21 = c21.add(FloatVector.fromArray(F, t, t2 + L));
      c30 = c30.add(FloatVector.fromArray(F, t, t3));
      c31 = c31.add(FloatVector.fromArray(F, t, t3 + L));
      c40 = c40.add(FloatVector.fromArray(F, t, t4));
      c41 = c41.add(FloatVector.fromArray(F, t, t4 + L));
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

  /**
   * {@link #kernel} with the MR rows of a depth step side by side: row r at step p is ap[apo +
   * p*step + r] (step = MR for a packed panel, A's row stride for a transposed A read in place).
   * Same FMA order, so the same bits.
   */
  static void kernelPacked(
      int kc,
      float[] ap,
      int apo,
      int step,
      float[] bp,
      int bpo,
      float[] t,
      int to,
      int ldt,
      boolean more) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
    int t0 = to;
    int t1 = t0 + ldt;
    int t2 = t1 + ldt;
    int t3 = t2 + ldt;
    int t4 = t3 + ldt;
    FloatVector z = FloatVector.zero(F);
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
    int p = 0;
    int pa = apo;
    int pb = bpo;
    // two depth steps per trip: C2 does not unroll this loop, and its counter, bounds checks and
    // branch took a fifth of the issue slots beside 10 FMAs
    for (; p + 2 <= kc; p += 2, pa += 2 * step, pb += 2 * NR) {
      int pa1 = pa + step;
      {
        FloatVector b0 = FloatVector.fromArray(F, bp, pb);
        FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
        FloatVector x = FloatVector.broadcast(F, ap[pa]);
        c00 = x.fma(b0, c00);
        c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(F, ap[pa + 1]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(F, ap[pa + 2]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(F, ap[pa + 3]);
        c30 = x.fma(b0, c30);
        c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(F, ap[pa + 4]);
        c40 = x.fma(b0, c40);
        c41 = x.fma(b1, c41);
      }
      {
        FloatVector b0 = FloatVector.fromArray(F, bp, pb + NR);
        FloatVector b1 = FloatVector.fromArray(F, bp, pb + NR + L);
        FloatVector x = FloatVector.broadcast(F, ap[pa1]);
        c00 = x.fma(b0, c00);
        c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(F, ap[pa1 + 1]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(F, ap[pa1 + 2]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(F, ap[pa1 + 3]);
        c30 = x.fma(b0, c30);
        c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(F, ap[pa1 + 4]);
        c40 = x.fma(b0, c40);
        c41 = x.fma(b1, c41);
      }
    }
    for (; p < kc; p++, pa += step, pb += NR) {
      FloatVector b0 = FloatVector.fromArray(F, bp, pb);
      FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
      FloatVector x = FloatVector.broadcast(F, ap[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(F, ap[pa + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(F, ap[pa + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(F, ap[pa + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(F, ap[pa + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
    }
    if (more) {
      c00 = c00.add(FloatVector.fromArray(F, t, t0));
      c01 = c01.add(FloatVector.fromArray(F, t, t0 + L));
      c10 = c10.add(FloatVector.fromArray(F, t, t1));
      c11 = c11.add(FloatVector.fromArray(F, t, t1 + L));
      c20 = c20.add(FloatVector.fromArray(F, t, t2));
      c21 = c21.add(FloatVector.fromArray(F, t, t2 + L));
      c30 = c30.add(FloatVector.fromArray(F, t, t3));
      c31 = c31.add(FloatVector.fromArray(F, t, t3 + L));
      c40 = c40.add(FloatVector.fromArray(F, t, t4));
      c41 = c41.add(FloatVector.fromArray(F, t, t4 + L));
    }
    c00.intoArray(t, t0);
    c01.intoArray(t, t0 + L);
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
    final float[] ap = new float[MC * KC]; // standards: allow once-per-thread packing buffer
    final float[] bp = new float[KC * NC]; // standards: allow once-per-thread packing buffer
    final float[] tile = new float[MR * NR]; // standards: allow once-per-thread packing buffer
  }

  /** One rectangle of C on a fork-join worker. */
  private static final class Part implements Runnable {
    private final float[] a;
    private final float[] b;
    private final float[] c;
    private final int ao, ars, aps, bo, brs, bcs, co, crs, ccs, i0, i1, j0, j1, k;

    Part(
        float[] a,
        int ao,
        int ars,
        int aps,
        float[] b,
        int bo,
        int brs,
        int bcs,
        float[] c,
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
