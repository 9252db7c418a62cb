package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD GEMM against a float64 reference (tolerance 1e-5 * k, relative) and against its scalar
 * twin (bit for bit: both compute one FMA chain per element in the order of p), on shapes that hit
 * every edge of the blocking, every transpose flag and offsets; and bit-identical across thread
 * counts.
 */
class GemmTest {
  private static final int KC = SimdGemmF32.KC;
  private static final int NC = SimdGemmF32.NC;
  private static final int NR = SimdGemmF32.NR;

  static int[][] shapes() {
    return new int[][] {
      {1, 1, 1},
      {2, 3, 5},
      {7, 11, 13},
      {17, 33, 65},
      {16, 16, 16},
      {64, 64, 64},
      {1, 300, 7},
      {300, 1, 7},
      {300, 7, 1},
      {1, 1, 600},
      {5, 9, 1},
      {33, 3, 257},
      {64, 10, 256},
      {256, 10, 64},
      {64, 256, 10},
      {37, NR - 1, KC + 1},
      {MRp(), NR + 1, KC - 1},
      {9, NC + NR + 3, 2 * KC + 5},
      {131, 67, 97},
      {256, 256, 256},
      {5, 2 * NC + 1, 3},
      // the narrow kernel (n at most one vector, A not transposed): n == L stores C directly
      // when 8 rows are whole; the last rows and n < L go through a tile; k > KC adds blocks
      {16, SimdGemmF32.L, 2 * KC + 3},
      {13, SimdGemmF32.L, 300},
      {9, SimdGemmF32.L - 1, 520},
      {784, 10, 256},
      // two row blocks, two B strips and an edge, depth blocks split in halves (HALVES) and not
      {SimdGemmF32.MC + 7, 2 * NR + 5, KC + KC / 2 + 3},
    };
  }

  private static int MRp() {
    return SimdGemmF32.MR + 1;
  }

