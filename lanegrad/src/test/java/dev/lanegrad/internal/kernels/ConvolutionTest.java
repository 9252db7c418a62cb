package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Convolution} (im2col on the GEMM): forward, input gradient and filter gradient on the
 * provider's kernels (SIMD under the tests) against the same code on {@link ScalarKernels} (bit for
 * bit: the GEMMs give the same bits and everything else is the same code), against a direct float64
 * loop over the definition (tolerance), and bit-identical when the GEMM runs on 1, 2, 3 or 8
 * threads. Seeded geometries cover strides, dilations, both paddings, 1x1 windows, empty batches
 * and several im2col chunks.
 */
class ConvolutionTest {
  static final long SEED = 0xC0417L;

  /** A geometry with TF's SAME or VALID padding, as the ops layer computes it. */
  static ConvGeometry geometry(
      int n, int h, int w, int c, int kh, int kw, int o, int s, int d, boolean same) {
    int[] y = axis(h, kh, s, d, same);
    int[] x = axis(w, kw, s, d, same);
    return new ConvGeometry(n, h, w, c, kh, kw, o, s, s, d, d, y[1], x[1], y[0], x[0]);
  }

  static int[] axis(int in, int k, int s, int d, boolean same) {
    int ek = (k - 1) * d + 1;
    if (same) {
      int out = (in + s - 1) / s;
      return new int[] {out, Math.max((out - 1) * s + ek - in, 0) / 2};
    }
    return new int[] {(in - ek) / s + 1, 0};
  }

  static List<ConvGeometry> geometries() {
    List<ConvGeometry> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(SEED);
    while (out.size() < 60) {
      int kh = r.nextInt(1, 5);
      int kw = r.nextInt(1, 5);
      int d = r.nextInt(1, 3);
      int s = r.nextInt(1, 4);
      boolean same = r.nextBoolean();
      int h = r.nextInt(1, 10);
      int w = r.nextInt(1, 10);
      if (!same && (h < (kh - 1) * d + 1 || w < (kw - 1) * d + 1)) {
        continue;
      }
      out.add(
          geometry(r.nextInt(1, 4), h, w, r.nextInt(1, 6), kh, kw, r.nextInt(1, 7), s, d, same));
    }
    out.add(geometry(2, 5, 5, 3, 1, 1, 4, 1, 1, false)); // pointwise: no im2col
    out.add(geometry(2, 5, 5, 3, 1, 1, 4, 2, 1, true)); // 1x1 at stride 2: im2col
    out.add(geometry(0, 5, 5, 3, 3, 3, 4, 1, 1, true)); // empty batch
    out.add(geometry(2, 30, 30, 32, 3, 3, 17, 1, 1, false)); // two im2col chunks
    out.add(geometry(3, 28, 28, 1, 3, 3, 32, 1, 1, false)); // the CNN's first layer
    out.add(geometry(1, 13, 13, 32, 3, 3, 64, 2, 1, true));
    // 16+ input channels at stride 1: the input gradient runs as a transposed forward convolution
    out.add(geometry(2, 9, 8, 16, 3, 2, 5, 1, 2, true));
    out.add(geometry(1, 7, 7, 17, 2, 3, 3, 1, 1, false));
    // the direct path's tiles: 4, 2 and 1 vectors of 16 (or 8) lanes, a scalar tail, pixel and
    // depth tiles that end past the image and the depth, padding copied in, dilations
    out.add(geometry(2, 12, 11, 8, 3, 3, 48, 1, 1, true));
    out.add(geometry(2, 9, 9, 3, 3, 3, 80, 2, 2, true));
    out.add(geometry(1, 6, 7, 2, 2, 2, 70, 1, 1, false));
    out.add(geometry(5, 14, 14, 32, 3, 3, 64, 1, 1, false)); // the CNN's second layer
    // blocks: the forward's depth (144 rows) and the filter gradient's pixel rows (20 wide)
    out.add(geometry(2, 20, 20, 16, 3, 3, 96, 1, 1, true));
    out.add(geometry(3, 8, 8, 1, 3, 2, 16, 1, 1, true)); // depth 6
    out.add(geometry(2, 7, 5, 1, 1, 5, 40, 3, 1, true)); // depth 5: the GEMM
    return out;
  }

