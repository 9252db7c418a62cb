package dev.lanegrad.internal.kernels;

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
    int ob = 0;
    for (; true && ob + 4 * L <= o; ob += 4 * L) {
      for (int p = 0; p < pixels; p += 4) {
        forward4(g, xs, xo, f, y, yo, pix, koff, p, ob);
      }
    }
    if (ob + 2 * L <= o) {
      for (int p = 0; p < pixels; p += 6) {
        forward2(g, xs, xo, f, y, yo, pix, koff, p, ob);
      }
      ob += 2 * L;
    }
    if (ob + L <= o) {
      for (int p = 0; p < pixels; p += 6) {
        forward1(g, xs, xo, f, y, yo, pix, koff, p, ob);
      }
      ob += L;
    }
    if (ob < o) {
      ScalarConvKernels.forwardColumns(g, ws, xs, xo, f, y, yo, ob, o);
    }
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
    int ob = 0;
    for (; true && ob + 4 * L <= o; ob += 4 * L) {
      for (int k0 = 0; k0 < depth; k0 += 4) {
        filter4(g, hs, ws, xs, xo, m, dy, dyo, part, po, k0, ob);
      }
    }
    if (ob + 2 * L <= o) {
      for (int k0 = 0; k0 < depth; k0 += 6) {
        filter2(g, hs, ws, xs, xo, m, dy, dyo, part, po, k0, ob);
      }
      ob += 2 * L;
    }
    if (ob + L <= o) {
      for (int k0 = 0; k0 < depth; k0 += 6) {
        filter1(g, hs, ws, xs, xo, m, dy, dyo, part, po, k0, ob);
      }
      ob += L;
    }
    if (ob < o) {
      ScalarConvKernels.filterColumns(g, hs, ws, xs, xo, m, dy, dyo, part, po, ob, o);
    }
  }

  /** Offset of depth row {@code k = (ky, kx, ci)} from a window's corner. */
  private static int koff(ConvGeometry g, int ws, int k) {
    int t = k / g.c;
    return ((t / g.kw) * g.dh * ws + (t % g.kw) * g.dw) * g.c + k % g.c;
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
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = FloatVector.zero(S);
    FloatVector a02 = FloatVector.zero(S);
    FloatVector a03 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a11 = FloatVector.zero(S);
    FloatVector a12 = FloatVector.zero(S);
    FloatVector a13 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a21 = FloatVector.zero(S);
    FloatVector a22 = FloatVector.zero(S);
    FloatVector a23 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a31 = FloatVector.zero(S);
    FloatVector a32 = FloatVector.zero(S);
    FloatVector a33 = FloatVector.zero(S);
    for (int k = 0, fi = ob; k < depth; k++, fi += o) {
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
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    int x4 = xo + pix[Math.min(p + 4, last)];
    int x5 = xo + pix[Math.min(p + 5, last)];
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a11 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a21 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a31 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S);
    FloatVector a41 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S);
    FloatVector a51 = FloatVector.zero(S);
    for (int k = 0, fi = ob; k < depth; k++, fi += o) {
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
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int last = g.oh * g.ow - 1;
    int x0 = xo + pix[Math.min(p + 0, last)];
    int x1 = xo + pix[Math.min(p + 1, last)];
    int x2 = xo + pix[Math.min(p + 2, last)];
    int x3 = xo + pix[Math.min(p + 3, last)];
    int x4 = xo + pix[Math.min(p + 4, last)];
    int x5 = xo + pix[Math.min(p + 5, last)];
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S);
    for (int k = 0, fi = ob; k < depth; k++, fi += o) {
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
      int m,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff(g, ws, Math.min(k0 + 0, depth - 1));
    int r1 = koff(g, ws, Math.min(k0 + 1, depth - 1));
    int r2 = koff(g, ws, Math.min(k0 + 2, depth - 1));
    int r3 = koff(g, ws, Math.min(k0 + 3, depth - 1));
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = FloatVector.zero(S);
    FloatVector a02 = FloatVector.zero(S);
    FloatVector a03 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a11 = FloatVector.zero(S);
    FloatVector a12 = FloatVector.zero(S);
    FloatVector a13 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a21 = FloatVector.zero(S);
    FloatVector a22 = FloatVector.zero(S);
    FloatVector a23 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a31 = FloatVector.zero(S);
    FloatVector a32 = FloatVector.zero(S);
    FloatVector a33 = FloatVector.zero(S);
    for (int i = 0; i < m; i++) {
      int di = dyo + i * pixels * o + ob;
      for (int oy = 0; oy < g.oh; oy++) {
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
    int pi = po + ob;
    a00.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o);
    a01.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o + L);
    a02.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o + 2 * L);
    a03.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o + 3 * L);
    a10.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o);
    a11.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o + L);
    a12.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o + 2 * L);
    a13.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o + 3 * L);
    a20.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o);
    a21.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o + L);
    a22.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o + 2 * L);
    a23.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o + 3 * L);
    a30.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o);
    a31.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o + L);
    a32.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o + 2 * L);
    a33.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o + 3 * L);
  }

  // 6 depth rows x 2 vectors of output channels: 12 accumulators over every pixel; rows
  // past the depth repeat the last one (the same value stored twice)
  private static void filter2(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      int m,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff(g, ws, Math.min(k0 + 0, depth - 1));
    int r1 = koff(g, ws, Math.min(k0 + 1, depth - 1));
    int r2 = koff(g, ws, Math.min(k0 + 2, depth - 1));
    int r3 = koff(g, ws, Math.min(k0 + 3, depth - 1));
    int r4 = koff(g, ws, Math.min(k0 + 4, depth - 1));
    int r5 = koff(g, ws, Math.min(k0 + 5, depth - 1));
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a11 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a21 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a31 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S);
    FloatVector a41 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S);
    FloatVector a51 = FloatVector.zero(S);
    for (int i = 0; i < m; i++) {
      int di = dyo + i * pixels * o + ob;
      for (int oy = 0; oy < g.oh; oy++) {
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
    int pi = po + ob;
    a00.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o);
    a01.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o + L);
    a10.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o);
    a11.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o + L);
    a20.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o);
    a21.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o + L);
    a30.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o);
    a31.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o + L);
    a40.intoArray(part, pi + Math.min(k0 + 4, depth - 1) * o);
    a41.intoArray(part, pi + Math.min(k0 + 4, depth - 1) * o + L);
    a50.intoArray(part, pi + Math.min(k0 + 5, depth - 1) * o);
    a51.intoArray(part, pi + Math.min(k0 + 5, depth - 1) * o + L);
  }

  // 6 depth rows x 1 vector of output channels: 6 accumulators over every pixel; rows
  // past the depth repeat the last one (the same value stored twice)
  private static void filter1(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      int m,
      float[] dy,
      int dyo,
      float[] part,
      int po,
      int k0,
      int ob) {
    int o = g.o;
    int depth = g.depth();
    int image = hs * ws * g.c;
    int pixels = g.oh * g.ow;
    int rowStep = g.sh * ws * g.c;
    int colStep = g.sw * g.c;
    int r0 = koff(g, ws, Math.min(k0 + 0, depth - 1));
    int r1 = koff(g, ws, Math.min(k0 + 1, depth - 1));
    int r2 = koff(g, ws, Math.min(k0 + 2, depth - 1));
    int r3 = koff(g, ws, Math.min(k0 + 3, depth - 1));
    int r4 = koff(g, ws, Math.min(k0 + 4, depth - 1));
    int r5 = koff(g, ws, Math.min(k0 + 5, depth - 1));
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S);
    for (int i = 0; i < m; i++) {
      int di = dyo + i * pixels * o + ob;
      for (int oy = 0; oy < g.oh; oy++) {
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
    int pi = po + ob;
    a00.intoArray(part, pi + Math.min(k0 + 0, depth - 1) * o);
    a10.intoArray(part, pi + Math.min(k0 + 1, depth - 1) * o);
    a20.intoArray(part, pi + Math.min(k0 + 2, depth - 1) * o);
    a30.intoArray(part, pi + Math.min(k0 + 3, depth - 1) * o);
    a40.intoArray(part, pi + Math.min(k0 + 4, depth - 1) * o);
    a50.intoArray(part, pi + Math.min(k0 + 5, depth - 1) * o);
  }
}
