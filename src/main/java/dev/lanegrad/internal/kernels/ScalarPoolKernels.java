package dev.lanegrad.internal.kernels;

/**
 * The reference {@link PoolKernels}: plain loops, channel by channel, each output over its window's
 * taps in row-major order. {@code SimdPoolKernels} does the same arithmetic in the same order on
 * lanes of channels (and calls the per-window methods here for the channels past the last full
 * vector), so the two agree bit for bit.
 */
final class ScalarPoolKernels implements PoolKernels {
  @Override
  public void maxPoolF32(ConvGeometry g, float[] x, float[] y) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          maxF32(g, x, base, ky0, ky1, kx0, kx1, y, yo, 0, g.c);
        }
      }
    }
  }

  /**
   * Channels {@code i0 .. i1-1} of one window: tap {@code (ky, kx)} of channel i is at {@code base
   * + (ky w + kx) c + i}.
   */
  static void maxF32(
      ConvGeometry g,
      float[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      float[] y,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    for (int i = i0; i < i1; i++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          m = Math.max(m, x[base + ky * rs + kx * c + i]);
        }
      }
      y[yo + i] = m;
    }
  }

  @Override
  public void maxPoolGradF32(ConvGeometry g, float[] x, float[] dy, float[] dx) {
    routeF32(g, x, dy, dx, true);
  }

  @Override
  public void maxPoolGradGradF32(ConvGeometry g, float[] x, float[] gg, float[] y) {
    routeF32(g, x, gg, y, false);
  }

  private static void routeF32(ConvGeometry g, float[] x, float[] v, float[] out, boolean scatter) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          routeF32(g, x, base, ky0, ky1, kx0, kx1, v, out, yo, scatter, 0, g.c);
        }
      }
    }
  }

  /**
   * Per channel of one window: the first tap (row-major) holding the window's max; {@code scatter}:
   * {@code out[tap] += v[yo + i]} (MaxPoolGrad), else {@code out[yo + i] = v[tap]}
   * (MaxPoolGradGrad), 0 when no tap equals the max (a NaN window).
   */
  static void routeF32(
      ConvGeometry g,
      float[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      float[] v,
      float[] out,
      int yo,
      boolean scatter,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    for (int i = i0; i < i1; i++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          m = Math.max(m, x[base + ky * rs + kx * c + i]);
        }
      }
      int at = -1;
      for (int ky = ky0; ky < ky1 && at < 0; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          if (x[base + ky * rs + kx * c + i] == m) {
            at = base + ky * rs + kx * c + i;
            break;
          }
        }
      }
      if (scatter) {
        if (at >= 0) {
          out[at] += v[yo + i];
        }
      } else {
        out[yo + i] = at >= 0 ? v[at] : 0f;
      }
    }
  }

  @Override
  public void avgPoolF32(ConvGeometry g, float[] x, float[] y) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          avgF32(g, x, base, ky0, ky1, kx0, kx1, y, yo, 0, g.c);
        }
      }
    }
  }

  /** Channels {@code i0 .. i1-1} of one window: the sum of its taps in row-major order / count. */
  static void avgF32(
      ConvGeometry g,
      float[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      float[] y,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    float count = (ky1 - ky0) * (kx1 - kx0);
    for (int i = i0; i < i1; i++) {
      float s = 0f;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          s += x[base + ky * rs + kx * c + i];
        }
      }
      y[yo + i] = s / count;
    }
  }

  @Override
  public void avgPoolGradF32(ConvGeometry g, float[] dy, float[] dx) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          avgGradF32(g, dy, base, ky0, ky1, kx0, kx1, dx, yo, 0, g.c);
        }
      }
    }
  }

  /** Channels {@code i0 .. i1-1} of one window: {@code dx[tap] += dy * (1 / count)}. */
  static void avgGradF32(
      ConvGeometry g,
      float[] dy,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      float[] dx,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    float inv = 1f / ((ky1 - ky0) * (kx1 - kx0));
    for (int ky = ky0; ky < ky1; ky++) {
      for (int kx = kx0; kx < kx1; kx++) {
        int t = base + ky * rs + kx * c;
        for (int i = i0; i < i1; i++) {
          dx[t + i] += dy[yo + i] * inv;
        }
      }
    }
  }

  @Override
  public void maxPoolF64(ConvGeometry g, double[] x, double[] y) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          maxF64(g, x, base, ky0, ky1, kx0, kx1, y, yo, 0, g.c);
        }
      }
    }
  }

  /**
   * Channels {@code i0 .. i1-1} of one window: tap {@code (ky, kx)} of channel i is at {@code base
   * + (ky w + kx) c + i}.
   */
  static void maxF64(
      ConvGeometry g,
      double[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      double[] y,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    for (int i = i0; i < i1; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          m = Math.max(m, x[base + ky * rs + kx * c + i]);
        }
      }
      y[yo + i] = m;
    }
  }

  @Override
  public void maxPoolGradF64(ConvGeometry g, double[] x, double[] dy, double[] dx) {
    routeF64(g, x, dy, dx, true);
  }

  @Override
  public void maxPoolGradGradF64(ConvGeometry g, double[] x, double[] gg, double[] y) {
    routeF64(g, x, gg, y, false);
  }

  private static void routeF64(
      ConvGeometry g, double[] x, double[] v, double[] out, boolean scatter) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          routeF64(g, x, base, ky0, ky1, kx0, kx1, v, out, yo, scatter, 0, g.c);
        }
      }
    }
  }

  /**
   * Per channel of one window: the first tap (row-major) holding the window's max; {@code scatter}:
   * {@code out[tap] += v[yo + i]} (MaxPoolGrad), else {@code out[yo + i] = v[tap]}
   * (MaxPoolGradGrad), 0 when no tap equals the max (a NaN window).
   */
  static void routeF64(
      ConvGeometry g,
      double[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      double[] v,
      double[] out,
      int yo,
      boolean scatter,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    for (int i = i0; i < i1; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          m = Math.max(m, x[base + ky * rs + kx * c + i]);
        }
      }
      int at = -1;
      for (int ky = ky0; ky < ky1 && at < 0; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          if (x[base + ky * rs + kx * c + i] == m) {
            at = base + ky * rs + kx * c + i;
            break;
          }
        }
      }
      if (scatter) {
        if (at >= 0) {
          out[at] += v[yo + i];
        }
      } else {
        out[yo + i] = at >= 0 ? v[at] : 0.0;
      }
    }
  }

  @Override
  public void avgPoolF64(ConvGeometry g, double[] x, double[] y) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          avgF64(g, x, base, ky0, ky1, kx0, kx1, y, yo, 0, g.c);
        }
      }
    }
  }

  /** Channels {@code i0 .. i1-1} of one window: the sum of its taps in row-major order / count. */
  static void avgF64(
      ConvGeometry g,
      double[] x,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      double[] y,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    double count = (ky1 - ky0) * (kx1 - kx0);
    for (int i = i0; i < i1; i++) {
      double s = 0.0;
      for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
          s += x[base + ky * rs + kx * c + i];
        }
      }
      y[yo + i] = s / count;
    }
  }

  @Override
  public void avgPoolGradF64(ConvGeometry g, double[] dy, double[] dx) {
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * g.c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          avgGradF64(g, dy, base, ky0, ky1, kx0, kx1, dx, yo, 0, g.c);
        }
      }
    }
  }

  /** Channels {@code i0 .. i1-1} of one window: {@code dx[tap] += dy * (1 / count)}. */
  static void avgGradF64(
      ConvGeometry g,
      double[] dy,
      int base,
      int ky0,
      int ky1,
      int kx0,
      int kx1,
      double[] dx,
      int yo,
      int i0,
      int i1) {
    int c = g.c;
    int rs = g.w * c;
    double inv = 1.0 / ((ky1 - ky0) * (kx1 - kx0));
    for (int ky = ky0; ky < ky1; ky++) {
      for (int kx = kx0; kx < kx1; kx++) {
        int t = base + ky * rs + kx * c;
        for (int i = i0; i < i1; i++) {
          dx[t + i] += dy[yo + i] * inv;
        }
      }
    }
  }
}
