package dev.lanegrad.internal.ops;

/**
 * The seeded generators behind {@code Tensor.randomNormal} and {@code Tensor.randomUniform}, on a
 * fully specified algorithm so that a seed gives the same floats on every JVM, machine and thread
 * count: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014; the generator of {@code java.util.SplittableRandom}) for the bits, 53-bit doubles in
 * [0, 1), Box–Muller for normals, and {@link StrictMath} (fdlibm, bit-reproducible) for the
 * transcendental functions, since {@link Math}'s intrinsics may differ by an ulp between CPUs.
 */
public final class Randoms {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double TWO_PI = 2 * Math.PI;

  private Randoms() {}

  /** SplitMix64's output mix of one state value. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The double in [0, 1) made of the top 53 bits of the {@code i}-th output after {@code seed}. */
  static double unit(long seed, long i) {
    // SplitMix64's state after i + 1 steps is seed + (i + 1) * gamma: no loop-carried state
    return (mix64(seed + (i + 1) * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
  }

  /**
   * {@code n} standard normal samples as floats: pair {@code k} uses outputs {@code 2k}, {@code
   * 2k+1} as {@code u1, u2} and gives {@code r cos(2 pi u2)}, {@code r sin(2 pi u2)} with {@code r
   * = sqrt(-2 ln(1 - u1))} (1 - u1 lies in (0, 1], so the log is finite).
   */
  public static float[] normal(int n, long seed) {
    float[] y = new float[n];
    for (int k = 0; 2 * k < n; k++) {
      double u1 = 1.0 - unit(seed, 2L * k);
      double u2 = unit(seed, 2L * k + 1);
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double theta = TWO_PI * u2;
      y[2 * k] = (float) (r * StrictMath.cos(theta));
      if (2 * k + 1 < n) {
        y[2 * k + 1] = (float) (r * StrictMath.sin(theta));
      }
    }
    return y;
  }

  /**
   * {@code n} floats uniform in {@code [lo, hi)}: {@code lo + (hi - lo) u} rounded to float, then
   * held inside the floats of the interval (rounding to float may otherwise reach {@code hi}, or
   * fall below a {@code lo} that no float represents).
   *
   * @throws IllegalArgumentException when lo or hi is not finite, {@code lo >= hi}, or no float
   *     lies in [lo, hi)
   */
  public static float[] uniform(String op, int n, double lo, double hi, long seed) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
      throw new IllegalArgumentException(
          op + ": needs finite bounds with lo < hi, got lo=" + lo + ", hi=" + hi);
    }
    float flo = (float) lo;
    if (flo < lo) {
      flo = Math.nextUp(flo);
    }
    float fhi = (float) hi;
    if (fhi >= hi) {
      fhi = Math.nextDown(fhi);
    }
    if (!(flo <= fhi) || Float.isInfinite(flo) || Float.isInfinite(fhi)) {
      throw new IllegalArgumentException(
          op + ": no float32 value lies in [lo, hi) = [" + lo + ", " + hi + ")");
    }
    double width = hi - lo;
    boolean convex = Double.isInfinite(width); // lo=-1e308, hi=1e308: mix instead of subtracting
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double u = unit(seed, i);
      double v = convex ? lo * (1 - u) + hi * u : lo + width * u;
      float f = (float) v;
      y[i] = f < flo ? flo : f > fhi ? fhi : f;
    }
    return y;
  }
}
