package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twin test of {@link SimdMathKernels} against {@link ScalarMathKernels}: every {@link MathOp}
 * on seeded random inputs (NaN, infinities, signed zeros and integers mixed in, magnitudes to 20 so
 * softplus's thresholds and erf's clamp are crossed), at sizes under, at and over the lane
 * multiples, offsets 0 and 1. Arithmetic functions and the float erf must match bit for bit, the
 * transcendental lanes within 4 ulps of the result (of {@code 1 + |y|} for elu and selu, whose
 * {@code e^x - 1} carries exp's absolute error). Elements outside {@code [yo, yo + n)} stay.
 */
class MathKernelsTest {
  static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 255, 1000, 4099};
  static final float SENTINEL = -12345.5f;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (MathOp op : MathOp.values()) {
      for (int n : SIZES) {
        for (int off = 0; off <= 1; off++) {
          out.add(Arguments.of(op, n, off));
        }
      }
    }
    return out.stream();
  }

  static long seed(MathOp op, int n, int off) {
    return 0x3A7BL * 1_000_003L + op.ordinal() * 7919L + n * 31L + off;
  }

  static double value(SplittableRandom r) {
    return switch (r.nextInt(40)) {
      case 0 -> Double.NaN;
      case 1 -> 0.0;
      case 2 -> -0.0;
      case 3 -> Double.POSITIVE_INFINITY;
      case 4 -> Double.NEGATIVE_INFINITY;
      case 5 -> r.nextInt(-8, 9) * 0.5;
      case 6 -> r.nextDouble(-1e-6, 1e-6);
      default -> r.nextDouble(-20, 20);
    };
  }

  static boolean exact(MathOp op) {
    return switch (op) {
      case RECIPROCAL, RSQRT, FLOOR, CEIL, ROUND, ERF, SOFTSIGN, RELU6 -> true;
      default -> false;
    };
  }

  /**
   * Float32 tolerances in float32 ulps: the lanes' exp/log run on the JIT's intrinsic or, before C2
   * compiles them, on the Vector API's Java fallback, and the two may round differently by an ulp
   * (widened to double, {@code Math.ulp} would have asked for double ulps, i.e. exact equality).
   */
  static double tolerance(MathOp op, float y) {
    if (op == MathOp.ELU || op == MathOp.SELU) {
      return 4 * Math.ulp(1 + Math.abs(y));
    }
    return 4 * Math.ulp(y);
  }

  static double tolerance(MathOp op, double y) {
    if (op == MathOp.ELU || op == MathOp.SELU) {
      return 4 * Math.ulp(1 + Math.abs(y));
    }
    return 4 * Math.ulp(y);
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void float32LanesMatchTheScalarTwin(MathOp op, int n, int off) {
    long seed = seed(op, n, off);
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n + off];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) value(r);
    }
    float[] want = new float[n + 2 * off];
    float[] got = new float[n + 2 * off];
    java.util.Arrays.fill(want, SENTINEL);
    java.util.Arrays.fill(got, SENTINEL);
    new ScalarMathKernels().unaryF32(op, x, off, want, off, n);
    new SimdMathKernels().unaryF32(op, x, off, got, off, n);
    for (int i = 0; i < got.length; i++) {
      String at = op + " n=" + n + " off=" + off + " seed=" + seed + " i=" + i;
      if (i < off || i >= off + n) {
        assertEquals(SENTINEL, got[i], at + " outside the range was written");
      } else if (exact(op) || !Float.isFinite(want[i])) {
        assertEquals(want[i], got[i], at + " x=" + x[i]);
      } else if (!(Math.abs(got[i] - want[i]) <= tolerance(op, want[i]) * 1.0)) {
        fail(at + " x=" + x[i] + ": simd " + got[i] + ", scalar " + want[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void float64LanesMatchTheScalarTwin(MathOp op, int n, int off) {
    long seed = seed(op, n, off) + 1;
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n + off];
    for (int i = 0; i < x.length; i++) {
      x[i] = value(r);
    }
    double[] want = new double[n + 2 * off];
    double[] got = new double[n + 2 * off];
    java.util.Arrays.fill(want, SENTINEL);
    java.util.Arrays.fill(got, SENTINEL);
    new ScalarMathKernels().unaryF64(op, x, off, want, off, n);
    new SimdMathKernels().unaryF64(op, x, off, got, off, n);
    for (int i = 0; i < got.length; i++) {
      String at = op + " n=" + n + " off=" + off + " seed=" + seed + " i=" + i;
      if (i < off || i >= off + n) {
        assertEquals(SENTINEL, got[i], at + " outside the range was written");
      } else if (exact(op) || !Double.isFinite(want[i])) {
        assertEquals(want[i], got[i], at + " x=" + x[i]);
      } else if (!(Math.abs(got[i] - want[i]) <= tolerance(op, want[i]))) {
        fail(at + " x=" + x[i] + ": simd " + got[i] + ", scalar " + want[i]);
      }
    }
  }

  static Stream<Arguments> scans() {
    List<Arguments> out = new ArrayList<>();
    for (int inner : SIZES) {
      for (int flags = 0; flags < 8; flags++) {
        out.add(Arguments.of(inner, flags));
      }
    }
    return out.stream();
  }

  /** Scans over rows of {@code inner} lanes: the same adds (or multiplies) in order, same bits. */
  @ParameterizedTest(name = "inner={0} flags={1}")
  @MethodSource("scans")
  void scanLanesMatchTheScalarTwin(int inner, int flags) {
    boolean prod = (flags & 1) != 0;
    boolean exclusive = (flags & 2) != 0;
    boolean reverse = (flags & 4) != 0;
    long seed = 0x5CA7L * 1_000_003L + inner * 31L + flags;
    SplittableRandom r = new SplittableRandom(seed);
    int outer = 2;
    int n = 5;
    int len = outer * n * inner;
    float[] x = new float[len];
    double[] xd = new double[len];
    for (int i = 0; i < len; i++) {
      xd[i] = value(r);
      x[i] = (float) xd[i];
    }
    float[] want = new float[len];
    float[] got = new float[len];
    new ScalarMathKernels().scanF32(prod, exclusive, reverse, x, outer, n, inner, want);
    new SimdMathKernels().scanF32(prod, exclusive, reverse, x, outer, n, inner, got);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "float seed=" + seed);
    double[] wantD = new double[len];
    double[] gotD = new double[len];
    new ScalarMathKernels().scanF64(prod, exclusive, reverse, xd, outer, n, inner, wantD);
    new SimdMathKernels().scanF64(prod, exclusive, reverse, xd, outer, n, inner, gotD);
    org.junit.jupiter.api.Assertions.assertArrayEquals(wantD, gotD, "double seed=" + seed);
  }
}
