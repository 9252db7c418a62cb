package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PoolKernels}: the provider's (SIMD under the tests) against {@link ScalarPoolKernels} bit
 * for bit, float32 and float64, on seeded geometries whose channel counts fall under, at and over
 * the lane counts (the tails run the scalar twin's per-window code); inputs drawn from a few
 * integers so that windows hold ties and the routing to the first max is exercised; one NaN.
 * Average pooling also against a float64 sum over the cells inside the window.
 */
class PoolKernelsTest {
  static final long SEED = 0x9001L;

  static List<ConvGeometry> geometries() {
    List<ConvGeometry> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(SEED);
    int[] channels = {1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65};
    for (int i = 0; i < 40; i++) {
      int k = r.nextInt(1, 4);
      int kw = r.nextInt(1, 4);
      int s = r.nextInt(1, 4);
      boolean same = r.nextBoolean();
      int h = r.nextInt(k, 9);
      int w = r.nextInt(kw, 9);
      int c = channels[i % channels.length];
      int[] y = ConvolutionTest.axis(h, k, s, 1, same);
      int[] x = ConvolutionTest.axis(w, kw, s, 1, same);
      out.add(
          new ConvGeometry(r.nextInt(1, 3), h, w, c, k, kw, c, s, s, 1, 1, y[1], x[1], y[0], x[0]));
    }
    return out;
  }

  static float[] ties(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt(-3, 4) * 0.5f;
    }
    return a;
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void simdMatchesScalarBitForBit(ConvGeometry g) {
    SplittableRandom r = new SplittableRandom(SEED ^ g.toString().hashCode());
    int nx = g.n * g.h * g.w * g.c;
    int ny = g.n * g.oh * g.ow * g.c;
    float[] x = ties(r, nx);
    if (nx > 5) {
      x[nx / 2] = Float.NaN;
    }
    float[] dy = ties(r, ny);
    float[] gg = ties(r, nx);
    PoolKernels simd = PoolKernels.get();
    PoolKernels scalar = new ScalarPoolKernels();
    assertEquals(
        KernelProvider.get().getClass() == ScalarKernels.class,
        simd instanceof ScalarPoolKernels,
        "the pools are SIMD exactly when the kernels are");
    float[][] a = runF32(simd, g, x, dy, gg);
    float[][] b = runF32(scalar, g, x, dy, gg);
    String[] what = {
      "maxPool", "maxPoolGrad", "maxPoolGradGrad", "avgPool", "avgPoolGrad", "maxPoolGrad given y"
    };
    for (int i = 0; i < what.length; i++) {
      assertArrayEquals(b[i], a[i], what[i] + " float32 " + g);
    }
    double[][] a64 = runF64(simd, g, widen(x), widen(dy), widen(gg));
    double[][] b64 = runF64(scalar, g, widen(x), widen(dy), widen(gg));
    for (int i = 0; i < what.length; i++) {
      assertArrayEquals(b64[i], a64[i], what[i] + " float64 " + g);
    }
    // reading each window's max from the forward's output routes exactly as recomputing it
    assertArrayEquals(a[1], a[5], "maxPoolGrad given y, float32 " + g);
    assertArrayEquals(b[1], b[5], "maxPoolGrad given y, float32 scalar " + g);
    assertArrayEquals(a64[1], a64[5], "maxPoolGrad given y, float64 " + g);
    // the definition of the average, and of the max's gradient's total
    x = ties(r, nx);
    float[] avg = new float[ny];
    simd.avgPoolF32(g, x, avg);
    int yo = 0;
    for (int b0 = 0; b0 < g.n; b0++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++, yo += g.c) {
          for (int c = 0; c < g.c; c++) {
            double s = 0;
            int count = 0;
            for (int ky = 0; ky < g.kh; ky++) {
              for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.pt + ky;
                int ix = ox * g.sw - g.pl + kx;
                if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
                  s += x[((b0 * g.h + iy) * g.w + ix) * g.c + c];
                  count++;
                }
              }
            }
            assertEquals(s / count, avg[yo + c], 1e-6, "average " + g);
          }
        }
      }
    }
    float[] dx = new float[nx];
    simd.maxPoolGradF32(g, x, dy, dx);
    double want = 0;
    double got = 0;
    for (float v : dy) {
      want += v;
    }
    for (float v : dx) {
      got += v;
    }
    assertTrue(Math.abs(want - got) < 1e-3, "max pooling routes every upstream value once " + g);
  }

  static double[] widen(float[] a) {
    return ConvolutionTest.widen(a);
  }

  static float[][] runF32(PoolKernels k, ConvGeometry g, float[] x, float[] dy, float[] gg) {
    int nx = g.n * g.h * g.w * g.c;
    int ny = g.n * g.oh * g.ow * g.c;
    float[][] r = {
      new float[ny], new float[nx], new float[ny], new float[ny], new float[nx], new float[nx]
    };
    k.maxPoolF32(g, x, r[0]);
    k.maxPoolGradF32(g, x, r[0], dy, r[5]);
    k.maxPoolGradF32(g, x, dy, r[1]);
    k.maxPoolGradGradF32(g, x, gg, r[2]);
    k.avgPoolF32(g, x, r[3]);
    k.avgPoolGradF32(g, dy, r[4]);
    return r;
  }

  static double[][] runF64(PoolKernels k, ConvGeometry g, double[] x, double[] dy, double[] gg) {
    int nx = g.n * g.h * g.w * g.c;
    int ny = g.n * g.oh * g.ow * g.c;
    double[][] r = {
      new double[ny], new double[nx], new double[ny], new double[ny], new double[nx], new double[nx]
    };
    k.maxPoolF64(g, x, r[0]);
    k.maxPoolGradF64(g, x, r[0], dy, r[5]);
    k.maxPoolGradF64(g, x, dy, r[1]);
    k.maxPoolGradGradF64(g, x, gg, r[2]);
    k.avgPoolF64(g, x, r[3]);
    k.avgPoolGradF64(g, dy, r[4]);
    return r;
  }
}
