package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdRowKernels} against {@link ScalarRowKernels} bit for bit (the sums add in the same
 * order), and the scalar gather/scatter against plain index loops, at row lengths under, at and
 * over lane multiples, with repeated and dropped (-1) indices and batches.
 */
class RowKernelsTwinTest {
  static final int[] INNER = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 255};
  static final RowKernels SIMD = new SimdRowKernels();
  static final RowKernels REF = new ScalarRowKernels();

  record Case(int outer, int perBatch, int n, int k, int inner, int[] idx) {}

  static Case make(SplittableRandom r, int inner) {
    int batches = 1 + r.nextInt(3);
    int perBatch = 1 + r.nextInt(3);
    int n = 1 + r.nextInt(6);
    int k = r.nextInt(9);
    int[] idx = new int[batches * k];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = r.nextInt(8) == 0 ? -1 : r.nextInt(n);
    }
    return new Case(batches * perBatch, perBatch, n, k, inner, idx);
  }

  static float[] floats(SplittableRandom r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void scatterAddF32AndF64SimdEqualsScalarAndLoops() {
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int inner : INNER) {
        Case c = make(r, inner);
        float[] g = floats(r, c.outer * c.k * inner);
        float[] want = new float[c.outer * c.n * inner];
        for (int o = 0; o < c.outer; o++) {
          for (int j = 0; j < c.k; j++) {
            int row = c.idx[(o / c.perBatch) * c.k + j];
            for (int i = 0; row >= 0 && i < inner; i++) {
              want[(o * c.n + row) * inner + i] += g[(o * c.k + j) * inner + i];
            }
          }
        }
        float[] ref = new float[want.length];
        float[] simd = new float[want.length];
        REF.scatterAddF32(g, c.idx, c.outer, c.perBatch, c.n, c.k, inner, ref);
        SIMD.scatterAddF32(g, c.idx, c.outer, c.perBatch, c.n, c.k, inner, simd);
        String why = "seed " + seed + " inner " + inner;
        assertArrayEquals(want, ref, why);
        assertArrayEquals(ref, simd, why);
        double[] gd = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          gd[i] = g[i] * 1.1;
        }
        double[] refD = new double[want.length];
        double[] simdD = new double[want.length];
        REF.scatterAddF64(gd, c.idx, c.outer, c.perBatch, c.n, c.k, inner, refD);
        SIMD.scatterAddF64(gd, c.idx, c.outer, c.perBatch, c.n, c.k, inner, simdD);
        assertArrayEquals(refD, simdD, why);
        int[] gi = new int[g.length];
        long[] gl = new long[g.length];
        for (int i = 0; i < g.length; i++) {
          gi[i] = (int) (g[i] * 1000);
          gl[i] = gi[i] * 3L;
        }
        int[] ri = new int[want.length];
        int[] si = new int[want.length];
        long[] rl = new long[want.length];
        long[] sl = new long[want.length];
        REF.scatterAddI32(gi, c.idx, c.outer, c.perBatch, c.n, c.k, inner, ri);
        SIMD.scatterAddI32(gi, c.idx, c.outer, c.perBatch, c.n, c.k, inner, si);
        REF.scatterAddI64(gl, c.idx, c.outer, c.perBatch, c.n, c.k, inner, rl);
        SIMD.scatterAddI64(gl, c.idx, c.outer, c.perBatch, c.n, c.k, inner, sl);
        assertArrayEquals(ri, si, why);
        assertArrayEquals(rl, sl, why);
        for (int i = 0; i < ri.length; i++) {
          assertEquals(ri[i] * 3L, rl[i], why);
        }
      }
    }
  }

  @Test
  void gatherEqualsLoopsForEveryArrayType() {
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom r = new SplittableRandom(100 + seed);
      for (int inner : INNER) {
        Case c = make(r, inner);
        float[] x = floats(r, c.outer * c.n * inner);
        float[] want = new float[c.outer * c.k * inner];
        for (int o = 0; o < c.outer; o++) {
          for (int j = 0; j < c.k; j++) {
            int row = c.idx[(o / c.perBatch) * c.k + j];
            for (int i = 0; row >= 0 && i < inner; i++) {
              want[(o * c.k + j) * inner + i] = x[(o * c.n + row) * inner + i];
            }
          }
        }
        String why = "seed " + seed + " inner " + inner;
        float[] y = new float[want.length];
        SIMD.gather(x, c.idx, c.outer, c.perBatch, c.n, c.k, inner, y);
        assertArrayEquals(want, y, why);
        double[] xd = new double[x.length];
        int[] xi = new int[x.length];
        long[] xl = new long[x.length];
        boolean[] xb = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
          xd[i] = x[i];
          xi[i] = Float.floatToIntBits(x[i]);
          xl[i] = xi[i];
          xb[i] = x[i] > 0;
        }
        double[] yd = new double[want.length];
        int[] yi = new int[want.length];
        long[] yl = new long[want.length];
        boolean[] yb = new boolean[want.length];
        REF.gather(xd, c.idx, c.outer, c.perBatch, c.n, c.k, inner, yd);
        REF.gather(xi, c.idx, c.outer, c.perBatch, c.n, c.k, inner, yi);
        REF.gather(xl, c.idx, c.outer, c.perBatch, c.n, c.k, inner, yl);
        REF.gather(xb, c.idx, c.outer, c.perBatch, c.n, c.k, inner, yb);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], yd[i], why);
          assertEquals(Float.floatToIntBits(want[i]), yi[i], why);
          assertEquals(Float.floatToIntBits(want[i]), yl[i], why);
          assertEquals(want[i] > 0, yb[i], why);
        }
      }
    }
  }
}
