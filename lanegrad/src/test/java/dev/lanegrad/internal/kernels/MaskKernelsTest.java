package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The masked kernels (dropout's {@code keep ? x * s : 0}): the provider's against {@link
 * ScalarKernels} bit for bit at sizes under, at and over the lane multiples, with NaN, infinities
 * and signed zeros among the inputs (a dropped NaN is +0, as TF's where), float32 and float64.
 */
class MaskKernelsTest {
  static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 255, 1000, 4099};

  @Test
  void keepScaledMatchesTheScalarTwin() {
    Kernels simd = KernelProvider.get();
    Kernels scalar = new ScalarKernels();
    SplittableRandom r = new SplittableRandom(0xD0L);
    for (int n : SIZES) {
      float[] x = new float[n];
      boolean[] keep = new boolean[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) r.nextGaussian();
        keep[i] = r.nextDouble() >= 0.3;
      }
      if (n > 4) {
        x[0] = Float.NaN;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = -0f;
        x[n - 1] = Float.NaN;
        keep[n - 1] = false;
      }
      float[] a = new float[n];
      float[] b = new float[n];
      simd.keepScaledF32(x, keep, 1.25f, a, n);
      scalar.keepScaledF32(x, keep, 1.25f, b, n);
      assertArrayEquals(b, a, "float32 n=" + n);
      for (int i = 0; i < n; i++) {
        if (!keep[i]) {
          assertArrayEquals(new float[] {0f}, new float[] {a[i]}, "dropped: +0, n=" + n);
        }
      }
      double[] xd = new double[n];
      for (int i = 0; i < n; i++) {
        xd[i] = x[i];
      }
      double[] ad = new double[n];
      double[] bd = new double[n];
      simd.keepScaledF64(xd, keep, 1 / 0.7, ad, n);
      scalar.keepScaledF64(xd, keep, 1 / 0.7, bd, n);
      assertArrayEquals(bd, ad, "float64 n=" + n);
    }
  }
}
