package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BatchNormKernels}: the provider's (SIMD under the tests) against {@link
 * ScalarBatchNormKernels} bit for bit, float32 and float64, with channel counts under, at and over
 * the lane counts (the tails run the scalar twin's per-channel methods) and row counts around the
 * block and its four-row chains, from row 0 and from a later block; a NaN and infinities in some
 * cases. {@link BatchNorm}'s reductions give the same bits on 1, 2, 3 and 4 threads, and its
 * moments agree with a plain two-pass float64 mean and variance.
 */
class BatchNormKernelsTest {
  static final long SEED = 0xB4L;
  static final int[] CHANNELS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 65};
  static final int[] ROWS = {0, 1, 3, 4, 5, 127, 128, 129, 300, 515};

  record Case(int c, int rows, int r0, boolean special) {}

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    int k = 0;
    for (int c : CHANNELS) {
      for (int rows : ROWS) {
        out.add(new Case(c, rows, 0, k % 5 == 0));
        if (rows > BatchNormKernels.BLOCK + 2) {
          out.add(new Case(c, rows, BatchNormKernels.BLOCK, k % 3 == 0));
        }
        k++;
      }
    }
    return out;
  }

  static float[] floats(SplittableRandom r, int n, boolean special) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * 3 + 5);
    }
    if (special && n > 3) {
      a[n / 3] = Float.NaN;
      a[n / 2] = Float.POSITIVE_INFINITY;
      a[n - 1] = -0f;
    }
    return a;
  }

  static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i] * 1.000000001;
    }
    return d;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void simdMatchesScalarBitForBit(Case k) {
    BatchNormKernels simd = BatchNormKernels.get();
    BatchNormKernels scalar = new ScalarBatchNormKernels();
    SplittableRandom r = new SplittableRandom(SEED ^ k.hashCode());
    int c = k.c();
    int n = k.rows() * c;
    float[] x = floats(r, n, k.special());
    float[] dy = floats(r, n, false);
    float[] shift = floats(r, c, false);
    float[] scale = floats(r, c, false);
    float[] offset = floats(r, c, false);
    float[] coef = floats(r, c, false);
    int r0 = Math.min(k.r0(), k.rows());
    int r1 = k.rows();
    double[] a = new double[2 * c + 3];
    double[] b = new double[2 * c + 3];
    simd.momentsF32(x, c, r0, r1, a, 3);
    scalar.momentsF32(x, c, r0, r1, b, 3);
    assertArrayEquals(b, a, "momentsF32 " + k);
    simd.gradSumsF32(dy, x, shift, c, r0, r1, a, 3);
    scalar.gradSumsF32(dy, x, shift, c, r0, r1, b, 3);
    assertArrayEquals(b, a, "gradSumsF32 " + k);
    float[] ya = new float[n];
    float[] yb = new float[n];
    simd.normalizeF32(x, shift, scale, offset, c, r0, r1, ya);
    scalar.normalizeF32(x, shift, scale, offset, c, r0, r1, yb);
    assertArrayEquals(yb, ya, "normalizeF32 " + k);
    simd.backpropF32(dy, x, shift, offset, coef, scale, c, r0, r1, ya);
    scalar.backpropF32(dy, x, shift, offset, coef, scale, c, r0, r1, yb);
    assertArrayEquals(yb, ya, "backpropF32 " + k);

    double[] xd = doubles(x);
    double[] dyd = doubles(dy);
    double[] sd = doubles(shift);
    double[] ad = doubles(scale);
    double[] od = doubles(offset);
    double[] cd = doubles(coef);
    simd.momentsF64(xd, c, r0, r1, a, 3);
    scalar.momentsF64(xd, c, r0, r1, b, 3);
    assertArrayEquals(b, a, "momentsF64 " + k);
    simd.gradSumsF64(dyd, xd, sd, c, r0, r1, a, 3);
    scalar.gradSumsF64(dyd, xd, sd, c, r0, r1, b, 3);
    assertArrayEquals(b, a, "gradSumsF64 " + k);
    double[] za = new double[n];
    double[] zb = new double[n];
    simd.normalizeF64(xd, sd, ad, od, c, r0, r1, za);
    scalar.normalizeF64(xd, sd, ad, od, c, r0, r1, zb);
    assertArrayEquals(zb, za, "normalizeF64 " + k);
    simd.backpropF64(dyd, xd, sd, od, cd, ad, c, r0, r1, za);
    scalar.backpropF64(dyd, xd, sd, od, cd, ad, c, r0, r1, zb);
    assertArrayEquals(zb, za, "backpropF64 " + k);
  }

  @Test
  void reductionsGiveTheSameBitsOnEveryThreadCount() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int rows : new int[] {1, 200, 1000, 4099}) {
      for (int c : new int[] {3, 32}) {
        float[] x = floats(r, rows * c, false);
        float[] dy = floats(r, rows * c, false);
        float[] mean = floats(r, c, false);
        double[] m1 = new double[c];
        double[] v1 = new double[c];
        double[] s1 = new double[c];
        double[] t1 = new double[c];
        BatchNorm.moments(x, rows, c, m1, v1, 1);
        BatchNorm.gradSums(dy, x, mean, rows, c, s1, t1, 1);
        for (int parts = 2; parts <= 4; parts++) {
          double[] m = new double[c];
          double[] v = new double[c];
          double[] s = new double[c];
          double[] t = new double[c];
          BatchNorm.moments(x, rows, c, m, v, parts);
          BatchNorm.gradSums(dy, x, mean, rows, c, s, t, parts);
          String what = rows + " x " + c + " on " + parts + " threads";
          assertArrayEquals(m1, m, "mean " + what);
          assertArrayEquals(v1, v, "variance " + what);
          assertArrayEquals(s1, s, "sum dy " + what);
          assertArrayEquals(t1, t, "sum dy xc " + what);
        }
      }
    }
  }

  /** Against the textbook two-pass: mean, then the mean of squared deviations, in float64. */
  @Test
  void momentsMatchATwoPassReference() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    int rows = 3000;
    int c = 19;
    float[] x = new float[rows * c];
    for (int i = 0; i < x.length; i++) {
      // a large mean against a small spread: what a one-pass sum of squares gets wrong
      x[i] = (float) (1000 + (i % c) + r.nextGaussian() * 0.01);
    }
    double[] mean = new double[c];
    double[] var = new double[c];
    BatchNorm.moments(x, rows, c, mean, var);
    for (int i = 0; i < c; i++) {
      double m = 0;
      for (int j = 0; j < rows; j++) {
        m += x[j * c + i];
      }
      m /= rows;
      double v = 0;
      for (int j = 0; j < rows; j++) {
        double d = x[j * c + i] - m;
        v += d * d;
      }
      v /= rows;
      assertEquals(m, mean[i], 1e-9 * Math.abs(m), "mean " + i);
      assertEquals(v, var[i], 1e-6 * v, "variance " + i);
      assertTrue(var[i] > 0);
    }
    double[] none = new double[c];
    double[] noneVar = new double[c];
    BatchNorm.moments(new float[0], 0, c, none, noneVar);
    assertTrue(Double.isNaN(none[0]) && Double.isNaN(noneVar[0]), "0 rows: 0 / 0, as TF");
  }
}
