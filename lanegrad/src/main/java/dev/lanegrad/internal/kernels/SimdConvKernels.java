package dev.lanegrad.internal.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernels} on the Vector API: register tiles of output channels along the lanes, no
 * im2col. The forward holds a few output pixels x up to 4 vectors of channels in registers and, per
 * depth step (one flat loop over the depth, its offsets from a table), loads the filter row once
 * and broadcasts one input cell per pixel (the NHWC input already holds each window row's channels
 * side by side, so it is its own packed panel); the filter gradient holds a few depth rows x up to
 * 4 vectors and runs over the pixels, loading each upstream row once. Channels past the last full
 * vector go to {@link ScalarConvKernels}'s per-column loops. Each accumulator is one output's chain
 * of fused multiply-adds in the order {@link ConvKernels} fixes, so the bits are the scalar twin's.
 * The tiles are written out for 4, 2 and 1 vectors: a loop over an array of vectors would keep them
 * in memory, not registers. The accumulators start from {@code FloatVector.zero(S)} in each method,
 * never from a static final vector: C2 cannot unbox a loop phi fed by a constant vector object, and
 * boxed every lane op (2 GFLOP/s instead of 110).
 */
final class SimdConvKernels implements ConvKernels {
  // species in static finals: as a parameter, every lane op boxes
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /**
   * Bytes of a forward block's filter slice at 4 vectors a row (see {@link #blockRows}); the
   * narrower tiles take as many rows (128 at 16 lanes), so half or a quarter of it. The 13x13x32
   * forward (4 vectors) ran 5-10 % faster with 32 KiB than with 16; its input gradient (2 vectors)
   * was faster with 16 KiB in two quieter pairs (1.70 against 1.77-2.03 ms, load 5) and slower in
   * two loaded ones, so it keeps the 128 rows it had.
   */
  static final int FORWARD_BLOCK_BYTES = 32 << 10;

  /**
   * Bytes of a filter-gradient block's upstream slice: a third of a 48 KiB L1 (32 KiB ran the
   * 13x13x32 filter gradient 15-20 % slower: the slice and the input rows no longer fit).
   */
  static final int FILTER_BLOCK_BYTES = 16 << 10;

  /** Input channels from which the forward tiles loop over whole taps, then their channels. */
  static final int TAPS_MIN_CHANNELS = 8;

  @Override
  public void forwardF32(
      ConvGeometry g,
      int ws,
      float[] xs,
      int xo,
      float[] f,
      float[] y,
      int yo,
      int[] pix,
      int[] koff) {
    int o = g.o;
    int pixels = g.oh * g.ow;
    int depth = g.depth();
    int ob = 0;
    for (; ob + 4 * L <= o; ob += 4 * L) {
      int kb = taps(g, blockRows(FORWARD_BLOCK_BYTES, 4));
      for (int k0 = 0; k0 < depth; k0 += kb) {
        int k1 = Math.min(depth, k0 + kb);
        for (int p = 0; p < pixels; p += 4) {
          forward4(g, xs, xo, f, y, yo, pix, koff, p, ob, k0, k1);
        }
      }
    }
    if (ob + 2 * L <= o) {
      int kb = taps(g, blockRows(FORWARD_BLOCK_BYTES, 4));
      for (int k0 = 0; k0 < depth; k0 += kb) {
        int k1 = Math.min(depth, k0 + kb);
        for (int p = 0; p < pixels; p += 6) {
          forward2(g, xs, xo, f, y, yo, pix, koff, p, ob, k0, k1);
        }
      }
      ob += 2 * L;
    }
    if (ob + L <= o) {
      int kb = taps(g, blockRows(FORWARD_BLOCK_BYTES, 4));
      for (int k0 = 0; k0 < depth; k0 += kb) {
        int k1 = Math.min(depth, k0 + kb);
        for (int p = 0; p < pixels; p += 6) {
          forward1(g, xs, xo, f, y, yo, pix, koff, p, ob, k0, k1);
        }
      }
      ob += L;
    }
    if (ob < o) {
      ScalarConvKernels.forwardColumns(g, ws, xs, xo, f, y, yo, ob, o);
    }
  }