  static java.util.stream.Stream<Object[]> cases() {
    java.util.List<Object[]> out = new java.util.ArrayList<>();
    for (int[] s : shapes()) {
      for (int flags = 0; flags < 4; flags++) {
        out.add(new Object[] {s[0], s[1], s[2], (flags & 1) != 0, (flags & 2) != 0});
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4}")
  @MethodSource("cases")
  void f32MatchesReferenceAndScalarTwin(int m, int n, int k, boolean tA, boolean tB) {
    long seed = 31L * m + 7L * n + k + (tA ? 1000 : 0) + (tB ? 2000 : 0);
    SplittableRandom r = new SplittableRandom(seed);
    int ao = 3;
    int bo = 5;
    int co = 2;
    float[] a = randomF(r, ao + m * k + 4);
    float[] b = randomF(r, bo + k * n + 4);
    float[] simd = fillF(co + m * n + 3, Float.NaN);
    float[] scalar = fillF(co + m * n + 3, Float.NaN);
    new SimdGemmF32(1).matmul(a, ao, b, bo, simd, co, m, n, k, tA, tB);
    new ScalarKernels().matmulF32(a, ao, b, bo, scalar, co, m, n, k, tA, tB);
    String where = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " seed=" + seed;
    assertArrayEquals(scalar, simd, "bits differ from the scalar twin, " + where);
    for (int i = 0; i < co; i++) {
      assertEquals(Float.NaN, simd[i], "wrote before the output offset, " + where);
    }
    for (int i = co + m * n; i < simd.length; i++) {
      assertEquals(Float.NaN, simd[i], "wrote past the output, " + where);
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        double mag = 0;
        for (int p = 0; p < k; p++) {
          double x = tA ? a[ao + p * m + i] : a[ao + i * k + p];
          double y = tB ? b[bo + j * k + p] : b[bo + p * n + j];
          ref += x * y;
          mag += Math.abs(x * y);
        }
        double got = simd[co + i * n + j];
        if (Math.abs(got - ref) > 1e-5 * k * Math.max(mag, 1e-30) + 1e-30) {
          fail("C[" + i + "," + j + "] = " + got + ", expected " + ref + ", " + where);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4}")
  @MethodSource("cases")
  void f64MatchesScalarTwin(int m, int n, int k, boolean tA, boolean tB) {
    long seed = 17L * m + 5L * n + k + (tA ? 100 : 0) + (tB ? 200 : 0);
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[1 + m * k];
    double[] b = new double[2 + k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextDouble(-1, 1);
    }
    double[] simd = new double[m * n + 1];
    double[] scalar = new double[m * n + 1];
    simd[0] = Double.NaN;
    scalar[0] = Double.NaN;
    new SimdGemmF64(1).matmul(a, 1, b, 2, simd, 1, m, n, k, tA, tB);
    new ScalarKernels().matmulF64(a, 1, b, 2, scalar, 1, m, n, k, tA, tB);
    assertArrayEquals(
        scalar, simd, m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " seed=" + seed);
    // a spot check against the definition, so that the twins cannot agree on a wrong answer
    int i = m - 1;
    int j = n - 1;
    double ref = 0;
    for (int p = 0; p < k; p++) {
      ref +=
          (tA ? a[1 + p * m + i] : a[1 + i * k + p]) * (tB ? b[2 + j * k + p] : b[2 + p * n + j]);
    }
    assertEquals(ref, simd[1 + i * n + j], 1e-12 * (k + 1));
  }

  @Test
  void aCallerCappedAtOneThreadGetsTheSameBits() {
    // a data-parallel replica caps its kernels at 1 thread: the product is then not cut at all
    int m = 300;
    int n = 200;
    int k = 150;
    SplittableRandom r = new SplittableRandom(7);
    float[] a = randomF(r, m * k);
    float[] b = randomF(r, k * n);
    for (int flags = 0; flags < 4; flags++) {
      boolean tA = (flags & 1) != 0;
      boolean tB = (flags & 2) != 0;
      float[] one = new float[m * n];
      float[] capped = new float[m * n];
      new SimdGemmF32(1).matmul(a, 0, b, 0, one, 0, m, n, k, tA, tB);
      Threads.capCurrentThread(1);
      try {
        new SimdGemmF32(2).matmul(a, 0, b, 0, capped, 0, m, n, k, tA, tB);
      } finally {
        Threads.capCurrentThread(0);
      }
      assertArrayEquals(one, capped, "cap 1, tA=" + tA + " tB=" + tB);
    }
  }

  @Test
  void threadCountDoesNotChangeBits() {
    int[][] sizes = {
      {256, 256, 256},
      {300, 70, 513},
      {70, 700, 300},
      {1000, 10, 300},
      {10, 1000, 300},
      // past the split threshold (2^22 multiply-adds): the narrow kernel's rows, N split, C^T
      {2000, 10, 300},
      {10, 2000, 300},
      {2000, 40, 100}
    };
    for (int[] s : sizes) {
      for (int flags = 0; flags < 4; flags++) {
        boolean tA = (flags & 1) != 0;
        boolean tB = (flags & 2) != 0;
        int m = s[0];
        int n = s[1];
        int k = s[2];
        SplittableRandom r = new SplittableRandom(42 + flags);
        float[] a = randomF(r, m * k);
        float[] b = randomF(r, k * n);
        float[] one = new float[m * n];
        float[] two = new float[m * n];
        float[] three = new float[m * n];
        new SimdGemmF32(1).matmul(a, 0, b, 0, one, 0, m, n, k, tA, tB);
        new SimdGemmF32(2).matmul(a, 0, b, 0, two, 0, m, n, k, tA, tB);
        new SimdGemmF32(3).matmul(a, 0, b, 0, three, 0, m, n, k, tA, tB);
        String where = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " seed=" + (42 + flags);
        assertArrayEquals(one, two, "threads=2, " + where);
        assertArrayEquals(one, three, "threads=3, " + where);
        double[] ad = new double[m * k];
        double[] bd = new double[k * n];
        for (int i = 0; i < ad.length; i++) {
          ad[i] = a[i];
        }
        for (int i = 0; i < bd.length; i++) {
          bd[i] = b[i];
        }
        double[] d1 = new double[m * n];
        double[] d2 = new double[m * n];
        new SimdGemmF64(1).matmul(ad, 0, bd, 0, d1, 0, m, n, k, tA, tB);
        new SimdGemmF64(2).matmul(ad, 0, bd, 0, d2, 0, m, n, k, tA, tB);
        assertArrayEquals(d1, d2, "f64 threads=2, " + where);
      }
    }
  }

  @Test
  void zeroDepthGivesZerosAndEmptyShapesWriteNothing() {
    float[] c = fillF(6, 7f);
    new SimdGemmF32(2).matmul(new float[0], 0, new float[0], 0, c, 0, 2, 3, 0, false, false);
    assertArrayEquals(new float[6], c);
    float[] d = fillF(3, 7f);
    new SimdGemmF32(2).matmul(new float[0], 0, new float[4], 0, d, 0, 0, 3, 4, false, false);
    assertArrayEquals(fillF(3, 7f), d);
  }

  @Test
  void handComputed() {
    // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]]; with tA: [[1,3],[2,4]] @ B =
    // [[26,30],[38,44]]
    float[] a = {1, 2, 3, 4};
    float[] b = {5, 6, 7, 8};
    float[] c = new float[4];
    KernelProvider.get().matmulF32(a, 0, b, 0, c, 0, 2, 2, 2, false, false);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    KernelProvider.get().matmulF32(a, 0, b, 0, c, 0, 2, 2, 2, true, false);
    assertArrayEquals(new float[] {26, 30, 38, 44}, c);
    // a large one through the provider: all ones, so every entry is k
    int n = 200;
    float[] ones = fillF(n * n, 1f);
    float[] out = new float[n * n];
    KernelProvider.get().matmulF32(ones, 0, ones, 0, out, 0, n, n, n, false, true);
    assertArrayEquals(fillF(n * n, n), out);
  }

  private static float[] randomF(SplittableRandom r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    return x;
  }

  private static float[] fillF(int len, float v) {
    float[] x = new float[len];
    java.util.Arrays.fill(x, v);
    return x;
  }
}
