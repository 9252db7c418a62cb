package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every register micro-kernel of the GEMM against a scalar chain, bit for bit, whichever one this
 * machine's species selects for {@link SimdGemmF32#matmul} (GemmTest covers that one through the
 * whole product): 5 x 2 vectors (16 registers), 6 x 4 and 12 x 2 (AVX-512's 32) and the narrow 8 x
 * 1, on rows of A along the depth (the last rows repeated past {@code last}) and on p-major panels.
 * A float32 element is {@code (more ? t : 0) + chain}, the chain of FMAs from zero in the order of
 * p; a float64 chain continues from t when {@code more}, as the scalar twin's single chain does.
 */
class GemmMicroKernelTest {
  private static final int L32 = SimdGemmF32.L;
  private static final int L64 = SimdGemmF64.L;

  /** One call of a float32 kernel: rows R, vectors V, rows-of-A (false) or panel (true). */
  private static void checkF32(int rows, int vecs, boolean panel, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int kc = 1 + r.nextInt(SimdGemmF32.KC);
    int last = r.nextInt(rows);
    boolean more = r.nextBoolean();
    int nr = vecs * L32;
    int step = panel ? rows + (rows == 5 ? r.nextInt(3) : 0) : kc + r.nextInt(5);
    int a0 = r.nextInt(4);
    int bpo = r.nextInt(4);
    int to = r.nextInt(4);
    int ldt = nr + r.nextInt(5);
    int ldb = nr + r.nextInt(3);
    float[] a = random(r, a0 + (panel ? kc * step : rows * step) + 8);
    float[] bp = random(r, bpo + kc * ldb);
    float[] t = random(r, to + rows * ldt);
    float[] want = t.clone();
    for (int i = 0; i < rows; i++) {
      int ri = panel ? i : Math.min(i, last);
      for (int j = 0; j < nr; j++) {
        float s = 0f;
        for (int p = 0; p < kc; p++) {
          float x = panel ? a[a0 + p * step + ri] : a[a0 + ri * step + p];
          s = Math.fma(x, bp[bpo + p * ldb + j], s);
        }
        int w = to + i * ldt + j;
        want[w] = more ? s + t[w] : s;
      }
    }
    String name = rows + "x" + vecs + (panel ? " panel" : " rows");
    if (rows == 5 && vecs == 2 && !panel) {
      int[] o = rowOffsets(a0, step, last, 5);
      SimdGemmF32.kernel5x2(kc, a, o[0], o[1], o[2], o[3], o[4], bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 5 && vecs == 2) {
      SimdGemmF32.panel5x2(kc, a, a0, step, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 6 && !panel) {
      SimdGemmF32.kernel6x4(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 6) {
      SimdGemmF32.panel6x4(kc, a, a0, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 12 && !panel) {
      SimdGemmF32.kernel12x2(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 12) {
      SimdGemmF32.panel12x2(kc, a, a0, bp, bpo, ldb, t, to, ldt, more);
    } else {
      SimdGemmF32.kernel8x1(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    }
    String where =
        name + " kc=" + kc + " ldb=" + ldb + " last=" + last + " more=" + more + " seed=" + seed;
    for (int w = 0; w < t.length; w++) {
      assertEquals(
          Float.floatToRawIntBits(want[w]),
          Float.floatToRawIntBits(t[w]),
          "t[" + w + "] " + want[w] + " vs " + t[w] + ", " + where);
    }
  }

  private static void checkF64(int rows, int vecs, boolean panel, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int kc = 1 + r.nextInt(SimdGemmF64.KC);
    int last = r.nextInt(rows);
    boolean more = r.nextBoolean();
    int nr = vecs * L64;
    int step = panel ? rows + (rows == 5 ? r.nextInt(3) : 0) : kc + r.nextInt(5);
    int a0 = r.nextInt(4);
    int bpo = r.nextInt(4);
    int to = r.nextInt(4);
    int ldt = nr + r.nextInt(5);
    int ldb = nr + r.nextInt(3);
    double[] a = randomD(r, a0 + (panel ? kc * step : rows * step) + 8);
    double[] bp = randomD(r, bpo + kc * ldb);
    double[] t = randomD(r, to + rows * ldt);
    double[] want = t.clone();
    for (int i = 0; i < rows; i++) {
      int ri = panel ? i : Math.min(i, last);
      for (int j = 0; j < nr; j++) {
        int w = to + i * ldt + j;
        double s = more ? t[w] : 0;
        for (int p = 0; p < kc; p++) {
          double x = panel ? a[a0 + p * step + ri] : a[a0 + ri * step + p];
          s = Math.fma(x, bp[bpo + p * ldb + j], s);
        }
        want[w] = s;
      }
    }
    String name = rows + "x" + vecs + (panel ? " panel" : " rows");
    if (rows == 5 && vecs == 2 && !panel) {
      int[] o = rowOffsets(a0, step, last, 5);
      SimdGemmF64.kernel5x2(kc, a, o[0], o[1], o[2], o[3], o[4], bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 5 && vecs == 2) {
      SimdGemmF64.panel5x2(kc, a, a0, step, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 6 && !panel) {
      SimdGemmF64.kernel6x4(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 6) {
      SimdGemmF64.panel6x4(kc, a, a0, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 12 && !panel) {
      SimdGemmF64.kernel12x2(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    } else if (rows == 12) {
      SimdGemmF64.panel12x2(kc, a, a0, bp, bpo, ldb, t, to, ldt, more);
    } else {
      SimdGemmF64.kernel8x1(kc, a, a0, step, last, bp, bpo, ldb, t, to, ldt, more);
    }
    String where =
        name + " kc=" + kc + " ldb=" + ldb + " last=" + last + " more=" + more + " seed=" + seed;
    for (int w = 0; w < t.length; w++) {
      assertEquals(
          Double.doubleToRawLongBits(want[w]),
          Double.doubleToRawLongBits(t[w]),
          "t[" + w + "] " + want[w] + " vs " + t[w] + ", " + where);
    }
  }

  private static int[] rowOffsets(int a0, int rs, int last, int rows) {
    int[] o = new int[rows];
    for (int i = 0; i < rows; i++) {
      o[i] = a0 + Math.min(i, last) * rs;
    }
    return o;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261207, 987654321})
  void everyShapeMatchesItsScalarChain(long seed) {
    int[][] shapes = {{5, 2}, {6, 4}, {12, 2}, {8, 1}};
    for (int[] s : shapes) {
      checkF32(s[0], s[1], false, seed);
      checkF64(s[0], s[1], false, seed);
      if (s[0] != 8) {
        checkF32(s[0], s[1], true, seed);
        checkF64(s[0], s[1], true, seed);
      }
    }
  }

  /**
   * The 6 x 4 kernel that continues a depth block's chains from a partial-sum buffer (the second
   * half of a block, SimdGemmF32.halves): each element is (more ? t : 0) + the chain that starts
   * from s and runs kc more FMAs, which is the one chain over both halves when s holds the first
   * half's sums (checked here by running the first half with kernel6x4 into s).
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20261207, 987654321})
  void continuedChainIsOneChainOverBothHalves(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int k1 = 1 + r.nextInt(SimdGemmF32.KH);
    int k2 = 1 + r.nextInt(SimdGemmF32.KH);
    int kc = k1 + k2;
    int last = r.nextInt(6);
    boolean more = r.nextBoolean();
    int nr = 4 * L32;
    int step = kc + r.nextInt(5);
    int a0 = r.nextInt(4);
    int bpo = r.nextInt(4);
    int to = r.nextInt(4);
    int so = r.nextInt(4);
    int ldt = nr + r.nextInt(5);
    int lds = nr + r.nextInt(3);
    int ldb = nr + r.nextInt(3);
    float[] a = random(r, a0 + 6 * step + 8);
    float[] bp = random(r, bpo + kc * ldb);
    float[] t = random(r, to + 6 * ldt);
    float[] s = random(r, so + 6 * lds);
    float[] want = t.clone();
    for (int i = 0; i < 6; i++) {
      int ri = Math.min(i, last);
      for (int j = 0; j < nr; j++) {
        float c = 0f;
        for (int p = 0; p < kc; p++) {
          c = Math.fma(a[a0 + ri * step + p], bp[bpo + p * ldb + j], c);
        }
        int w = to + i * ldt + j;
        want[w] = more ? c + t[w] : c;
      }
    }
    SimdGemmF32.kernel6x4(k1, a, a0, step, last, bp, bpo, ldb, s, so, lds, false);
    SimdGemmF32.kernel6x4c(
        k2, a, a0 + k1, step, last, bp, bpo + k1 * ldb, ldb, s, so, lds, t, to, ldt, more);
    String where = "k1=" + k1 + " k2=" + k2 + " last=" + last + " more=" + more + " seed=" + seed;
    for (int w = 0; w < t.length; w++) {
      assertEquals(
          Float.floatToRawIntBits(want[w]),
          Float.floatToRawIntBits(t[w]),
          "t[" + w + "] " + want[w] + " vs " + t[w] + ", " + where);
    }
  }

  private static float[] random(SplittableRandom r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    return x;
  }

  private static double[] randomD(SplittableRandom r, int len) {
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    return x;
  }
}