  /**
   * Rows of a block of {@code vectors} vectors per row that fits in {@code bytes}: the forward runs
   * the depth a block at a time (the filter slice stays in L1 while every pixel tile passes over
   * it), the filter gradient the pixels (the upstream rows stay in L1 while every depth tile passes
   * over them). Between blocks each accumulator is stored and loaded again, which keeps its chain
   * of fused multiply-adds, so the bits do not depend on the blocking.
   */
  private static int blockRows(int bytes, int vectors) {
    return Math.max(1, bytes / (vectors * L * Float.BYTES));
  }

  /** {@code rows} rounded down to whole taps (at least one) where the tiles loop over taps. */
  private static int taps(ConvGeometry g, int rows) {
    return g.c >= TAPS_MIN_CHANNELS ? Math.max(1, rows / g.c) * g.c : rows;
  }

  @Override
  public void filterF32(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      int m,
      float[] dy,
      int dyo,
      float[] part,
      int po) {
    int o = g.o;
    int depth = g.depth();
    int ow = Math.max(1, g.ow);
    // depth rows' offsets from the window corner: no division per tile
    int[] koff = DirectConvolution.tables(g, ws)[1];
    int ob = 0;
    for (; ob + 4 * L <= o; ob += 4 * L) {
      int rb = Math.max(1, blockRows(FILTER_BLOCK_BYTES, 4) / ow);
      for (int i = 0; i < m; i++) {
        for (int oy0 = 0; oy0 < g.oh; oy0 += rb) {
          int oy1 = Math.min(g.oh, oy0 + rb);
          for (int k0 = 0; k0 < depth; k0 += 4) {
            filter4(g, hs, ws, xs, xo, dy, dyo, part, po, koff, i, oy0, oy1, k0, ob);
          }
        }
      }
    }
    if (ob + 2 * L <= o) {
      int rb = Math.max(1, blockRows(FILTER_BLOCK_BYTES, 2) / ow);
      for (int i = 0; i < m; i++) {
        for (int oy0 = 0; oy0 < g.oh; oy0 += rb) {
          int oy1 = Math.min(g.oh, oy0 + rb);
          for (int k0 = 0; k0 < depth; k0 += 6) {
            filter2(g, hs, ws, xs, xo, dy, dyo, part, po, koff, i, oy0, oy1, k0, ob);
          }
        }
      }
      ob += 2 * L;
    }
    if (ob + L <= o) {
      int rb = Math.max(1, blockRows(FILTER_BLOCK_BYTES, 1) / ow);
      for (int i = 0; i < m; i++) {
        for (int oy0 = 0; oy0 < g.oh; oy0 += rb) {
          int oy1 = Math.min(g.oh, oy0 + rb);
          for (int k0 = 0; k0 < depth; k0 += 6) {
            filter1(g, hs, ws, xs, xo, dy, dyo, part, po, koff, i, oy0, oy1, k0, ob);
          }
        }
      }
      ob += L;
    }
    if ((m == 0 || g.oh == 0) && ob > 0) {
      Arrays.fill(part, po, po + depth * o, 0f);
    }
    if (ob < o) {
      ScalarConvKernels.filterColumns(g, hs, ws, xs, xo, m, dy, dyo, part, po, ob, o);
    }
  }

