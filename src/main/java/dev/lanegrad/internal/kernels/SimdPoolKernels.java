package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PoolKernels} on the Vector API: NHWC puts the channels of a cell side by side, so each
 * window runs on lanes of channels (the taps in row-major order, as {@link ScalarPoolKernels}), and
 * the channels past the last full vector go to the scalar twin's per-window methods. MaxPoolGrad
 * and MaxPoolGradGrad find each lane's max, then route through the first tap equal to it with a
 * mask of the lanes already routed: no index arrays, the same bits as the scalar twin.
 */
final class SimdPoolKernels implements PoolKernels {
  // species in static finals: as a parameter, every lane op boxes
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final FloatVector F32_ZERO = FloatVector.zero(F);
  private static final DoubleVector F64_ZERO = DoubleVector.zero(D);

  @Override
  public void maxPoolF32(ConvGeometry g, float[] x, float[] y) {
    int c = g.c;
    int rs = g.w * c;
    int ub = F.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          for (int i = 0; i < ub; i += F.length()) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                m = m.max(FloatVector.fromArray(F, x, base + ky * rs + kx * c + i));
              }
            }
            m.intoArray(y, yo + i);
          }
          ScalarPoolKernels.maxF32(g, x, base, ky0, ky1, kx0, kx1, y, yo, ub, c);
        }
      }
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

  // the max of each lane, then the first tap equal to it: a mask of lanes already routed
  private static void routeF32(ConvGeometry g, float[] x, float[] v, float[] out, boolean scatter) {
    int c = g.c;
    int rs = g.w * c;
    int ub = F.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          for (int i = 0; i < ub; i += F.length()) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                m = m.max(FloatVector.fromArray(F, x, base + ky * rs + kx * c + i));
              }
            }
            VectorMask<Float> taken = F.maskAll(false);
            FloatVector acc = scatter ? FloatVector.fromArray(F, v, yo + i) : F32_ZERO;
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                int t = base + ky * rs + kx * c + i;
                VectorMask<Float> first = FloatVector.fromArray(F, x, t).eq(m).andNot(taken);
                if (first.anyTrue()) {
                  if (scatter) {
                    FloatVector.fromArray(F, out, t).add(acc, first).intoArray(out, t);
                  } else {
                    acc = acc.blend(FloatVector.fromArray(F, v, t), first);
                  }
                  taken = taken.or(first);
                }
              }
            }
            if (!scatter) {
              acc.intoArray(out, yo + i);
            }
          }
          ScalarPoolKernels.routeF32(g, x, base, ky0, ky1, kx0, kx1, v, out, yo, scatter, ub, c);
        }
      }
    }
  }

  @Override
  public void avgPoolF32(ConvGeometry g, float[] x, float[] y) {
    int c = g.c;
    int rs = g.w * c;
    int ub = F.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          float count = (ky1 - ky0) * (kx1 - kx0);
          for (int i = 0; i < ub; i += F.length()) {
            FloatVector s = F32_ZERO;
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                s = s.add(FloatVector.fromArray(F, x, base + ky * rs + kx * c + i));
              }
            }
            s.div(count).intoArray(y, yo + i);
          }
          ScalarPoolKernels.avgF32(g, x, base, ky0, ky1, kx0, kx1, y, yo, ub, c);
        }
      }
    }
  }

  @Override
  public void avgPoolGradF32(ConvGeometry g, float[] dy, float[] dx) {
    int c = g.c;
    int rs = g.w * c;
    int ub = F.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          float inv = 1f / ((ky1 - ky0) * (kx1 - kx0));
          for (int i = 0; i < ub; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, dy, yo + i).mul(inv);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                int t = base + ky * rs + kx * c + i;
                FloatVector.fromArray(F, dx, t).add(d).intoArray(dx, t);
              }
            }
          }
          ScalarPoolKernels.avgGradF32(g, dy, base, ky0, ky1, kx0, kx1, dx, yo, ub, c);
        }
      }
    }
  }

  @Override
  public void maxPoolF64(ConvGeometry g, double[] x, double[] y) {
    int c = g.c;
    int rs = g.w * c;
    int ub = D.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          for (int i = 0; i < ub; i += D.length()) {
            DoubleVector m = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                m = m.max(DoubleVector.fromArray(D, x, base + ky * rs + kx * c + i));
              }
            }
            m.intoArray(y, yo + i);
          }
          ScalarPoolKernels.maxF64(g, x, base, ky0, ky1, kx0, kx1, y, yo, ub, c);
        }
      }
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

  // the max of each lane, then the first tap equal to it: a mask of lanes already routed
  private static void routeF64(
      ConvGeometry g, double[] x, double[] v, double[] out, boolean scatter) {
    int c = g.c;
    int rs = g.w * c;
    int ub = D.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          for (int i = 0; i < ub; i += D.length()) {
            DoubleVector m = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                m = m.max(DoubleVector.fromArray(D, x, base + ky * rs + kx * c + i));
              }
            }
            VectorMask<Double> taken = D.maskAll(false);
            DoubleVector acc = scatter ? DoubleVector.fromArray(D, v, yo + i) : F64_ZERO;
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                int t = base + ky * rs + kx * c + i;
                VectorMask<Double> first = DoubleVector.fromArray(D, x, t).eq(m).andNot(taken);
                if (first.anyTrue()) {
                  if (scatter) {
                    DoubleVector.fromArray(D, out, t).add(acc, first).intoArray(out, t);
                  } else {
                    acc = acc.blend(DoubleVector.fromArray(D, v, t), first);
                  }
                  taken = taken.or(first);
                }
              }
            }
            if (!scatter) {
              acc.intoArray(out, yo + i);
            }
          }
          ScalarPoolKernels.routeF64(g, x, base, ky0, ky1, kx0, kx1, v, out, yo, scatter, ub, c);
        }
      }
    }
  }

  @Override
  public void avgPoolF64(ConvGeometry g, double[] x, double[] y) {
    int c = g.c;
    int rs = g.w * c;
    int ub = D.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          double count = (ky1 - ky0) * (kx1 - kx0);
          for (int i = 0; i < ub; i += D.length()) {
            DoubleVector s = F64_ZERO;
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                s = s.add(DoubleVector.fromArray(D, x, base + ky * rs + kx * c + i));
              }
            }
            s.div(count).intoArray(y, yo + i);
          }
          ScalarPoolKernels.avgF64(g, x, base, ky0, ky1, kx0, kx1, y, yo, ub, c);
        }
      }
    }
  }

  @Override
  public void avgPoolGradF64(ConvGeometry g, double[] dy, double[] dx) {
    int c = g.c;
    int rs = g.w * c;
    int ub = D.loopBound(c);
    for (int b = 0, yo = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = oy * g.sh - g.pt;
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(g.kh, g.h - y0);
        for (int ox = 0; ox < g.ow; ox++, yo += c) {
          int x0 = ox * g.sw - g.pl;
          int base = ((b * g.h + y0) * g.w + x0) * c;
          int kx0 = Math.max(0, -x0);
          int kx1 = Math.min(g.kw, g.w - x0);
          double inv = 1.0 / ((ky1 - ky0) * (kx1 - kx0));
          for (int i = 0; i < ub; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, dy, yo + i).mul(inv);
            for (int ky = ky0; ky < ky1; ky++) {
              for (int kx = kx0; kx < kx1; kx++) {
                int t = base + ky * rs + kx * c + i;
                DoubleVector.fromArray(D, dx, t).add(d).intoArray(dx, t);
              }
            }
          }
          ScalarPoolKernels.avgGradF64(g, dy, base, ky0, ky1, kx0, kx1, dx, yo, ub, c);
        }
      }
    }
  }
}
