package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD elementwise, backprop and reduction kernel against its scalar twin, at sizes under, at
 * and over lane multiples and offsets 0 and 1: arithmetic bit for bit (NaN, -0.0 and infinities
 * included), transcendentals within a few ulps, contiguous sums within 1e-5 * n. CI reruns this
 * class with -XX:MaxVectorSize=16 and 32.
 */
class SimdTwinTest {
  static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 255, 1000, 4099};
  static final int[] OFFSETS = {0, 1};
  static final Kernels SIMD = new SimdKernels();
  static final Kernels REF = new ScalarKernels();
  static final BinaryOp[] EXACT_BINARY = {
    BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX, BinaryOp.MIN, BinaryOp.POW
  };
  static final UnaryOp[] EXACT_UNARY = {
    UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SQRT, UnaryOp.SIGN, UnaryOp.RELU
  };
  static final UnaryOp[] ROUNDED_UNARY = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.SIGMOID, UnaryOp.TANH};
  static final float SENTINEL = 12345.5f;

  /** Mostly N(0, 3), with NaN, +-0, +-inf, huge and tiny values sprinkled in. */
  static float[] dataF(SplittableRandom r, int len) {
    float[] specials = {
      Float.NaN,
      0f,
      -0f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      1e30f,
      -1e-30f,
      1f,
      -1f,
      88.8f,
      -104f
    };
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] =
          r.nextInt(10) == 0
              ? specials[r.nextInt(specials.length)]
              : (float) (3 * r.nextGaussian());
    }
    return x;
  }

  static double[] dataD(SplittableRandom r, int len) {
    double[] specials = {
      Double.NaN,
      0,
      -0.0,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      1e300,
      -1e-300,
      1,
      -1,
      710,
      -745.5
    };
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = r.nextInt(10) == 0 ? specials[r.nextInt(specials.length)] : 3 * r.nextGaussian();
    }
    return x;
  }

  static float[] outF(int len) {
    float[] y = new float[len];
    java.util.Arrays.fill(y, SENTINEL);
    return y;
  }

  static double[] outD(int len) {
    double[] y = new double[len];
    java.util.Arrays.fill(y, SENTINEL);
    return y;
  }

  @Test
  void binaryIsExact() {
    int checked = 0;
    for (int n : SIZES) {
      for (int off : OFFSETS) {
        long seed = 1000L * n + off;
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = dataF(r, n + 2);
        float[] b = dataF(r, n + 2);
        double[] ad = dataD(r, n + 2);
        double[] bd = dataD(r, n + 2);
        for (BinaryOp op : EXACT_BINARY) {
          for (int pattern = 0; pattern < 3; pattern++) {
            int ai = pattern == 2 ? 0 : 1;
            int bi = pattern == 1 ? 0 : 1;
            String where =
                op + " n=" + n + " off=" + off + " ai=" + ai + " bi=" + bi + " seed=" + seed;
            float[] ys = outF(n + 2);
            float[] yr = outF(n + 2);
            SIMD.binaryF32(op, a, off, ai, b, 1 - off, bi, ys, off, n);
            REF.binaryF32(op, a, off, ai, b, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "f32 " + where);
            double[] ds = outD(n + 2);
            double[] dr = outD(n + 2);
            SIMD.binaryF64(op, ad, off, ai, bd, 1 - off, bi, ds, off, n);
            REF.binaryF64(op, ad, off, ai, bd, 1 - off, bi, dr, off, n);
            assertArrayEquals(dr, ds, "f64 " + where);
            checked++;
          }
        }
      }
    }
    assertEquals(SIZES.length * OFFSETS.length * EXACT_BINARY.length * 3, checked);
  }

  @Test
  void integerOpsAndComparesAreExact() {
    BinaryOp[] intOps = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.MAX, BinaryOp.MIN};
    UnaryOp[] intUnary = {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SIGN, UnaryOp.RELU};
    int checked = 0;
    for (int n : SIZES) {
      for (int off : OFFSETS) {
        long seed = 3000L * n + off;
        SplittableRandom r = new SplittableRandom(seed);
        int[] a = new int[n + 2];
        int[] b = new int[n + 2];
        long[] al = new long[n + 2];
        long[] bl = new long[n + 2];
        for (int i = 0; i < n + 2; i++) {
          // small values (equal ones too) and the wrapping extremes
          a[i] =
              r.nextInt(8) == 0
                  ? Integer.MIN_VALUE
                  : r.nextInt(-5, 6) * (r.nextBoolean() ? 1 : 123457);
          b[i] = r.nextInt(8) == 0 ? Integer.MAX_VALUE : r.nextInt(-5, 6);
          al[i] =
              r.nextInt(8) == 0
                  ? Long.MIN_VALUE
                  : r.nextLong(-5, 6) * (r.nextBoolean() ? 1 : 1L << 40);
          bl[i] = r.nextInt(8) == 0 ? Long.MAX_VALUE : r.nextLong(-5, 6);
        }
        float[] af = dataF(r, n + 2);
        float[] bf = dataF(r, n + 2);
        double[] ad = dataD(r, n + 2);
        double[] bd = dataD(r, n + 2);
        for (int k = 0; k < n + 2; k += 3) {
          bf[k] = af[k]; // equal pairs, so EQ/GE/LE see true
          bd[k] = ad[k];
        }
        for (int pattern = 0; pattern < 3; pattern++) {
          int ai = pattern == 2 ? 0 : 1;
          int bi = pattern == 1 ? 0 : 1;
          String where = " n=" + n + " off=" + off + " ai=" + ai + " bi=" + bi + " seed=" + seed;
          for (BinaryOp op : intOps) {
            int[] ys = new int[n + 2];
            int[] yr = new int[n + 2];
            SIMD.binaryI32(op, a, off, ai, b, 1 - off, bi, ys, off, n);
            REF.binaryI32(op, a, off, ai, b, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "i32 " + op + where);
            long[] ls = new long[n + 2];
            long[] lr = new long[n + 2];
            SIMD.binaryI64(op, al, off, ai, bl, 1 - off, bi, ls, off, n);
            REF.binaryI64(op, al, off, ai, bl, 1 - off, bi, lr, off, n);
            assertArrayEquals(lr, ls, "i64 " + op + where);
            checked++;
          }
          for (CompareOp op : CompareOp.values()) {
            boolean[] ys = new boolean[n + 2];
            boolean[] yr = new boolean[n + 2];
            SIMD.compareF32(op, af, off, ai, bf, 1 - off, bi, ys, off, n);
            REF.compareF32(op, af, off, ai, bf, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "compareF32 " + op + where);
            SIMD.compareF64(op, ad, off, ai, bd, 1 - off, bi, ys, off, n);
            REF.compareF64(op, ad, off, ai, bd, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "compareF64 " + op + where);
            SIMD.compareI32(op, a, off, ai, b, 1 - off, bi, ys, off, n);
            REF.compareI32(op, a, off, ai, b, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "compareI32 " + op + where);
            SIMD.compareI64(op, al, off, ai, bl, 1 - off, bi, ys, off, n);
            REF.compareI64(op, al, off, ai, bl, 1 - off, bi, yr, off, n);
            assertArrayEquals(yr, ys, "compareI64 " + op + where);
            checked++;
          }
        }
        for (UnaryOp op : intUnary) {
          int[] ys = new int[n + 2];
          int[] yr = new int[n + 2];
          SIMD.unaryI32(op, a, off, ys, 1 - off, n);
          REF.unaryI32(op, a, off, yr, 1 - off, n);
          assertArrayEquals(yr, ys, "i32 " + op + " n=" + n + " off=" + off);
          long[] ls = new long[n + 2];
          long[] lr = new long[n + 2];
          SIMD.unaryI64(op, al, off, ls, 1 - off, n);
          REF.unaryI64(op, al, off, lr, 1 - off, n);
          assertArrayEquals(lr, ls, "i64 " + op + " n=" + n + " off=" + off);
        }
      }
    }
    assertEquals(
        SIZES.length * OFFSETS.length * 3 * (intOps.length + CompareOp.values().length), checked);
  }

  @Test
  void exactUnaryAndBackpropsAreExact() {
    for (int n : SIZES) {
      for (int off : OFFSETS) {
        long seed = 7000L * n + off;
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = dataF(r, n + 1);
        float[] dy = dataF(r, n + 1);
        double[] xd = dataD(r, n + 1);
        double[] dyd = dataD(r, n + 1);
        String where = " n=" + n + " off=" + off + " seed=" + seed;
        for (UnaryOp op : EXACT_UNARY) {
          float[] ys = outF(n + 1);
          float[] yr = outF(n + 1);
          SIMD.unaryF32(op, x, off, ys, 1 - off, n);
          REF.unaryF32(op, x, off, yr, 1 - off, n);
          assertArrayEquals(yr, ys, "f32 " + op + where);
          double[] ds = outD(n + 1);
          double[] dr = outD(n + 1);
          SIMD.unaryF64(op, xd, off, ds, 1 - off, n);
          REF.unaryF64(op, xd, off, dr, 1 - off, n);
          assertArrayEquals(dr, ds, "f64 " + op + where);
        }
        float[] ys = outF(n + 1);
        float[] yr = outF(n + 1);
        SIMD.reluGradF32(dy, 1 - off, x, off, ys, off, n);
        REF.reluGradF32(dy, 1 - off, x, off, yr, off, n);
        assertArrayEquals(yr, ys, "reluGradF32" + where);
        SIMD.absGradF32(dy, 1 - off, x, off, ys, off, n);
        REF.absGradF32(dy, 1 - off, x, off, yr, off, n);
        assertArrayEquals(yr, ys, "absGradF32" + where);
        double[] ds = outD(n + 1);
        double[] dr = outD(n + 1);
        SIMD.reluGradF64(dyd, 1 - off, xd, off, ds, off, n);
        REF.reluGradF64(dyd, 1 - off, xd, off, dr, off, n);
        assertArrayEquals(dr, ds, "reluGradF64" + where);
        SIMD.absGradF64(dyd, 1 - off, xd, off, ds, off, n);
        REF.absGradF64(dyd, 1 - off, xd, off, dr, off, n);
        assertArrayEquals(dr, ds, "absGradF64" + where);
      }
    }
  }

  @Test
  void backpropsByHand() {
    float[] x = {
      2f, -3f, 0f, -0f, Float.NaN, 5f, -1f, 1f, 2f, -3f, 0f, 4f, 2f, -3f, 0f, 4f, 9f, -9f
    };
    float[] dy = new float[x.length];
    java.util.Arrays.fill(dy, 10f);
    float[] relu = new float[x.length];
    float[] abs = new float[x.length];
    SIMD.reluGradF32(dy, 0, x, 0, relu, 0, x.length);
    SIMD.absGradF32(dy, 0, x, 0, abs, 0, x.length);
    assertArrayEquals(
        new float[] {10, 0, 0, 0, 0, 10, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10, 0}, relu);
    assertArrayEquals(
        new float[] {10, -10, 0, 0, 0, 10, -10, 10, 10, -10, 0, 10, 10, -10, 0, 10, 10, -10}, abs);
  }

  @Test
  void transcendentalsWithinAFewUlps() {
    for (int n : SIZES) {
      for (int off : OFFSETS) {
        long seed = 31000L * n + off;
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = dataF(r, n + 1);
        double[] xd = dataD(r, n + 1);
        for (UnaryOp op : ROUNDED_UNARY) {
          String where = op + " n=" + n + " off=" + off + " seed=" + seed;
          float[] ys = outF(n + 1);
          float[] yr = outF(n + 1);
          SIMD.unaryF32(op, x, off, ys, 1 - off, n);
          REF.unaryF32(op, x, off, yr, 1 - off, n);
          for (int i = 0; i < ys.length; i++) {
            if (!closeUlps(yr[i], ys[i], 4, 1e-37)) {
              fail(
                  "f32 "
                      + where
                      + " at "
                      + i
                      + ": x="
                      + x[i - (1 - off) + off]
                      + " simd "
                      + ys[i]
                      + " scalar "
                      + yr[i]);
            }
          }
          double[] ds = outD(n + 1);
          double[] dr = outD(n + 1);
          SIMD.unaryF64(op, xd, off, ds, 1 - off, n);
          REF.unaryF64(op, xd, off, dr, 1 - off, n);
          for (int i = 0; i < ds.length; i++) {
            if (!closeUlps(dr[i], ds[i], 4, 1e-306)) {
              fail("f64 " + where + " at " + i + ": simd " + ds[i] + " scalar " + dr[i]);
            }
          }
        }
      }
    }
  }

  static boolean closeUlps(double want, double got, int ulps, double tiny) {
    if (Double.isNaN(want) || Double.isNaN(got)) {
      return Double.isNaN(want) && Double.isNaN(got);
    }
    if (want == got) {
      return true;
    }
    double tol =
        ulps
            * Math.max(
                want == (float) want && got == (float) got
                    ? Math.ulp((float) want)
                    : Math.ulp(want),
                Math.ulp(got));
    return Math.abs(want - got) <= Math.max(tol, tiny);
  }

  @Test
  void reductionsMatchTheTwin() {
    int lanes = SimdElementwise.lanesF32();
    int[] inners = {1, lanes - 1, lanes, lanes + 1, 17, 256};
    int[] rs = {0, 1, 3, 64};
    for (ReduceOp op : ReduceOp.values()) {
      // contiguous runs: the vector path adds in another order, so sums agree within 1e-5 * n
      for (int n : SIZES) {
        for (int off : OFFSETS) {
          for (int outer = 1; outer <= 3; outer += 2) {
            long seed = 5000L * n + off + outer;
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[off + outer * n];
            double[] xd = new double[off + outer * n];
            for (int i = 0; i < x.length; i++) {
              xd[i] = 3 * r.nextGaussian();
              x[i] = (float) xd[i];
            }
            float[] ys = outF(outer + 1);
            float[] yr = outF(outer + 1);
            SIMD.reduceF32(op, x, off, outer, n, 1, ys, off);
            REF.reduceF32(op, x, off, outer, n, 1, yr, off);
            double[] ds = outD(outer + 1);
            double[] dr = outD(outer + 1);
            SIMD.reduceF64(op, xd, off, outer, n, 1, ds, off);
            REF.reduceF64(op, xd, off, outer, n, 1, dr, off);
            String where = op + " n=" + n + " outer=" + outer + " off=" + off + " seed=" + seed;
            for (int i = 0; i < ys.length; i++) {
              double tol = op == ReduceOp.SUM ? 1e-5 * Math.max(n, 1) * 3 : 0;
              assertEquals(yr[i], ys[i], tol, "f32 " + where);
              assertEquals(dr[i], ds[i], tol * 1e-8, "f64 " + where);
            }
          }
        }
      }
      // strided runs: whole rows of lanes in the twin's order, so bit for bit
      for (int inner : inners) {
        if (inner < 2) {
          continue; // a contiguous run: checked above, within a tolerance
        }
        for (int rr : rs) {
          for (int off : OFFSETS) {
            long seed = 9000L * inner + rr + off;
            SplittableRandom r = new SplittableRandom(seed);
            int outer = 2;
            float[] x = dataF(r, off + outer * rr * inner);
            double[] xd = dataD(r, off + outer * rr * inner);
            float[] ys = outF(off + outer * inner + 1);
            float[] yr = outF(off + outer * inner + 1);
            SIMD.reduceF32(op, x, off, outer, rr, inner, ys, off);
            REF.reduceF32(op, x, off, outer, rr, inner, yr, off);
            String where = op + " inner=" + inner + " r=" + rr + " off=" + off + " seed=" + seed;
            assertArrayEquals(yr, ys, "f32 " + where);
            double[] ds = outD(off + outer * inner + 1);
            double[] dr = outD(off + outer * inner + 1);
            SIMD.reduceF64(op, xd, off, outer, rr, inner, ds, off);
            REF.reduceF64(op, xd, off, outer, rr, inner, dr, off);
            assertArrayEquals(dr, ds, "f64 " + where);
          }
        }
      }
    }
  }

  @Test
  void reductionSpecialValues() {
    float[] x = new float[100];
    java.util.Arrays.fill(x, -0f);
    float[] y = new float[1];
    SIMD.reduceF32(ReduceOp.SUM, x, 0, 1, 100, 1, y, 0);
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(y[0]), "a sum of -0.0s is +0.0");
    x[57] = Float.NaN;
    SIMD.reduceF32(ReduceOp.MAX, x, 0, 1, 100, 1, y, 0);
    assertEquals(Float.NaN, y[0], "max propagates NaN");
    SIMD.reduceF32(ReduceOp.MIN, x, 0, 1, 100, 1, y, 0);
    assertEquals(Float.NaN, y[0], "min propagates NaN");
    float[] ramp = new float[1000];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i;
    }
    SIMD.reduceF32(ReduceOp.SUM, ramp, 0, 1, 1000, 1, y, 0);
    assertEquals(499500f, y[0]);
    SIMD.reduceF32(ReduceOp.MAX, ramp, 0, 1, 1000, 1, y, 0);
    assertEquals(999f, y[0]);
  }
}
