package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every elementwise kernel of every {@link Kernels} implementation against a naive per-element
 * reference written here, on seeded random inputs (with NaN, infinities and signed zeros mixed in),
 * at sizes under, at and over the lane multiples, offsets 0 and 1, and each operand pattern
 * (contiguous or repeated). Arithmetic must match bit for bit; transcendentals within 2 ulps (or
 * the smallest normal, so a vector exp may flush a subnormal sigmoid tail to 0). Elements outside
 * {@code [yo, yo + n)} must stay untouched.
 */
class ElementwiseKernelsTest {
  static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 255, 1000, 4099};
  static final int[][] PATTERNS = {{1, 1}, {1, 0}, {0, 1}};
  static final float SENTINEL_F = -12345.5f;

  /** The implementations under test: a SIMD override is checked as soon as it exists. */
  static List<Kernels> kernels() {
    return List.of(new ScalarKernels(), new SimdKernels());
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Kernels k : kernels()) {
      for (int n : SIZES) {
        for (int off = 0; off <= 1; off++) {
          out.add(Arguments.of(k, n, off));
        }
      }
    }
    return out.stream();
  }

  private static long seed(Kernels k, int n, int off) {
    return 0xE1E3L * 1_000_003L + n * 31L + off;
  }

  private static String where(Kernels k, int n, int off, String what) {
    return k.name() + " n=" + n + " off=" + off + " " + what + " seed=" + seed(k, n, off);
  }

  // ------------------------------------------------------------------ inputs

  private static float[] floats(SplittableRandom r, int len) {
    float[] v = new float[len];
    for (int i = 0; i < len; i++) {
      int s = r.nextInt(40);
      v[i] =
          switch (s) {
            case 0 -> Float.NaN;
            case 1 -> 0f;
            case 2 -> -0f;
            case 3 -> Float.POSITIVE_INFINITY;
            case 4 -> Float.NEGATIVE_INFINITY;
            case 5 -> (float) r.nextInt(-4, 5);
            default -> (float) (r.nextDouble() * 8 - 4);
          };
    }
    return v;
  }

  private static double[] doubles(SplittableRandom r, int len) {
    float[] f = floats(r, len);
    double[] v = new double[len];
    for (int i = 0; i < len; i++) {
      v[i] = f[i] + (Float.isFinite(f[i]) && f[i] != Math.rint(f[i]) ? r.nextDouble() * 1e-9 : 0);
    }
    return v;
  }

  private static int[] ints(SplittableRandom r, int len, boolean small) {
    int[] v = new int[len];
    for (int i = 0; i < len; i++) {
      v[i] = small ? r.nextInt(-6, 7) : r.nextInt(4) == 0 ? r.nextInt(-3, 4) : r.nextInt();
    }
    return v;
  }

  private static long[] longs(SplittableRandom r, int len, boolean small) {
    long[] v = new long[len];
    for (int i = 0; i < len; i++) {
      v[i] = small ? r.nextInt(-6, 7) : r.nextInt(4) == 0 ? r.nextInt(-3, 4) : r.nextLong();
    }
    return v;
  }

  // ------------------------------------------------------------------ references

  private static double refBinary(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> (a == 1 || (a == -1 && Double.isInfinite(b))) ? 1 : Math.pow(a, b);
      case MAX ->
          Double.isNaN(a) || Double.isNaN(b)
              ? Double.NaN
              : a == b && a == 0 ? (Double.doubleToRawLongBits(a) == 0 ? a : b) : a > b ? a : b;
      case MIN ->
          Double.isNaN(a) || Double.isNaN(b)
              ? Double.NaN
              : a == b && a == 0 ? (Double.doubleToRawLongBits(a) != 0 ? a : b) : a < b ? a : b;
    };
  }

  private static float refBinaryF(BinaryOp op, float a, float b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      default -> (float) refBinary(op, a, b);
    };
  }

  private static long refBinaryL(BinaryOp op, long a, long b, boolean int32) {
    long r =
        switch (op) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          case DIV -> a / b;
          case POW -> {
            long p = 1;
            for (long i = 0; i < b; i++) {
              p *= a;
            }
            yield p;
          }
          case MAX -> Math.max(a, b);
          case MIN -> Math.min(a, b);
        };
    return int32 ? (int) r : r;
  }

  private static boolean refCompare(CompareOp op, double a, double b) {
    return switch (op) {
      case GT -> a > b;
      case GE -> a >= b;
      case LT -> a < b;
      case LE -> a <= b;
      case EQ -> a == b;
      case NE -> a != b;
    };
  }

  private static double refUnary(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> x < 0 || (x == 0 && 1 / x < 0) ? -x : x;
      case SQUARE -> x * x;
      case SQRT -> Math.sqrt(x);
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case LOG1P -> Math.log1p(x);
      case SIGN -> Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
      case RELU -> Double.isNaN(x) ? x : x > 0 ? x : 0;
      case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      case TANH -> Math.tanh(x);
    };
  }

  private static boolean transcendental(UnaryOp op) {
    return op == UnaryOp.EXP
        || op == UnaryOp.LOG
        || op == UnaryOp.LOG1P
        || op == UnaryOp.SIGMOID
        || op == UnaryOp.TANH;
  }

  // messages are built only on failure: building one per element costs more than the kernels
  private static boolean sameD(double expected, double actual, double ulps) {
    return Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual)
        || (ulps > 0
            && !Double.isNaN(expected)
            && Math.abs(expected - actual)
                <= Math.max(ulps * Math.ulp(expected), Double.MIN_NORMAL));
  }

  private static boolean sameF(float expected, float actual, double ulps) {
    return Float.floatToIntBits(expected) == Float.floatToIntBits(actual)
        || (ulps > 0
            && !Float.isNaN(expected)
            && Math.abs(expected - actual)
                <= Math.max(ulps * Math.ulp(expected), Float.MIN_NORMAL));
  }

  // ------------------------------------------------------------------ binary

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void binaryFloats(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (BinaryOp op : BinaryOp.values()) {
      for (int[] p : PATTERNS) {
        float[] a = floats(r, off + n + 1);
        float[] b = floats(r, off + n + 1);
        float[] y = new float[off + n + 2];
        java.util.Arrays.fill(y, SENTINEL_F);
        k.binaryF32(op, a, off, p[0], b, off, p[1], y, off, n);
        double tol = op == BinaryOp.POW ? 2 : 0;
        for (int i = 0; i < n; i++) {
          float e = refBinaryF(op, a[off + i * p[0]], b[off + i * p[1]]);
          if (!sameF(e, y[off + i], tol)) {
            fail(
                where(
                        k,
                        n,
                        off,
                        "f32 "
                            + op
                            + " "
                            + p[0]
                            + p[1]
                            + " at "
                            + i
                            + " a="
                            + a[off + i * p[0]]
                            + " b="
                            + b[off + i * p[1]])
                    + ": expected "
                    + (e)
                    + " but was "
                    + (y[off + i]));
          }
        }
        assertUntouched(y, off, n, where(k, n, off, "f32 " + op));

        double[] ad = doubles(r, off + n + 1);
        double[] bd = doubles(r, off + n + 1);
        double[] yd = new double[off + n + 2];
        java.util.Arrays.fill(yd, SENTINEL_F);
        k.binaryF64(op, ad, off, p[0], bd, off, p[1], yd, off, n);
        for (int i = 0; i < n; i++) {
          double e = refBinary(op, ad[off + i * p[0]], bd[off + i * p[1]]);
          if (!sameD(e, yd[off + i], tol)) {
            fail(
                where(k, n, off, "f64 " + op + " " + p[0] + p[1] + " at " + i)
                    + ": expected "
                    + (e)
                    + " but was "
                    + (yd[off + i]));
          }
        }
        if ((SENTINEL_F) != (yd[off + n])) {
          fail(
              where(k, n, off, "f64 tail")
                  + ": expected "
                  + (SENTINEL_F)
                  + " but was "
                  + (yd[off + n]));
        }
        if (off > 0) {
          if ((SENTINEL_F) != (yd[0])) {
            fail(
                where(k, n, off, "f64 head")
                    + ": expected "
                    + (SENTINEL_F)
                    + " but was "
                    + (yd[0]));
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void binaryIntegers(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (BinaryOp op : BinaryOp.values()) {
      boolean small = op == BinaryOp.POW;
      for (int[] p : PATTERNS) {
        int[] a = ints(r, off + n + 1, small);
        int[] b = ints(r, off + n + 1, small);
        long[] al = longs(r, off + n + 1, small);
        long[] bl = longs(r, off + n + 1, small);
        for (int i = 0; i < b.length; i++) {
          // exact integer kernels: no division by zero, no negative exponents
          if (op == BinaryOp.DIV && b[i] == 0) {
            b[i] = 7;
          }
          if (op == BinaryOp.DIV && bl[i] == 0) {
            bl[i] = 7;
          }
          if (op == BinaryOp.POW) {
            b[i] = Math.abs(b[i]) * 7;
            bl[i] = Math.abs(bl[i]) * 11;
          }
        }
        int[] y = new int[off + n + 2];
        java.util.Arrays.fill(y, -777);
        k.binaryI32(op, a, off, p[0], b, off, p[1], y, off, n);
        long[] yl = new long[off + n + 2];
        java.util.Arrays.fill(yl, -777);
        k.binaryI64(op, al, off, p[0], bl, off, p[1], yl, off, n);
        for (int i = 0; i < n; i++) {
          int ia = off + i * p[0];
          int ib = off + i * p[1];
          if ((refBinaryL(op, a[ia], b[ib], true)) != (y[off + i])) {
            fail(
                where(
                        k,
                        n,
                        off,
                        "i32 " + op + " " + p[0] + p[1] + " at " + i + " a=" + a[ia] + " b="
                            + b[ib])
                    + ": expected "
                    + (refBinaryL(op, a[ia], b[ib], true))
                    + " but was "
                    + (y[off + i]));
          }
          if ((refBinaryL(op, al[ia], bl[ib], false)) != (yl[off + i])) {
            fail(
                where(
                        k,
                        n,
                        off,
                        "i64 " + op + " " + p[0] + p[1] + " at " + i + " a=" + al[ia] + " b="
                            + bl[ib])
                    + ": expected "
                    + (refBinaryL(op, al[ia], bl[ib], false))
                    + " but was "
                    + (yl[off + i]));
          }
        }
        if ((-777) != (y[off + n])) {
          fail(where(k, n, off, "i32 tail") + ": expected " + (-777) + " but was " + (y[off + n]));
        }
        if ((-777) != (yl[off + n])) {
          fail(where(k, n, off, "i64 tail") + ": expected " + (-777) + " but was " + (yl[off + n]));
        }
        if (off > 0) {
          if ((-777) != (y[0])) {
            fail(where(k, n, off, "i32 head") + ": expected " + (-777) + " but was " + (y[0]));
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void mulNoNan(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (int[] p : PATTERNS) {
      float[] a = floats(r, off + n + 1);
      float[] b = floats(r, off + n + 1);
      float[] y = new float[off + n + 2];
      java.util.Arrays.fill(y, SENTINEL_F);
      k.mulNoNanF32(a, off, p[0], b, off, p[1], y, off, n);
      double[] ad = doubles(r, off + n + 1);
      double[] bd = doubles(r, off + n + 1);
      double[] yd = new double[off + n + 1];
      k.mulNoNanF64(ad, off, p[0], bd, off, p[1], yd, off, n);
      for (int i = 0; i < n; i++) {
        float bv = b[off + i * p[1]];
        if (!sameF(bv == 0 ? 0f : a[off + i * p[0]] * bv, y[off + i], 0)) {
          fail(
              where(k, n, off, "mulNoNanF32 at " + i)
                  + ": expected "
                  + (bv == 0 ? 0f : a[off + i * p[0]] * bv)
                  + " but was "
                  + (y[off + i]));
        }
        double bdv = bd[off + i * p[1]];
        if (!sameD(bdv == 0 ? 0 : ad[off + i * p[0]] * bdv, yd[off + i], 0)) {
          fail(
              where(k, n, off, "mulNoNanF64 at " + i)
                  + ": expected "
                  + (bdv == 0 ? 0 : ad[off + i * p[0]] * bdv)
                  + " but was "
                  + (yd[off + i]));
        }
      }
      assertUntouched(y, off, n, where(k, n, off, "mulNoNanF32"));
    }
  }

  // ------------------------------------------------------------------ compare

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void compare(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (CompareOp op : CompareOp.values()) {
      for (int[] p : PATTERNS) {
        float[] a = floats(r, off + n + 1);
        float[] b = floats(r, off + n + 1);
        double[] ad = doubles(r, off + n + 1);
        double[] bd = doubles(r, off + n + 1);
        int[] ai = ints(r, off + n + 1, true);
        int[] bi = ints(r, off + n + 1, true);
        long[] al = longs(r, off + n + 1, true);
        long[] bl = longs(r, off + n + 1, true);
        boolean[] y1 = new boolean[off + n + 1];
        boolean[] y2 = new boolean[off + n + 1];
        boolean[] y3 = new boolean[off + n + 1];
        boolean[] y4 = new boolean[off + n + 1];
        k.compareF32(op, a, off, p[0], b, off, p[1], y1, off, n);
        k.compareF64(op, ad, off, p[0], bd, off, p[1], y2, off, n);
        k.compareI32(op, ai, off, p[0], bi, off, p[1], y3, off, n);
        k.compareI64(op, al, off, p[0], bl, off, p[1], y4, off, n);
        for (int i = 0; i < n; i++) {
          int x = off + i * p[0];
          int z = off + i * p[1];
          if ((refCompare(op, a[x], b[z])) != (y1[off + i])) {
            fail(
                where(k, n, off, op + " " + p[0] + p[1] + " at " + i)
                    + " f32 "
                    + a[x]
                    + " vs "
                    + b[z]
                    + ": expected "
                    + (refCompare(op, a[x], b[z]))
                    + " but was "
                    + (y1[off + i]));
          }
          if ((refCompare(op, ad[x], bd[z])) != (y2[off + i])) {
            fail(
                where(k, n, off, op + " " + p[0] + p[1] + " at " + i)
                    + " f64"
                    + ": expected "
                    + (refCompare(op, ad[x], bd[z]))
                    + " but was "
                    + (y2[off + i]));
          }
          if ((refCompare(op, ai[x], bi[z])) != (y3[off + i])) {
            fail(
                where(k, n, off, op + " " + p[0] + p[1] + " at " + i)
                    + " i32"
                    + ": expected "
                    + (refCompare(op, ai[x], bi[z]))
                    + " but was "
                    + (y3[off + i]));
          }
          if ((refCompare(op, al[x], bl[z])) != (y4[off + i])) {
            fail(
                where(k, n, off, op + " " + p[0] + p[1] + " at " + i)
                    + " i64"
                    + ": expected "
                    + (refCompare(op, al[x], bl[z]))
                    + " but was "
                    + (y4[off + i]));
          }
        }
        if ((false) != (y1[off + n])) {
          fail(
              where(k, n, off, "compare tail")
                  + ": expected "
                  + (false)
                  + " but was "
                  + (y1[off + n]));
        }
      }
    }
    for (CompareOp op : new CompareOp[] {CompareOp.EQ, CompareOp.NE}) {
      boolean[] a = new boolean[off + n];
      boolean[] b = new boolean[off + n];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextBoolean();
        b[i] = r.nextBoolean();
      }
      boolean[] y = new boolean[off + n];
      k.compareBool(op, a, off, 1, b, off, 1, y, off, n);
      for (int i = 0; i < n; i++) {
        if (((a[off + i] == b[off + i]) == (op == CompareOp.EQ)) != (y[off + i])) {
          fail(
              where(k, n, off, "bool " + op)
                  + ": expected "
                  + ((a[off + i] == b[off + i]) == (op == CompareOp.EQ))
                  + " but was "
                  + (y[off + i]));
        }
      }
    }
  }

  // ------------------------------------------------------------------ unary and fused backprops

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void unaryFloats(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (UnaryOp op : UnaryOp.values()) {
      float[] x = floats(r, off + n + 1);
      if (op == UnaryOp.SIGMOID || op == UnaryOp.EXP || op == UnaryOp.TANH) {
        // also the far tails, where naive formulas overflow
        for (int i = 0; i < x.length; i += 5) {
          x[i] = (float) (r.nextDouble() * 200 - 100);
        }
      }
      float[] y = new float[off + n + 2];
      java.util.Arrays.fill(y, SENTINEL_F);
      k.unaryF32(op, x, off, y, off, n);
      double tol = transcendental(op) ? 2 : 0;
      for (int i = 0; i < n; i++) {
        // float32 tanh is TF's rational form on every path, bit for bit (its error is below)
        float expected =
            op == UnaryOp.TANH
                ? ScalarKernels.tanhF32(x[off + i])
                : (float) refUnary(op, x[off + i]);
        if (!sameF(expected, y[off + i], op == UnaryOp.TANH ? 0 : tol)) {
          fail(
              where(k, n, off, "f32 " + op + " at " + i + " x=" + x[off + i])
                  + ": expected "
                  + expected
                  + " but was "
                  + (y[off + i]));
        }
      }
      assertUntouched(y, off, n, where(k, n, off, "f32 " + op));
      double[] xd = doubles(r, off + n + 1);
      double[] yd = new double[off + n + 1];
      k.unaryF64(op, xd, off, yd, off, n);
      for (int i = 0; i < n; i++) {
        if (!sameD(refUnary(op, xd[off + i]), yd[off + i], tol)) {
          fail(
              where(k, n, off, "f64 " + op + " at " + i + " x=" + xd[off + i])
                  + ": expected "
                  + (refUnary(op, xd[off + i]))
                  + " but was "
                  + (yd[off + i]));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void unaryIntegers(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    for (UnaryOp op :
        new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SIGN, UnaryOp.RELU}) {
      int[] x = ints(r, off + n + 1, false);
      long[] xl = longs(r, off + n + 1, false);
      if (x.length > off + 1) {
        x[off] = Integer.MIN_VALUE;
        xl[off] = Long.MIN_VALUE;
      }
      int[] y = new int[off + n + 1];
      long[] yl = new long[off + n + 1];
      k.unaryI32(op, x, off, y, off, n);
      k.unaryI64(op, xl, off, yl, off, n);
      for (int i = 0; i < n; i++) {
        int v = x[off + i];
        long w = xl[off + i];
        int e =
            switch (op) {
              case NEG -> -v;
              case ABS -> v < 0 ? -v : v;
              case SQUARE -> v * v;
              case SIGN -> v > 0 ? 1 : v < 0 ? -1 : 0;
              default -> v > 0 ? v : 0;
            };
        long el =
            switch (op) {
              case NEG -> -w;
              case ABS -> w < 0 ? -w : w;
              case SQUARE -> w * w;
              case SIGN -> w > 0 ? 1 : w < 0 ? -1 : 0;
              default -> w > 0 ? w : 0;
            };
        if ((e) != (y[off + i])) {
          fail(
              where(k, n, off, "i32 " + op + " at " + i + " x=" + v)
                  + ": expected "
                  + (e)
                  + " but was "
                  + (y[off + i]));
        }
        if ((el) != (yl[off + i])) {
          fail(
              where(k, n, off, "i64 " + op + " at " + i + " x=" + w)
                  + ": expected "
                  + (el)
                  + " but was "
                  + (yl[off + i]));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void fusedBackprops(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    float[] dy = floats(r, off + n + 1);
    float[] x = floats(r, off + n + 1);
    float[] relu = new float[off + n + 2];
    float[] abs = new float[off + n + 2];
    java.util.Arrays.fill(relu, SENTINEL_F);
    java.util.Arrays.fill(abs, SENTINEL_F);
    k.reluGradF32(dy, off, x, off, relu, off, n);
    k.absGradF32(dy, off, x, off, abs, off, n);
    double[] dyd = doubles(r, off + n + 1);
    double[] xd = doubles(r, off + n + 1);
    double[] relud = new double[off + n + 1];
    double[] absd = new double[off + n + 1];
    k.reluGradF64(dyd, off, xd, off, relud, off, n);
    k.absGradF64(dyd, off, xd, off, absd, off, n);
    for (int i = 0; i < n; i++) {
      float g = dy[off + i];
      float v = x[off + i];
      if (!sameF(v > 0 ? g : 0f, relu[off + i], 0)) {
        fail(
            "reluGradF32 "
                + where(k, n, off, "at " + i + " dy=" + g + " x=" + v)
                + ": expected "
                + (v > 0 ? g : 0f)
                + " but was "
                + (relu[off + i]));
      }
      if (!sameF(v > 0 ? g : v < 0 ? -g : 0f, abs[off + i], 0)) {
        fail(
            "absGradF32 "
                + where(k, n, off, "at " + i + " dy=" + g + " x=" + v)
                + ": expected "
                + (v > 0 ? g : v < 0 ? -g : 0f)
                + " but was "
                + (abs[off + i]));
      }
      double gd = dyd[off + i];
      double vd = xd[off + i];
      if (!sameD(vd > 0 ? gd : 0, relud[off + i], 0)) {
        fail(
            "reluGradF64 "
                + where(k, n, off, "at " + i + " dy=" + g + " x=" + v)
                + ": expected "
                + (vd > 0 ? gd : 0)
                + " but was "
                + (relud[off + i]));
      }
      if (!sameD(vd > 0 ? gd : vd < 0 ? -gd : 0, absd[off + i], 0)) {
        fail(
            "absGradF64 "
                + where(k, n, off, "at " + i + " dy=" + g + " x=" + v)
                + ": expected "
                + (vd > 0 ? gd : vd < 0 ? -gd : 0)
                + " but was "
                + (absd[off + i]));
      }
    }
    assertUntouched(relu, off, n, where(k, n, off, "reluGradF32"));
    assertUntouched(abs, off, n, where(k, n, off, "absGradF32"));
  }

  // ------------------------------------------------------------------ casts and select

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void casts(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    float[] f = floats(r, off + n);
    for (int i = 0; i < f.length; i += 3) {
      f[i] *= 3e9f;
    }
    double[] d = doubles(r, off + n);
    int[] in = ints(r, off + n, false);
    long[] l = longs(r, off + n, false);
    boolean[] b = new boolean[off + n];
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextBoolean();
    }
    Object[] sources = {f, d, in, l, b};
    for (Object src : sources) {
      float[] yf = new float[off + n];
      double[] yd = new double[off + n];
      int[] yi = new int[off + n];
      long[] yl = new long[off + n];
      boolean[] yb = new boolean[off + n];
      k.castToF32(src, off, 1, yf, off, 1, n);
      k.castToF64(src, off, 1, yd, off, 1, n);
      k.castToI32(src, off, 1, yi, off, 1, n);
      k.castToI64(src, off, 1, yl, off, 1, n);
      k.castToBool(src, off, 1, yb, off, 1, n);
      for (int i = 0; i < n; i++) {
        int j = off + i;
        double asD;
        long asL;
        int asI;
        float asF;
        boolean asB;
        if (src instanceof float[] s) {
          asF = s[j];
          asD = s[j];
          asI = (int) s[j];
          asL = (long) s[j];
          asB = s[j] != 0;
        } else if (src instanceof double[] s) {
          asF = (float) s[j];
          asD = s[j];
          asI = (int) s[j];
          asL = (long) s[j];
          asB = s[j] != 0;
        } else if (src instanceof int[] s) {
          asF = s[j];
          asD = s[j];
          asI = s[j];
          asL = s[j];
          asB = s[j] != 0;
        } else if (src instanceof long[] s) {
          asF = s[j];
          asD = s[j];
          asI = (int) s[j];
          asL = s[j];
          asB = s[j] != 0;
        } else if (src instanceof boolean[] s) {
          int o = s[j] ? 1 : 0;
          asF = o;
          asD = o;
          asI = o;
          asL = o;
          asB = s[j];
        } else {
          throw new AssertionError();
        }
        if (!sameF(asF, yf[j], 0)) {
          fail(
              "toF32 "
                  + where(k, n, off, src.getClass().getSimpleName() + " at " + i)
                  + ": expected "
                  + (asF)
                  + " but was "
                  + (yf[j]));
        }
        if (!sameD(asD, yd[j], 0)) {
          fail(
              "toF64 "
                  + where(k, n, off, src.getClass().getSimpleName() + " at " + i)
                  + ": expected "
                  + (asD)
                  + " but was "
                  + (yd[j]));
        }
        if ((asI) != (yi[j])) {
          fail(
              "toI32 "
                  + where(k, n, off, src.getClass().getSimpleName() + " at " + i)
                  + ": expected "
                  + (asI)
                  + " but was "
                  + (yi[j]));
        }
        if ((asL) != (yl[j])) {
          fail(
              "toI64 "
                  + where(k, n, off, src.getClass().getSimpleName() + " at " + i)
                  + ": expected "
                  + (asL)
                  + " but was "
                  + (yl[j]));
        }
        if ((asB) != (yb[j])) {
          fail(
              "toBool "
                  + where(k, n, off, src.getClass().getSimpleName() + " at " + i)
                  + ": expected "
                  + (asB)
                  + " but was "
                  + (yb[j]));
        }
      }
    }
    // strided: the real parts of interleaved complex values, and back with imaginary 0
    float[] cx = floats(r, 2 * (off + n));
    float[] re = new float[off + n];
    k.castToF32(cx, 2 * off, 2, re, off, 1, n);
    double[] back = new double[2 * (off + n)];
    k.castToF64(re, off, 1, back, 2 * off, 2, n);
    for (int i = 0; i < n; i++) {
      if (!sameF(cx[2 * (off + i)], re[off + i], 0)) {
        fail(
            where(k, n, off, "real part at " + i)
                + ": expected "
                + (cx[2 * (off + i)])
                + " but was "
                + (re[off + i]));
      }
      if (!sameD(cx[2 * (off + i)], back[2 * (off + i)], 0)) {
        fail(
            where(k, n, off, "widened at " + i)
                + ": expected "
                + (cx[2 * (off + i)])
                + " but was "
                + (back[2 * (off + i)]));
      }
      if (!sameD(0, back[2 * (off + i) + 1], 0)) {
        fail(
            where(k, n, off, "imaginary at " + i)
                + ": expected "
                + (0)
                + " but was "
                + (back[2 * (off + i) + 1]));
      }
    }
  }

  @ParameterizedTest(name = "{0} n={1} off={2}")
  @MethodSource("cases")
  void select(Kernels k, int n, int off) {
    SplittableRandom r = new SplittableRandom(seed(k, n, off));
    boolean[] c = new boolean[off + n + 1];
    for (int i = 0; i < c.length; i++) {
      c[i] = r.nextBoolean();
    }
    for (int[] p : PATTERNS) {
      for (int ci = 0; ci <= 1; ci++) {
        float[] a = floats(r, off + n + 1);
        float[] b = floats(r, off + n + 1);
        float[] y = new float[off + n + 2];
        java.util.Arrays.fill(y, SENTINEL_F);
        k.select(1, c, off, ci, a, off, p[0], b, off, p[1], y, off, n);
        long[] al = longs(r, off + n + 1, false);
        long[] bl = longs(r, off + n + 1, false);
        long[] yl = new long[off + n + 1];
        k.select(1, c, off, ci, al, off, p[0], bl, off, p[1], yl, off, n);
        double[] ac = doubles(r, 2 * (off + n + 1));
        double[] bc = doubles(r, 2 * (off + n + 1));
        double[] yc = new double[2 * (off + n + 1)];
        k.select(2, c, off, ci, ac, off, p[0], bc, off, p[1], yc, off, n);
        for (int i = 0; i < n; i++) {
          boolean t = c[off + i * ci];
          int x = off + i * p[0];
          int z = off + i * p[1];
          if (!sameF(t ? a[x] : b[z], y[off + i], 0)) {
            fail(
                where(k, n, off, "select " + ci + p[0] + p[1] + " at " + i)
                    + ": expected "
                    + (t ? a[x] : b[z])
                    + " but was "
                    + (y[off + i]));
          }
          if ((t ? al[x] : bl[z]) != (yl[off + i])) {
            fail(
                where(k, n, off, "select " + ci + p[0] + p[1] + " at " + i)
                    + ": expected "
                    + (t ? al[x] : bl[z])
                    + " but was "
                    + (yl[off + i]));
          }
          if (!sameD(t ? ac[2 * x] : bc[2 * z], yc[2 * (off + i)], 0)) {
            fail(
                where(k, n, off, "select " + ci + p[0] + p[1] + " at " + i)
                    + " re"
                    + ": expected "
                    + (t ? ac[2 * x] : bc[2 * z])
                    + " but was "
                    + (yc[2 * (off + i)]));
          }
          if (!sameD(t ? ac[2 * x + 1] : bc[2 * z + 1], yc[2 * (off + i) + 1], 0)) {
            fail(
                where(k, n, off, "select " + ci + p[0] + p[1] + " at " + i)
                    + " im"
                    + ": expected "
                    + (t ? ac[2 * x + 1] : bc[2 * z + 1])
                    + " but was "
                    + (yc[2 * (off + i) + 1]));
          }
        }
        assertUntouched(y, off, n, where(k, n, off, "select"));
      }
    }
  }

  private static void assertUntouched(float[] y, int off, int n, String msg) {
    for (int i = 0; i < off; i++) {
      if ((SENTINEL_F) != (y[i])) {
        fail(msg + ": wrote before yo" + ": expected " + (SENTINEL_F) + " but was " + (y[i]));
      }
    }
    for (int i = off + n; i < y.length; i++) {
      if ((SENTINEL_F) != (y[i])) {
        fail(msg + ": wrote past yo + n" + ": expected " + (SENTINEL_F) + " but was " + (y[i]));
      }
    }
  }

  @Test
  void tfFloatTanhStaysWithin7UlpsOfTheTrueTanh() {
    // Eigen's 13/6 rational tanh, as TF evaluates it: measured 6.4 ulps at worst (x = -5.787)
    long seed = 20261130L;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 200_000; i++) {
      float x = (float) (i % 3 == 0 ? r.nextDouble(-0.01, 0.01) : r.nextDouble(-12, 12));
      double exact = Math.tanh(x);
      float got = ScalarKernels.tanhF32(x);
      assertTrue(
          Math.abs(got - exact) <= 7 * Math.ulp((float) exact),
          "seed " + seed + " x=" + x + ": " + got + " vs " + exact);
    }
    assertEquals(1f, ScalarKernels.tanhF32(8f));
    assertEquals(-1f, ScalarKernels.tanhF32(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(ScalarKernels.tanhF32(Float.NaN)));
    assertEquals(-0f, ScalarKernels.tanhF32(-0f));
    assertEquals(1e-5f, ScalarKernels.tanhF32(1e-5f));
  }
}