  // 4 pixels x 4 vectors of output channels: 16 accumulators; pixels past the image's end
  // repeat its last one (computed, never stored), so a tail costs one tile
  private static void forward4(
      ConvGeometry g,
      float[] xs,
      int xo,
      float[] f,
      float[] y,
      int yo,
      int[] pix,
      int[] koff,
      int p,
      int ob,
      int k0,
      int k1) {
    int o = g.o;
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    int y0 = yo + Math.min(p + 0, last) * o + ob;
    int y1 = yo + Math.min(p + 1, last) * o + ob;
    int y2 = yo + Math.min(p + 2, last) * o + ob;
    int y3 = yo + Math.min(p + 3, last) * o + ob;
    FloatVector a00 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0);
    FloatVector a01 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0 + L);
    FloatVector a02 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0 + 2 * L);
    FloatVector a03 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0 + 3 * L);
    FloatVector a10 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1);
    FloatVector a11 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1 + L);
    FloatVector a12 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1 + 2 * L);
    FloatVector a13 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1 + 3 * L);
    FloatVector a20 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2);
    FloatVector a21 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2 + L);
    FloatVector a22 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2 + 2 * L);
    FloatVector a23 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2 + 3 * L);
    FloatVector a30 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3);
    FloatVector a31 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3 + L);
    FloatVector a32 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3 + 2 * L);
    FloatVector a33 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3 + 3 * L);
    int c = g.c;
    if (c >= TAPS_MIN_CHANNELS && k0 % c == 0 && k1 % c == 0) {
      // whole taps (see forward2)
      for (int t = k0 / c, t1 = k1 / c; t < t1; t++) {
        int base = koff[t * c];
        int b0 = x0 + base;
        int b1 = x1 + base;
        int b2 = x2 + base;
        int b3 = x3 + base;
        for (int ci = 0, fi = t * c * o + ob; ci < c; ci++, fi += o) {
          FloatVector w0 = FloatVector.fromArray(S, f, fi);
          FloatVector w1 = FloatVector.fromArray(S, f, fi + L);
          FloatVector w2 = FloatVector.fromArray(S, f, fi + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, f, fi + 3 * L);
          FloatVector v0 = FloatVector.broadcast(S, xs[b0 + ci]);
          a00 = v0.fma(w0, a00);
          a01 = v0.fma(w1, a01);
          a02 = v0.fma(w2, a02);
          a03 = v0.fma(w3, a03);
          FloatVector v1 = FloatVector.broadcast(S, xs[b1 + ci]);
          a10 = v1.fma(w0, a10);
          a11 = v1.fma(w1, a11);
          a12 = v1.fma(w2, a12);
          a13 = v1.fma(w3, a13);
          FloatVector v2 = FloatVector.broadcast(S, xs[b2 + ci]);
          a20 = v2.fma(w0, a20);
          a21 = v2.fma(w1, a21);
          a22 = v2.fma(w2, a22);
          a23 = v2.fma(w3, a23);
          FloatVector v3 = FloatVector.broadcast(S, xs[b3 + ci]);
          a30 = v3.fma(w0, a30);
          a31 = v3.fma(w1, a31);
          a32 = v3.fma(w2, a32);
          a33 = v3.fma(w3, a33);
        }
      }
    } else {
      for (int k = k0, fi = k0 * o + ob; k < k1; k++, fi += o) {
        int off = koff[k];
        FloatVector w0 = FloatVector.fromArray(S, f, fi);
        FloatVector w1 = FloatVector.fromArray(S, f, fi + L);
        FloatVector w2 = FloatVector.fromArray(S, f, fi + 2 * L);
        FloatVector w3 = FloatVector.fromArray(S, f, fi + 3 * L);
        FloatVector v0 = FloatVector.broadcast(S, xs[x0 + off]);
        a00 = v0.fma(w0, a00);
        a01 = v0.fma(w1, a01);
        a02 = v0.fma(w2, a02);
        a03 = v0.fma(w3, a03);
        FloatVector v1 = FloatVector.broadcast(S, xs[x1 + off]);
        a10 = v1.fma(w0, a10);
        a11 = v1.fma(w1, a11);
        a12 = v1.fma(w2, a12);
        a13 = v1.fma(w3, a13);
        FloatVector v2 = FloatVector.broadcast(S, xs[x2 + off]);
        a20 = v2.fma(w0, a20);
        a21 = v2.fma(w1, a21);
        a22 = v2.fma(w2, a22);
        a23 = v2.fma(w3, a23);
        FloatVector v3 = FloatVector.broadcast(S, xs[x3 + off]);
        a30 = v3.fma(w0, a30);
        a31 = v3.fma(w1, a31);
        a32 = v3.fma(w2, a32);
        a33 = v3.fma(w3, a33);
      }
    }
    int yi = yo + p * o + ob;
    a00.intoArray(y, yi);
    a01.intoArray(y, yi + L);
    a02.intoArray(y, yi + 2 * L);
    a03.intoArray(y, yi + 3 * L);
    yi += o;
    if (p + 1 > last) {
      return;
    }
    a10.intoArray(y, yi);
    a11.intoArray(y, yi + L);
    a12.intoArray(y, yi + 2 * L);
    a13.intoArray(y, yi + 3 * L);
    yi += o;
    if (p + 2 > last) {
      return;
    }
    a20.intoArray(y, yi);
    a21.intoArray(y, yi + L);
    a22.intoArray(y, yi + 2 * L);
    a23.intoArray(y, yi + 3 * L);
    yi += o;
    if (p + 3 > last) {
      return;
    }
    a30.intoArray(y, yi);
    a31.intoArray(y, yi + L);
    a32.intoArray(y, yi + 2 * L);
    a33.intoArray(y, yi + 3 * L);
  }

  // 6 pixels x 2 vectors of output channels: 12 accumulators; pixels past the image's end
  // repeat its last one (computed, never stored), so a tail costs one tile
  private static void forward2(
      ConvGeometry g,
      float[] xs,
      int xo,
      float[] f,
      float[] y,
      int yo,
      int[] pix,
      int[] koff,
      int p,
      int ob,
      int k0,
      int k1) {
    int o = g.o;
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    int x4 = xo + pix[Math.min(p + 4, last)];
    int x5 = xo + pix[Math.min(p + 5, last)];
    int y0 = yo + Math.min(p + 0, last) * o + ob;
    int y1 = yo + Math.min(p + 1, last) * o + ob;
    int y2 = yo + Math.min(p + 2, last) * o + ob;
    int y3 = yo + Math.min(p + 3, last) * o + ob;
    int y4 = yo + Math.min(p + 4, last) * o + ob;
    int y5 = yo + Math.min(p + 5, last) * o + ob;
    FloatVector a00 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0);
    FloatVector a01 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0 + L);
    FloatVector a10 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1);
    FloatVector a11 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1 + L);
    FloatVector a20 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2);
    FloatVector a21 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2 + L);
    FloatVector a30 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3);
    FloatVector a31 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3 + L);
    FloatVector a40 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y4);
    FloatVector a41 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y4 + L);
    FloatVector a50 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y5);
    FloatVector a51 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y5 + L);
    int c = g.c;
    if (c >= TAPS_MIN_CHANNELS && k0 % c == 0 && k1 % c == 0) {
      // whole taps: the channel loop's index is an induction variable, so C2 drops the range
      // checks of the broadcasts instead of testing each table offset
      for (int t = k0 / c, t1 = k1 / c; t < t1; t++) {
        int base = koff[t * c];
        int b0 = x0 + base;
        int b1 = x1 + base;
        int b2 = x2 + base;
        int b3 = x3 + base;
        int b4 = x4 + base;
        int b5 = x5 + base;
        for (int ci = 0, fi = t * c * o + ob; ci < c; ci++, fi += o) {
          FloatVector w0 = FloatVector.fromArray(S, f, fi);
          FloatVector w1 = FloatVector.fromArray(S, f, fi + L);
          FloatVector v0 = FloatVector.broadcast(S, xs[b0 + ci]);
          a00 = v0.fma(w0, a00);
          a01 = v0.fma(w1, a01);
          FloatVector v1 = FloatVector.broadcast(S, xs[b1 + ci]);
          a10 = v1.fma(w0, a10);
          a11 = v1.fma(w1, a11);
          FloatVector v2 = FloatVector.broadcast(S, xs[b2 + ci]);
          a20 = v2.fma(w0, a20);
          a21 = v2.fma(w1, a21);
          FloatVector v3 = FloatVector.broadcast(S, xs[b3 + ci]);
          a30 = v3.fma(w0, a30);
          a31 = v3.fma(w1, a31);
          FloatVector v4 = FloatVector.broadcast(S, xs[b4 + ci]);
          a40 = v4.fma(w0, a40);
          a41 = v4.fma(w1, a41);
          FloatVector v5 = FloatVector.broadcast(S, xs[b5 + ci]);
          a50 = v5.fma(w0, a50);
          a51 = v5.fma(w1, a51);
        }
      }
    } else {
      for (int k = k0, fi = k0 * o + ob; k < k1; k++, fi += o) {
        int off = koff[k];
        FloatVector w0 = FloatVector.fromArray(S, f, fi);
        FloatVector w1 = FloatVector.fromArray(S, f, fi + L);
        FloatVector v0 = FloatVector.broadcast(S, xs[x0 + off]);
        a00 = v0.fma(w0, a00);
        a01 = v0.fma(w1, a01);
        FloatVector v1 = FloatVector.broadcast(S, xs[x1 + off]);
        a10 = v1.fma(w0, a10);
        a11 = v1.fma(w1, a11);
        FloatVector v2 = FloatVector.broadcast(S, xs[x2 + off]);
        a20 = v2.fma(w0, a20);
        a21 = v2.fma(w1, a21);
        FloatVector v3 = FloatVector.broadcast(S, xs[x3 + off]);
        a30 = v3.fma(w0, a30);
        a31 = v3.fma(w1, a31);
        FloatVector v4 = FloatVector.broadcast(S, xs[x4 + off]);
        a40 = v4.fma(w0, a40);
        a41 = v4.fma(w1, a41);
        FloatVector v5 = FloatVector.broadcast(S, xs[x5 + off]);
        a50 = v5.fma(w0, a50);
        a51 = v5.fma(w1, a51);
      }
    }
    int yi = yo + p * o + ob;
    a00.intoArray(y, yi);
    a01.intoArray(y, yi + L);
    yi += o;
    if (p + 1 > last) {
      return;
    }
    a10.intoArray(y, yi);
    a11.intoArray(y, yi + L);
    yi += o;
    if (p + 2 > last) {
      return;
    }
    a20.intoArray(y, yi);
    a21.intoArray(y, yi + L);
    yi += o;
    if (p + 3 > last) {
      return;
    }
    a30.intoArray(y, yi);
    a31.intoArray(y, yi + L);
    yi += o;
    if (p + 4 > last) {
      return;
    }
    a40.intoArray(y, yi);
    a41.intoArray(y, yi + L);
    yi += o;
    if (p + 5 > last) {
      return;
    }
    a50.intoArray(y, yi);
    a51.intoArray(y, yi + L);
  }

  // 6 pixels x 1 vector of output channels: 6 accumulators; pixels past the image's end
  // repeat its last one (computed, never stored), so a tail costs one tile
  private static void forward1(
      ConvGeometry g,
      float[] xs,
      int xo,
      float[] f,
      float[] y,
      int yo,
      int[] pix,
      int[] koff,
      int p,
      int ob,
      int k0,
      int k1) {
    int o = g.o;
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    int x4 = xo + pix[Math.min(p + 4, last)];
    int x5 = xo + pix[Math.min(p + 5, last)];
    int y0 = yo + Math.min(p + 0, last) * o + ob;
    int y1 = yo + Math.min(p + 1, last) * o + ob;
    int y2 = yo + Math.min(p + 2, last) * o + ob;
    int y3 = yo + Math.min(p + 3, last) * o + ob;
    int y4 = yo + Math.min(p + 4, last) * o + ob;
    int y5 = yo + Math.min(p + 5, last) * o + ob;
    FloatVector a00 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y0);
    FloatVector a10 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y1);
    FloatVector a20 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y2);
    FloatVector a30 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y3);
    FloatVector a40 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y4);
    FloatVector a50 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, y, y5);
    int c = g.c;
    if (c >= TAPS_MIN_CHANNELS && k0 % c == 0 && k1 % c == 0) {
      // whole taps (see forward2)
      for (int t = k0 / c, t1 = k1 / c; t < t1; t++) {
        int base = koff[t * c];
        int b0 = x0 + base;
        int b1 = x1 + base;
        int b2 = x2 + base;
        int b3 = x3 + base;
        int b4 = x4 + base;
        int b5 = x5 + base;
        for (int ci = 0, fi = t * c * o + ob; ci < c; ci++, fi += o) {
          FloatVector w0 = FloatVector.fromArray(S, f, fi);
          FloatVector v0 = FloatVector.broadcast(S, xs[b0 + ci]);
          a00 = v0.fma(w0, a00);
          FloatVector v1 = FloatVector.broadcast(S, xs[b1 + ci]);
          a10 = v1.fma(w0, a10);
          FloatVector v2 = FloatVector.broadcast(S, xs[b2 + ci]);
          a20 = v2.fma(w0, a20);
          FloatVector v3 = FloatVector.broadcast(S, xs[b3 + ci]);
          a30 = v3.fma(w0, a30);
          FloatVector v4 = FloatVector.broadcast(S, xs[b4 + ci]);
          a40 = v4.fma(w0, a40);
          FloatVector v5 = FloatVector.broadcast(S, xs[b5 + ci]);
          a50 = v5.fma(w0, a50);
        }
      }
    } else {
      for (int k = k0, fi = k0 * o + ob; k < k1; k++, fi += o) {
        int off = koff[k];
        FloatVector w0 = FloatVector.fromArray(S, f, fi);
        FloatVector v0 = FloatVector.broadcast(S, xs[x0 + off]);
        a00 = v0.fma(w0, a00);
        FloatVector v1 = FloatVector.broadcast(S, xs[x1 + off]);
        a10 = v1.fma(w0, a10);
        FloatVector v2 = FloatVector.broadcast(S, xs[x2 + off]);
        a20 = v2.fma(w0, a20);
        FloatVector v3 = FloatVector.broadcast(S, xs[x3 + off]);
        a30 = v3.fma(w0, a30);
        FloatVector v4 = FloatVector.broadcast(S, xs[x4 + off]);
        a40 = v4.fma(w0, a40);
        FloatVector v5 = FloatVector.broadcast(S, xs[x5 + off]);
        a50 = v5.fma(w0, a50);
      }
    }
    int yi = yo + p * o + ob;
    a00.intoArray(y, yi);
    yi += o;
    if (p + 1 > last) {
      return;
    }
    a10.intoArray(y, yi);
    yi += o;
    if (p + 2 > last) {
      return;
    }
    a20.intoArray(y, yi);
    yi += o;
    if (p + 3 > last) {
      return;
    }
    a30.intoArray(y, yi);
    yi += o;
    if (p + 4 > last) {
      return;
    }
    a40.intoArray(y, yi);
    yi += o;
    if (p + 5 > last) {
      return;
    }
    a50.intoArray(y, yi);
  }

  // 4 depth rows x 4 vectors of output channels: 16 accumulators over every pixel; rows
  // past the depth repeat the last one (the same value stored twice)
  private static void filter4(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int[] koff,
      int i,
      int oy0,
      int oy1,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff[Math.min(k0 + 0, depth - 1)];
    int r1 = koff[Math.min(k0 + 1, depth - 1)];
    int r2 = koff[Math.min(k0 + 2, depth - 1)];
    int r3 = koff[Math.min(k0 + 3, depth - 1)];
    boolean first = i == 0 && oy0 == 0;
    int p0 = po + ob + Math.min(k0 + 0, depth - 1) * o;
    int p1 = po + ob + Math.min(k0 + 1, depth - 1) * o;
    int p2 = po + ob + Math.min(k0 + 2, depth - 1) * o;
    int p3 = po + ob + Math.min(k0 + 3, depth - 1) * o;
    FloatVector a00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0);
    FloatVector a01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0 + L);
    FloatVector a02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0 + 2 * L);
    FloatVector a03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0 + 3 * L);
    FloatVector a10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1);
    FloatVector a11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1 + L);
    FloatVector a12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1 + 2 * L);
    FloatVector a13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1 + 3 * L);
    FloatVector a20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2);
    FloatVector a21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2 + L);
    FloatVector a22 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2 + 2 * L);
    FloatVector a23 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2 + 3 * L);
    FloatVector a30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3);
    FloatVector a31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3 + L);
    FloatVector a32 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3 + 2 * L);
    FloatVector a33 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3 + 3 * L);
    {
      int di = dyo + (i * pixels + oy0 * g.ow) * o + ob;
      for (int oy = oy0; oy < oy1; oy++) {
        int xb = xo + i * image + oy * rowStep;
        for (int ox = 0; ox < g.ow; ox++, xb += colStep, di += o) {
          FloatVector w0 = FloatVector.fromArray(S, dy, di);
          FloatVector w1 = FloatVector.fromArray(S, dy, di + L);
          FloatVector w2 = FloatVector.fromArray(S, dy, di + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, dy, di + 3 * L);
          FloatVector v0 = FloatVector.broadcast(S, xs[xb + r0]);
          a00 = v0.fma(w0, a00);
          a01 = v0.fma(w1, a01);
          a02 = v0.fma(w2, a02);
          a03 = v0.fma(w3, a03);
          FloatVector v1 = FloatVector.broadcast(S, xs[xb + r1]);
          a10 = v1.fma(w0, a10);
          a11 = v1.fma(w1, a11);
          a12 = v1.fma(w2, a12);
          a13 = v1.fma(w3, a13);
          FloatVector v2 = FloatVector.broadcast(S, xs[xb + r2]);
          a20 = v2.fma(w0, a20);
          a21 = v2.fma(w1, a21);
          a22 = v2.fma(w2, a22);
          a23 = v2.fma(w3, a23);
          FloatVector v3 = FloatVector.broadcast(S, xs[xb + r3]);
          a30 = v3.fma(w0, a30);
          a31 = v3.fma(w1, a31);
          a32 = v3.fma(w2, a32);
          a33 = v3.fma(w3, a33);
        }
      }
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a02.intoArray(part, p0 + 2 * L);
    a03.intoArray(part, p0 + 3 * L);
    a10.intoArray(part, p1);
    a11.intoArray(part, p1 + L);
    a12.intoArray(part, p1 + 2 * L);
    a13.intoArray(part, p1 + 3 * L);
    a20.intoArray(part, p2);
    a21.intoArray(part, p2 + L);
    a22.intoArray(part, p2 + 2 * L);
    a23.intoArray(part, p2 + 3 * L);
    a30.intoArray(part, p3);
    a31.intoArray(part, p3 + L);
    a32.intoArray(part, p3 + 2 * L);
    a33.intoArray(part, p3 + 3 * L);
  }

  // 6 depth rows x 2 vectors of output channels: 12 accumulators over every pixel; rows
  // past the depth repeat the last one (the same value stored twice)
  private static void filter2(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int[] koff,
      int i,
      int oy0,
      int oy1,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff[Math.min(k0 + 0, depth - 1)];
    int r1 = koff[Math.min(k0 + 1, depth - 1)];
    int r2 = koff[Math.min(k0 + 2, depth - 1)];
    int r3 = koff[Math.min(k0 + 3, depth - 1)];
    int r4 = koff[Math.min(k0 + 4, depth - 1)];
    int r5 = koff[Math.min(k0 + 5, depth - 1)];
    boolean first = i == 0 && oy0 == 0;
    int p0 = po + ob + Math.min(k0 + 0, depth - 1) * o;
    int p1 = po + ob + Math.min(k0 + 1, depth - 1) * o;
    int p2 = po + ob + Math.min(k0 + 2, depth - 1) * o;
    int p3 = po + ob + Math.min(k0 + 3, depth - 1) * o;
    int p4 = po + ob + Math.min(k0 + 4, depth - 1) * o;
    int p5 = po + ob + Math.min(k0 + 5, depth - 1) * o;
    FloatVector a00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0);
    FloatVector a01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0 + L);
    FloatVector a10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1);
    FloatVector a11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1 + L);
    FloatVector a20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2);
    FloatVector a21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2 + L);
    FloatVector a30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3);
    FloatVector a31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3 + L);
    FloatVector a40 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p4);
    FloatVector a41 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p4 + L);
    FloatVector a50 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p5);
    FloatVector a51 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p5 + L);
    {
      int di = dyo + (i * pixels + oy0 * g.ow) * o + ob;
      for (int oy = oy0; oy < oy1; oy++) {
        int xb = xo + i * image + oy * rowStep;
        for (int ox = 0; ox < g.ow; ox++, xb += colStep, di += o) {
          FloatVector w0 = FloatVector.fromArray(S, dy, di);
          FloatVector w1 = FloatVector.fromArray(S, dy, di + L);
          FloatVector v0 = FloatVector.broadcast(S, xs[xb + r0]);
          a00 = v0.fma(w0, a00);
          a01 = v0.fma(w1, a01);
          FloatVector v1 = FloatVector.broadcast(S, xs[xb + r1]);
          a10 = v1.fma(w0, a10);
          a11 = v1.fma(w1, a11);
          FloatVector v2 = FloatVector.broadcast(S, xs[xb + r2]);
          a20 = v2.fma(w0, a20);
          a21 = v2.fma(w1, a21);
          FloatVector v3 = FloatVector.broadcast(S, xs[xb + r3]);
          a30 = v3.fma(w0, a30);
          a31 = v3.fma(w1, a31);
          FloatVector v4 = FloatVector.broadcast(S, xs[xb + r4]);
          a40 = v4.fma(w0, a40);
          a41 = v4.fma(w1, a41);
          FloatVector v5 = FloatVector.broadcast(S, xs[xb + r5]);
          a50 = v5.fma(w0, a50);
          a51 = v5.fma(w1, a51);
        }
      }
    }
    a00.intoArray(part, p0);
    a01.intoArray(part, p0 + L);
    a10.intoArray(part, p1);
    a11.intoArray(part, p1 + L);
    a20.intoArray(part, p2);
    a21.intoArray(part, p2 + L);
    a30.intoArray(part, p3);
    a31.intoArray(part, p3 + L);
    a40.intoArray(part, p4);
    a41.intoArray(part, p4 + L);
    a50.intoArray(part, p5);
    a51.intoArray(part, p5 + L);
  }

  // 6 depth rows x 1 vector of output channels: 6 accumulators over every pixel; rows
  // past the depth repeat the last one (the same value stored twice)
  private static void filter1(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int[] koff,
      int i,
      int oy0,
      int oy1,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff[Math.min(k0 + 0, depth - 1)];
    int r1 = koff[Math.min(k0 + 1, depth - 1)];
    int r2 = koff[Math.min(k0 + 2, depth - 1)];
    int r3 = koff[Math.min(k0 + 3, depth - 1)];
    int r4 = koff[Math.min(k0 + 4, depth - 1)];
    int r5 = koff[Math.min(k0 + 5, depth - 1)];
    boolean first = i == 0 && oy0 == 0;
    int p0 = po + ob + Math.min(k0 + 0, depth - 1) * o;
    int p1 = po + ob + Math.min(k0 + 1, depth - 1) * o;
    int p2 = po + ob + Math.min(k0 + 2, depth - 1) * o;
    int p3 = po + ob + Math.min(k0 + 3, depth - 1) * o;
    int p4 = po + ob + Math.min(k0 + 4, depth - 1) * o;
    int p5 = po + ob + Math.min(k0 + 5, depth - 1) * o;
    FloatVector a00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p0);
    FloatVector a10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p1);
    FloatVector a20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p2);
    FloatVector a30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p3);
    FloatVector a40 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p4);
    FloatVector a50 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, part, p5);
    {
      int di = dyo + (i * pixels + oy0 * g.ow) * o + ob;
      for (int oy = oy0; oy < oy1; oy++) {
        int xb = xo + i * image + oy * rowStep;
        for (int ox = 0; ox < g.ow; ox++, xb += colStep, di += o) {
          FloatVector w0 = FloatVector.fromArray(S, dy, di);
          FloatVector v0 = FloatVector.broadcast(S, xs[xb + r0]);
          a00 = v0.fma(w0, a00);
          FloatVector v1 = FloatVector.broadcast(S, xs[xb + r1]);
          a10 = v1.fma(w0, a10);
          FloatVector v2 = FloatVector.broadcast(S, xs[xb + r2]);
          a20 = v2.fma(w0, a20);
          FloatVector v3 = FloatVector.broadcast(S, xs[xb + r3]);
          a30 = v3.fma(w0, a30);
          FloatVector v4 = FloatVector.broadcast(S, xs[xb + r4]);
          a40 = v4.fma(w0, a40);
          FloatVector v5 = FloatVector.broadcast(S, xs[xb + r5]);
          a50 = v5.fma(w0, a50);
        }
      }
    }
    a00.intoArray(part, p0);
    a10.intoArray(part, p1);
    a20.intoArray(part, p2);
    a30.intoArray(part, p3);
    a40.intoArray(part, p4);
    a50.intoArray(part, p5);
  }
}
