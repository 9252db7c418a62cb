package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 exp/log lanes (SimdElementwise) and the float sums' lane tree (SimdReduce) give one
 * answer whatever the JIT has done: the Vector API's EXP, LOG, LOG1P, EXPM1 and its ADD reduction
 * round one way in C2 (SVML, a shuffle tree) and another in the interpreter and C1 (Math per lane,
 * lane order), and a Fashion-MNIST fit gave other weights run to run because of it. Each check runs
 * a few hundred times over the same data, so it sees the interpreted or C1 code first and C2's code
 * last, and compares every round with a scalar form written in plain float arithmetic (which the
 * JVM evaluates alike at every tier).
 */
class TranscendentalLanesTest {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final int ROUNDS = 300;

  /** Random floats over every exponent and sign, plus the values the code treats apart. */
  static float[] inputs(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    float[] special = {
      0f,
      -0f,
      1f,
      -1f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      Float.MIN_NORMAL,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      88.72283f,
      88.72284f,
      88.8f,
      89f,
      -87.33654f,
      -103.97208f,
      -104f,
      -200f,
      1e-8f,
      -1e-8f,
      0.5f,
      2f,
      -0.99999994f,
      (float) Math.E,
      0.70710677f,
      0.7071068f,
      1.4142135f,
      1e-30f,
      3e-39f
    };
    for (int i = 0; i < n; i++) {
      if (i < special.length) {
        x[i] = special[i];
      } else if (i % 3 == 0) {
        x[i] = Float.intBitsToFloat(r.nextInt()); // any bit pattern
      } else if (i % 3 == 1) {
        x[i] = (float) (r.nextDouble() * 220 - 120); // exp's whole range and beyond
      } else {
        x[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-30, 30)));
      }
    }
    return x;
  }

  interface Lanes {
    FloatVector apply(FloatVector v);
  }

  interface Scalar {
    float apply(float v);
  }

  private static void lanesMatchScalar(String name, Lanes lanes, Scalar scalar, long seed) {
    float[] x = inputs(seed, 64 * L);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = scalar.apply(x[i]);
    }
    float[] got = new float[x.length];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < x.length; i += L) {
        lanes.apply(FloatVector.fromArray(F, x, i)).intoArray(got, i);
      }
      for (int i = 0; i < x.length; i++) {
        if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
          throw new AssertionError(
              name
                  + "("
                  + x[i]
                  + ") = "
                  + got[i]
                  + " on lanes in round "
                  + round
                  + ", scalar form "
                  + want[i]
                  + " (seed "
                  + seed
                  + ")");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void expLanesAreTheScalarFormAtEveryTier(long seed) {
    lanesMatchScalar("exp", SimdElementwise::exp, ScalarKernels::expF32, seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void logLanesAreTheScalarFormAtEveryTier(long seed) {
    lanesMatchScalar("log", SimdElementwise::log, ScalarKernels::logF32, seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void log1pAndExpm1LanesAreTheScalarFormAtEveryTier(long seed) {
    lanesMatchScalar("log1p", SimdElementwise::log1p, ScalarKernels::log1pF32, seed);
    lanesMatchScalar("expm1", SimdElementwise::expm1, ScalarKernels::expm1F32, seed);
  }

  /** Largest error in float ulps of the result against the double-precision function. */
  private static double maxUlps(
      Scalar f, DoubleUnaryOperator exact, float lo, float hi, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      float x = (float) (lo + (hi - lo) * r.nextDouble());
      double want = exact.applyAsDouble(x);
      float got = f.apply(x);
      double ulp = Math.max(Math.ulp((float) want), Float.MIN_VALUE);
      worst = Math.max(worst, Math.abs(got - want) / ulp);
    }
    return worst;
  }

  @Test
  void accuracyAgainstDoublePrecision() {
    // Cephes' expf/logf polynomials evaluated in float without FMA (as TF's x86 builds evaluate
    // Eigen's): measured worst cases below 1.5 ulps for exp and log
    assertTrue(maxUlps(ScalarKernels::expF32, Math::exp, -87f, 88.7f, 7) <= 2, "exp");
    assertTrue(maxUlps(ScalarKernels::logF32, Math::log, 1e-30f, 1e30f, 7) <= 2, "log");
    assertTrue(maxUlps(ScalarKernels::logF32, Math::log, 0.5f, 2f, 8) <= 2, "log near 1");
    assertTrue(maxUlps(ScalarKernels::log1pF32, Math::log1p, -0.999f, 10f, 7) <= 3, "log1p");
    assertTrue(maxUlps(ScalarKernels::log1pF32, Math::log1p, -1e-3f, 1e-3f, 8) <= 3, "log1p 0");
    assertTrue(maxUlps(ScalarKernels::expm1F32, Math::expm1, -20f, 20f, 7) <= 3, "expm1");
    assertTrue(maxUlps(ScalarKernels::expm1F32, Math::expm1, -1e-3f, 1e-3f, 8) <= 3, "expm1 0");
    assertTrue(maxUlps(ScalarKernels::sigmoidF32, v -> 1 / (1 + Math.exp(-v)), -80, 30, 7) <= 3);
  }

  @Test
  void edgeValuesAsTfGivesThem() {
    assertEquals(1f, ScalarKernels.expF32(0f));
    assertEquals(0f, ScalarKernels.expF32(Float.NEGATIVE_INFINITY));
    assertEquals(0f, ScalarKernels.expF32(-104f));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.expF32(Float.POSITIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.expF32(88.73f));
    assertTrue(ScalarKernels.expF32(88.72f) < Float.POSITIVE_INFINITY);
    assertTrue(ScalarKernels.expF32(-100f) > 0); // subnormal, as exp(-100) = 3.7e-44
    assertTrue(Float.isNaN(ScalarKernels.expF32(Float.NaN)));
    assertEquals(0f, ScalarKernels.logF32(1f));
    assertEquals(Float.NEGATIVE_INFINITY, ScalarKernels.logF32(0f));
    assertEquals(Float.NEGATIVE_INFINITY, ScalarKernels.logF32(-0f));
    assertTrue(Float.isNaN(ScalarKernels.logF32(-1f)));
    assertTrue(Float.isNaN(ScalarKernels.logF32(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.logF32(Float.POSITIVE_INFINITY));
    assertEquals((float) Math.log(Float.MIN_VALUE), ScalarKernels.logF32(Float.MIN_VALUE));
    assertEquals(Float.NEGATIVE_INFINITY, ScalarKernels.log1pF32(-1f));
    assertEquals(-0f, ScalarKernels.log1pF32(-0f));
    assertEquals(1e-10f, ScalarKernels.log1pF32(1e-10f));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.log1pF32(Float.POSITIVE_INFINITY));
    assertEquals(-0f, ScalarKernels.expm1F32(-0f));
    assertEquals(-1f, ScalarKernels.expm1F32(Float.NEGATIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.expm1F32(Float.POSITIVE_INFINITY));
    assertEquals(1e-10f, ScalarKernels.expm1F32(1e-10f));
  }

  /**
   * The unary kernels run the lanes on whole vectors and the scalar twin (Math, as TF's scalar
   * tails run the C library) on the tail: the same values at every tier.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void unaryKernelsAreStableAcrossTiers(int seed) {
    float[] x = inputs(seed, 40 * L + 5);
    Kernels simd = new SimdKernels();
    UnaryOp[] ops = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P, UnaryOp.SIGMOID};
    for (UnaryOp op : ops) {
      float[] first = new float[x.length];
      simd.unaryF32(op, x, 0, first, 0, x.length);
      int body = x.length - x.length % L;
      for (int i = 0; i < x.length; i++) {
        float want =
            i >= body
                ? scalarTwin(op, x[i])
                : switch (op) {
                  case EXP -> ScalarKernels.expF32(x[i]);
                  case LOG -> ScalarKernels.logF32(x[i]);
                  case LOG1P -> ScalarKernels.log1pF32(x[i]);
                  default -> ScalarKernels.sigmoidF32(x[i]);
                };
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(first[i]), op + " at " + i);
      }
      float[] again = new float[x.length];
      for (int round = 0; round < ROUNDS; round++) {
        simd.unaryF32(op, x, 0, again, 0, x.length);
        for (int i = 0; i < x.length; i++) {
          if (Float.floatToIntBits(again[i]) != Float.floatToIntBits(first[i])) {
            throw new AssertionError(op + "(" + x[i] + ") changed in round " + round);
          }
        }
      }
    }
  }

  private static float scalarTwin(UnaryOp op, float v) {
    float[] y = new float[1];
    new ScalarKernels().unaryF32(op, new float[] {v}, 0, y, 0, 1);
    return y[0];
  }

  /** SimdReduce's contiguous float sum as documented: lanes j mod 4L, blocks of 64L in double. */
  private static float documentedSum(float[] x, int n) {
    int ub4 = n - n % (4 * L);
    double total = 0;
    int i = 0;
    while (i < ub4) {
      int end = Math.min(ub4, i + 64 * L);
      float[][] acc = new float[4][L];
      for (; i < end; i += 4 * L) {
        for (int a = 0; a < 4; a++) {
          for (int l = 0; l < L; l++) {
            acc[a][l] += x[i + a * L + l];
          }
        }
      }
      float[] v = new float[L];
      for (int l = 0; l < L; l++) {
        v[l] = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
      }
      for (int h = L / 2; h >= 1; h /= 2) { // lane l + lane l ^ h, halves first
        float[] w = new float[L];
        for (int l = 0; l < L; l++) {
          w[l] = v[l] + v[l ^ h];
        }
        v = w;
      }
      total += v[0];
    }
    for (; i < n; i++) {
      total += x[i];
    }
    return (float) total;
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 1000, 4099, 70_001})
  void floatSumsKeepOneOrderAtEveryTier(int n) {
    SplittableRandom r = new SplittableRandom(n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
    }
    float want = documentedSum(x, n);
    Kernels simd = new SimdKernels();
    float[] y = new float[1];
    for (int round = 0; round < ROUNDS; round++) {
      simd.reduceF32(ReduceOp.SUM, x, 0, 1, n, 1, y, 0);
      assertEquals(
          Float.floatToIntBits(want), Float.floatToIntBits(y[0]), "n " + n + " round " + round);
    }
  }
}
