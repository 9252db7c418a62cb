package dev.lanegrad.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tensor.randomNormal / randomUniform: the algorithm, determinism, bounds and statistics. */
class RandomsTest {
  private static final int N = 100_000;

  @Test
  void bitsAreSplitMix64AsSplittableRandomDefinesIt() {
    for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < 100; i++) {
        assertEquals(r.nextDouble(), Randoms.unit(seed, i), "seed " + seed + " draw " + i);
      }
    }
  }

  @Test
  void normalIsBoxMullerOverThoseBits() {
    long seed = 1234;
    float[] y = Tensor.randomNormal(Shape.of(5), seed).toFloatArray();
    SplittableRandom r = new SplittableRandom(seed);
    float[] want = new float[6];
    for (int k = 0; k < 3; k++) {
      double u1 = 1.0 - r.nextDouble();
      double u2 = r.nextDouble();
      double rad = StrictMath.sqrt(-2 * StrictMath.log(u1));
      want[2 * k] = (float) (rad * StrictMath.cos(2 * Math.PI * u2));
      want[2 * k + 1] = (float) (rad * StrictMath.sin(2 * Math.PI * u2));
    }
    assertArrayEquals(Arrays.copyOf(want, 5), y);
  }

  @Test
  void sameSeedSameValuesOtherSeedOtherValues() {
    Shape s = Shape.of(4, 25);
    assertArrayEquals(
        Tensor.randomNormal(s, 7).toFloatArray(), Tensor.randomNormal(s, 7).toFloatArray());
    assertFalse(
        Arrays.equals(
            Tensor.randomNormal(s, 7).toFloatArray(), Tensor.randomNormal(s, 8).toFloatArray()));
    assertArrayEquals(
        Tensor.randomUniform(s, -1, 1, 7).toFloatArray(),
        Tensor.randomUniform(s, -1, 1, 7).toFloatArray());
    assertFalse(
        Arrays.equals(
            Tensor.randomUniform(s, -1, 1, 7).toFloatArray(),
            Tensor.randomUniform(s, -1, 1, 8).toFloatArray()));
  }

  @Test
  void valuesDependOnTheElementCountNotTheShape() {
    float[] flat = Tensor.randomNormal(Shape.of(100), 3).toFloatArray();
    assertArrayEquals(flat, Tensor.randomNormal(Shape.of(4, 5, 5), 3).toFloatArray());
    assertArrayEquals(Arrays.copyOf(flat, 11), Tensor.randomNormal(Shape.of(11), 3).toFloatArray());
    float[] u = Tensor.randomUniform(Shape.of(2, 10), 0, 1, 3).toFloatArray();
    assertArrayEquals(
        Arrays.copyOf(u, 7), Tensor.randomUniform(Shape.of(7), 0, 1, 3).toFloatArray());
  }

  @Test
  void shapeAndDType() {
    Tensor n = Tensor.randomNormal(Shape.of(2, 3), 0);
    assertEquals(DType.FLOAT32, n.dtype());
    assertEquals(Shape.of(2, 3), n.shape());
    assertEquals(Shape.scalar(), Tensor.randomUniform(Shape.scalar(), 0, 1, 0).shape());
    assertEquals(0, Tensor.randomNormal(Shape.of(0, 4), 0).size());
  }

  @Test
  void normalMomentsWithinStatisticalTolerance() {
    float[] y = Tensor.randomNormal(Shape.of(N), 2024).toFloatArray();
    double mean = mean(y);
    double var = variance(y, mean);
    // standard errors: 1/sqrt(N) = 0.0032 for the mean, sqrt(2/N) = 0.0045 for the variance
    assertEquals(0, mean, 0.016, "mean");
    assertEquals(1, var, 0.023, "variance");
    int below = 0;
    int beyond3 = 0;
    for (float v : y) {
      below += v < 0 ? 1 : 0;
      beyond3 += Math.abs(v) > 3 ? 1 : 0;
      assertTrue(Float.isFinite(v));
    }
    assertEquals(0.5, below / (double) N, 0.008, "P(z < 0)");
    assertEquals(0.0027, beyond3 / (double) N, 0.0009, "P(|z| > 3)");
  }

  @Test
  void uniformMomentsAndBounds() {
    float[] y = Tensor.randomUniform(Shape.of(N), -2, 3, 99).toFloatArray();
    double mean = mean(y);
    double var = variance(y, mean);
    // width 5: mean 0.5 (se 0.0046), variance 25/12 (se 0.0059)
    assertEquals(0.5, mean, 0.023, "mean");
    assertEquals(25.0 / 12, var, 0.03, "variance");
    int[] bins = new int[5];
    for (float v : y) {
      assertTrue(v >= -2 && v < 3, "out of [-2, 3): " + v);
      bins[(int) Math.floor(v + 2)]++;
    }
    for (int b : bins) {
      assertEquals(N / 5.0, b, 600, "bin counts " + Arrays.toString(bins));
    }
  }

  @Test
  void roundingNeverReachesHi() {
    // only 2^24 lies in [2^24, 2^24 + 2) among floats; about half the doubles there round up to hi
    float[] y = Tensor.randomUniform(Shape.of(1000), 16777216.0, 16777218.0, 5).toFloatArray();
    for (float v : y) {
      assertEquals(16777216f, v);
    }
    // a lo that no float represents: values stay >= lo
    double lo = (double) 0.1f + 1e-12;
    float[] z = Tensor.randomUniform(Shape.of(1000), lo, lo + 1e-7, 5).toFloatArray();
    for (float v : z) {
      assertTrue(v >= lo && v < lo + 1e-7, "value " + v);
    }
    float[] one = Tensor.randomUniform(Shape.of(10), 1.0, Math.nextUp(1f), 5).toFloatArray();
    for (float v : one) {
      assertEquals(1f, v);
    }
    // a range wider than double's: mixes instead of subtracting
    float[] wide = Tensor.randomUniform(Shape.of(1000), -1e308, 1e308, 5).toFloatArray();
    for (float v : wide) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void badArgumentsAreIllegal() {
    iae(() -> Tensor.randomUniform(Shape.of(2), 1, 1, 0), "randomUniform", "lo=1.0, hi=1.0");
    iae(() -> Tensor.randomUniform(Shape.of(2), 2, 1, 0), "randomUniform", "lo < hi");
    iae(() -> Tensor.randomUniform(Shape.of(2), Double.NaN, 1, 0), "randomUniform", "NaN");
    iae(() -> Tensor.randomUniform(Shape.of(2), 0, Double.POSITIVE_INFINITY, 0), "finite");
    iae(() -> Tensor.randomUniform(Shape.of(2), 0.9999999999, 1.0, 0), "no float32 value");
    iae(() -> Tensor.randomUniform(null, 0, 1, 0), "randomUniform", "'shape' is null");
    iae(() -> Tensor.randomNormal(null, 0), "randomNormal", "'shape' is null");
    iae(() -> Tensor.randomNormal(Shape.of(1 << 16, 1 << 16), 0), "randomNormal", "(65536, 65536)");
    iae(
        () -> Tensor.randomUniform(Shape.of(1 << 16, 1 << 16), 0, 1, 0),
        "randomUniform",
        "(65536, 65536)");
  }

  private static void iae(org.junit.jupiter.api.function.Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(
          e.getMessage().contains(f), () -> "message <" + e.getMessage() + "> lacks <" + f + ">");
    }
  }

  private static double mean(float[] y) {
    double s = 0;
    for (float v : y) {
      s += v;
    }
    return s / y.length;
  }

  private static double variance(float[] y, double mean) {
    double s = 0;
    for (float v : y) {
      s += (v - mean) * (v - mean);
    }
    return s / (y.length - 1);
  }
}
