package dev.lanegrad.internal.kernels;

/**
 * The reference {@link ConvKernels}: one output at a time, each a chain of {@link Math#fma} in the
 * order the interface fixes, which {@code SimdConvKernels} keeps lane by lane.
 */
final class ScalarConvKernels implements ConvKernels {
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
    forwardColumns(g, ws, xs, xo, f, y, yo, 0, g.o);
  }

  /** {@link #forwardF32} for the output channels {@code oc0 .. oc1-1} only (the SIMD tails). */
  static void forwardColumns(
      ConvGeometry g, int ws, float[] xs, int xo, float[] f, float[] y, int yo, int oc0, int oc1) {
    int c = g.c;
    int o = g.o;
    for (int oy = 0, p = 0; oy < g.oh; oy++) {
      for (int ox = 0; ox < g.ow; ox++, p++) {
        int base = xo + (oy * g.sh * ws + ox * g.sw) * c;
        for (int oc = oc0; oc < oc1; oc++) {
          float acc = 0;
          int fi = oc;
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              int xi = base + (ky * g.dh * ws + kx * g.dw) * c;
              for (int ci = 0; ci < c; ci++, fi += o) {
                acc = Math.fma(xs[xi + ci], f[fi], acc);
              }
            }
          }
          y[yo + p * o + oc] = acc;
        }
      }
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
    filterColumns(g, hs, ws, xs, xo, m, dy, dyo, part, po, 0, g.o);
  }

  /** {@link #filterF32} for the output channels {@code oc0 .. oc1-1} only (the SIMD tails). */
  static void filterColumns(
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
      int oc0,
      int oc1) {
    int c = g.c;
    int o = g.o;
    int depth = g.depth();
    int pixels = g.oh * g.ow;
    int image = hs * ws * c;
    for (int k = 0; k < depth; k++) {
      int t = k / c;
      int koff = ((t / g.kw) * g.dh * ws + (t % g.kw) * g.dw) * c + k % c;
      for (int oc = oc0; oc < oc1; oc++) {
        float acc = 0;
        for (int i = 0; i < m; i++) {
          int xb = xo + i * image + koff;
          int di = dyo + i * pixels * o + oc;
          for (int oy = 0; oy < g.oh; oy++) {
            for (int ox = 0; ox < g.ow; ox++, di += o) {
              acc = Math.fma(xs[xb + (oy * g.sh * ws + ox * g.sw) * c], dy[di], acc);
            }
          }
        }
        part[po + k * o + oc] = acc;
      }
    }
  }
}