  static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextDouble(-1, 1);
    }
    return a;
  }

  /** The definition, in float64: y = conv(x, f). */
  static double[] direct(ConvGeometry g, float[] x, float[] f) {
    double[] y = new double[g.rows() * g.o];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              int iy = oy * g.sh - g.pt + ky * g.dh;
              int ix = ox * g.sw - g.pl + kx * g.dw;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
                continue;
              }
              for (int c = 0; c < g.c; c++) {
                double xv = x[((b * g.h + iy) * g.w + ix) * g.c + c];
                for (int o = 0; o < g.o; o++) {
                  y[((b * g.oh + oy) * g.ow + ox) * g.o + o] +=
                      xv * f[((ky * g.kw + kx) * g.c + c) * g.o + o];
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  /** The input gradient from the definition: dx[i] = sum over taps reading i of dy * f. */
  static double[] directInput(ConvGeometry g, float[] f, float[] dy) {
    double[] dx = new double[g.n * g.h * g.w * g.c];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              int iy = oy * g.sh - g.pt + ky * g.dh;
              int ix = ox * g.sw - g.pl + kx * g.dw;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
                continue;
              }
              for (int c = 0; c < g.c; c++) {
                for (int o = 0; o < g.o; o++) {
                  dx[((b * g.h + iy) * g.w + ix) * g.c + c] +=
                      dy[((b * g.oh + oy) * g.ow + ox) * g.o + o]
                          * (double) f[((ky * g.kw + kx) * g.c + c) * g.o + o];
                }
              }
            }
          }
        }
      }
    }
    return dx;
  }

  /** The filter gradient from the definition. */
  static double[] directFilter(ConvGeometry g, float[] x, float[] dy) {
    double[] df = new double[g.depth() * g.o];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              int iy = oy * g.sh - g.pt + ky * g.dh;
              int ix = ox * g.sw - g.pl + kx * g.dw;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
                continue;
              }
              for (int c = 0; c < g.c; c++) {
                for (int o = 0; o < g.o; o++) {
                  df[((ky * g.kw + kx) * g.c + c) * g.o + o] +=
                      x[((b * g.h + iy) * g.w + ix) * g.c + c]
                          * (double) dy[((b * g.oh + oy) * g.ow + ox) * g.o + o];
                }
              }
            }
          }
        }
      }
    }
    return df;
  }

  static void close(String what, ConvGeometry g, double[] want, float[] got, int terms) {
    for (int i = 0; i < want.length; i++) {
      double tol = 2e-6 * Math.max(1, terms) * (1 + Math.abs(want[i]));
      if (!(Math.abs(got[i] - want[i]) <= tol)) {
        fail(what + " " + g + " element " + i + ": " + got[i] + " != " + want[i]);
      }
    }
  }

  record Results(float[] y, float[] dx, float[] df) {}

  static Results run(Kernels k, ConvGeometry g, float[] x, float[] f, float[] dy) {
    float[] y = new float[g.rows() * g.o];
    float[] dx = new float[g.n * g.h * g.w * g.c];
    float[] df = new float[g.depth() * g.o];
    java.util.Arrays.fill(df, Float.NaN); // overwritten, never accumulated into
    Convolution.forwardF32(k, g, x, f, y);
    Convolution.backpropInputF32(k, g, f, dy, dx);
    Convolution.backpropFilterF32(k, g, x, dy, df);
    return new Results(y, dx, df);
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void simdMatchesScalarBitForBitAndTheDefinition(ConvGeometry g) {
    SplittableRandom r = new SplittableRandom(SEED ^ g.toString().hashCode());
    float[] x = random(r, g.n * g.h * g.w * g.c);
    float[] f = random(r, g.depth() * g.o);
    float[] dy = random(r, g.rows() * g.o);
    Results simd = run(KernelProvider.get(), g, x, f, dy);
    Results scalar = run(new ScalarKernels(), g, x, f, dy);
    assertArrayEquals(scalar.y, simd.y, "forward " + g);
    assertArrayEquals(scalar.dx, simd.dx, "input gradient " + g);
    assertArrayEquals(scalar.df, simd.df, "filter gradient " + g);
    close("forward", g, direct(g, x, f), simd.y, g.depth());
    close("input gradient", g, directInput(g, f, dy), simd.dx, g.kh * g.kw * g.o);
    close("filter gradient", g, directFilter(g, x, dy), simd.df, g.rows());
  }

  @Test
  void float64MatchesTheDefinition() {
    for (ConvGeometry g : geometries()) {
      SplittableRandom r = new SplittableRandom(SEED ^ g.toString().hashCode());
      float[] x = random(r, g.n * g.h * g.w * g.c);
      float[] f = random(r, g.depth() * g.o);
      float[] dy = random(r, g.rows() * g.o);
      double[] y = new double[g.rows() * g.o];
      double[] dx = new double[g.n * g.h * g.w * g.c];
      double[] df = new double[g.depth() * g.o];
      Kernels k = KernelProvider.get();
      Convolution.forwardF64(k, g, widen(x), widen(f), y);
      Convolution.backpropInputF64(k, g, widen(f), widen(dy), dx);
      Convolution.backpropFilterF64(k, g, widen(x), widen(dy), df);
      near("forward", g, direct(g, x, f), y);
      near("input gradient", g, directInput(g, f, dy), dx);
      near("filter gradient", g, directFilter(g, x, dy), df);
    }
  }

  static double[] widen(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  static void near(String what, ConvGeometry g, double[] want, double[] got) {
    for (int i = 0; i < want.length; i++) {
      assertTrue(
          Math.abs(got[i] - want[i]) <= 1e-12 * (1 + Math.abs(want[i])),
          what + " " + g + " element " + i + ": " + got[i] + " != " + want[i]);
    }
  }

  /** Kernels whose GEMM is the SIMD one on {@code threads} threads (others unsupported). */
  static Kernels gemmOn(int threads) throws ReflectiveOperationException {
    Class<?> c = Class.forName("dev.lanegrad.internal.kernels.SimdGemmF32");
    Constructor<?> make = c.getDeclaredConstructor(int.class);
    make.setAccessible(true);
    Object gemm = make.newInstance(threads);
    Method mm = null;
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals("matmul") && m.getParameterCount() == 11) {
        mm = m;
      }
    }
    Method matmul = mm;
    matmul.setAccessible(true);
    return (Kernels)
        Proxy.newProxyInstance(
            Kernels.class.getClassLoader(),
            new Class<?>[] {Kernels.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("matmulF32")) {
                throw new UnsupportedOperationException(method.getName());
              }
              try {
                return matmul.invoke(gemm, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void theDirectPathsBitsDoNotDependOnTheThreadCount() {
    for (ConvGeometry g :
        List.of(
            geometry(7, 14, 14, 32, 3, 3, 64, 1, 1, false),
            geometry(9, 28, 28, 1, 3, 3, 32, 1, 1, true),
            geometry(3, 9, 9, 5, 3, 3, 40, 2, 1, true))) {
      assertTrue(DirectConvolution.applies(g), g.toString());
      SplittableRandom r = new SplittableRandom(SEED ^ g.hashCode());
      float[] x = random(r, g.n * g.h * g.w * g.c);
      float[] f = random(r, g.depth() * g.o);
      float[] dy = random(r, g.rows() * g.o);
      for (ConvKernels k : List.of(ConvKernels.get(), new ScalarConvKernels())) {
        float[] y1 = new float[g.rows() * g.o];
        float[] df1 = new float[g.depth() * g.o];
        DirectConvolution.forward(k, g, x, f, y1, 1);
        DirectConvolution.filter(k, g, x, dy, df1, 1);
        for (int t : new int[] {2, 3, 8}) {
          float[] y = new float[g.rows() * g.o];
          float[] df = new float[g.depth() * g.o];
          DirectConvolution.forward(k, g, x, f, y, t);
          DirectConvolution.filter(k, g, x, dy, df, t);
          assertArrayEquals(y1, y, "forward " + g + " on " + t + " threads");
          assertArrayEquals(df1, df, "filter gradient " + g + " on " + t + " threads");
        }
      }
    }
  }

  @Test
  void theBitsDoNotDependOnTheThreadCount() throws Exception {
    assumeTrue(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            || ConvolutionTest.class.getModule().getLayer() != null,
        "no Vector API");
    // above the GEMM's fork threshold, with two im2col chunks
    ConvGeometry g = geometry(3, 30, 30, 32, 3, 3, 33, 1, 1, true);
    SplittableRandom r = new SplittableRandom(SEED);
    float[] x = random(r, g.n * g.h * g.w * g.c);
    float[] f = random(r, g.depth() * g.o);
    float[] dy = random(r, g.rows() * g.o);
    Results want = run(gemmOn(1), g, x, f, dy);
    for (int t : new int[] {2, 3, 8}) {
      Results got = run(gemmOn(t), g, x, f, dy);
      assertArrayEquals(want.y, got.y, "forward, threads " + t);
      assertArrayEquals(want.dx, got.dx, "input gradient, threads " + t);
      assertArrayEquals(want.df, got.df, "filter gradient, threads " + t);
    }
  }
}
