package dev.lanegrad;

import static dev.lanegrad.StructureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.ReductionOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReductionOpsTest {
  private static final Tensor X = f32(s(2, 3), 1, 2, 3, 4, 5, 6);

  @Test
  void sumOverAllAndEachAxis() {
    assertF32(ReductionOps.sum(X, null, false), s(), 21);
    assertF32(ReductionOps.sum(X, null, true), s(1, 1), 21);
    assertF32(ReductionOps.sum(X, s(0), false), s(3), 5, 7, 9);
    assertF32(ReductionOps.sum(X, s(1), false), s(2), 6, 15);
    assertF32(ReductionOps.sum(X, s(-1), false), s(2), 6, 15);
    assertF32(ReductionOps.sum(X, s(-2), true), s(1, 3), 5, 7, 9);
    assertF32(ReductionOps.sum(X, s(1), true), s(2, 1), 6, 15);
    assertF32(ReductionOps.sum(X, s(0, 1), false), s(), 21);
    assertF32(ReductionOps.sum(X, s(1, -2), true), s(1, 1), 21);
  }

  @Test
  void emptyAxesReduceNothing() {
    assertF32(ReductionOps.sum(X, s(), false), s(2, 3), 1, 2, 3, 4, 5, 6);
    assertF32(ReductionOps.mean(X, s(), true), s(2, 3), 1, 2, 3, 4, 5, 6);
    assertF32(ReductionOps.max(X, s(), false), s(2, 3), 1, 2, 3, 4, 5, 6);
  }

  @Test
  void meanMaxMinByHand() {
    assertF32(ReductionOps.mean(X, null, false), s(), 3.5f);
    assertF32(ReductionOps.mean(X, s(1), false), s(2), 2, 5);
    assertF32(ReductionOps.mean(X, s(0), true), s(1, 3), 2.5f, 3.5f, 4.5f);
    assertF32(ReductionOps.max(X, null, false), s(), 6);
    assertF32(ReductionOps.max(X, s(0), false), s(3), 4, 5, 6);
    assertF32(ReductionOps.min(X, s(1), true), s(2, 1), 1, 4);
    assertF32(ReductionOps.min(X, null, true), s(1, 1), 1);
    Tensor neg = f64(s(4), -3, 7.5, -9.25, 0);
    assertF64(ReductionOps.max(neg, null, false), s(), 7.5);
    assertF64(ReductionOps.min(neg, s(0), false), s(), -9.25);
    assertF64(ReductionOps.mean(neg, s(0), false), s(), -1.1875);
  }

  @Test
  void rankThreeNonAdjacentAxes() {
    // x[i,j,k] = 12i + 4j + k; sum over i and k: 32j + 60
    Tensor x = iotaF32(2, 3, 4);
    assertF32(ReductionOps.sum(x, s(0, 2), false), s(3), 60, 92, 124);
    assertF32(ReductionOps.sum(x, s(2, 0), true), s(1, 3, 1), 60, 92, 124);
    assertF32(ReductionOps.max(x, s(0, -1), false), s(3), 15, 19, 23);
    assertF32(ReductionOps.min(x, s(-3, 2), false), s(3), 0, 4, 8);
    assertF32(ReductionOps.mean(x, s(0, 2), false), s(3), 7.5f, 11.5f, 15.5f);
    // over i and j: 3*12*... for each k: sum_i sum_j (12i + 4j + k) = 36 + 24 + 6k
    assertF32(ReductionOps.sum(x, s(0, 1), false), s(4), 60, 66, 72, 78);
  }

  @Test
  void rankFourAlternatingAxes() {
    Tensor x = iotaI32(2, 2, 2, 2); // 8a + 4b + 2c + d
    // over a and c: 20 + 16b + 4d; over b and d: 32a + 8c + 10
    assertI32(ReductionOps.sum(x, s(0, 2), false), s(2, 2), 20, 24, 36, 40);
    assertI32(ReductionOps.sum(x, s(1, 3), true), s(2, 1, 2, 1), 10, 18, 42, 50);
    assertI32(ReductionOps.max(x, s(0, 2), false), s(2, 2), 10, 11, 14, 15);
  }

  @Test
  void rankZero() {
    Tensor x = f32(s(), 4.5f);
    assertF32(ReductionOps.sum(x, null, false), s(), 4.5f);
    assertF32(ReductionOps.max(x, null, true), s(), 4.5f);
    assertF32(ReductionOps.mean(x, s(), false), s(), 4.5f);
    iae(() -> ReductionOps.sum(x, s(0), false), "sum", "axis 0", "()");
  }

  @Test
  void integersTruncateAndWrap() {
    assertI32(ReductionOps.mean(i32(s(2), 1, 2), null, false), s(), 1);
    assertI32(ReductionOps.mean(i32(s(2), -1, -2), null, false), s(), -1);
    assertI32(ReductionOps.mean(i32(s(2, 2), 1, 2, 4, 7), s(1), false), s(2), 1, 5);
    assertI32(
        ReductionOps.sum(i32(s(2), Integer.MAX_VALUE, 1), null, false), s(), Integer.MIN_VALUE);
    assertI64(ReductionOps.sum(i64(s(2), Long.MAX_VALUE, 2), null, false), s(), Long.MIN_VALUE + 1);
    assertI64(ReductionOps.mean(i64(s(3), 5, 5, 6), null, false), s(), 5);
    assertI64(ReductionOps.max(i64(s(3), -5, 9, 6), null, false), s(), 9);
    assertI64(ReductionOps.min(i64(s(3), -5, 9, 6), s(0), true), s(1), -5);
  }

  @Test
  void emptyInputsGiveIdentities() {
    Tensor ef = f32(s(0));
    assertF32(ReductionOps.sum(ef, null, false), s(), 0);
    assertF32(ReductionOps.max(ef, null, false), s(), Float.NEGATIVE_INFINITY);
    assertF32(ReductionOps.min(ef, null, false), s(), Float.POSITIVE_INFINITY);
    assertTrue(Float.isNaN(Internal.f32(ReductionOps.mean(ef, null, false))[0]));
    Tensor ei = i32(s(0));
    assertI32(ReductionOps.max(ei, null, false), s(), Integer.MIN_VALUE);
    assertI32(ReductionOps.min(ei, null, false), s(), Integer.MAX_VALUE);
    assertI32(ReductionOps.mean(ei, null, false), s(), 0);
    assertI64(ReductionOps.max(i64(s(0)), null, false), s(), Long.MIN_VALUE);
    Tensor e2 = f64(s(2, 0));
    assertF64(ReductionOps.sum(e2, s(1), false), s(2), 0, 0);
    assertF64(
        ReductionOps.max(e2, s(1), true),
        s(2, 1),
        Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY);
    assertF64(ReductionOps.sum(e2, s(0), false), s(0));
  }

  /** TF since 2.4 propagates NaN through Max and Min, as NumPy does; whatever the row length. */
  @Test
  void maxAndMinPropagateNaN() {
    assertTrue(
        Float.isNaN(Internal.f32(ReductionOps.max(f32(s(3), 2, Float.NaN, 2), null, false))[0]));
    assertTrue(
        Float.isNaN(Internal.f32(ReductionOps.min(f32(s(3), Float.NaN, 2, 1), null, false))[0]));
    for (int n : new int[] {17, 100}) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        float[] v = new float[n];
        double[] dv = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = i;
          dv[i] = -i;
        }
        v[at] = Float.NaN;
        dv[at] = Double.NaN;
        String msg = "n " + n + " NaN at " + at;
        assertTrue(Float.isNaN(Internal.f32(ReductionOps.max(f32(s(n), v), null, false))[0]), msg);
        assertTrue(Float.isNaN(Internal.f32(ReductionOps.min(f32(s(n), v), s(0), false))[0]), msg);
        assertTrue(
            Double.isNaN(Internal.f64(ReductionOps.max(f64(s(n), dv), null, false))[0]), msg);
        assertTrue(
            Double.isNaN(Internal.f64(ReductionOps.min(f64(s(n), dv), null, false))[0]), msg);
        float[] col = Internal.f32(ReductionOps.max(f32(s(n, 1), v), s(0), false));
        assertTrue(Float.isNaN(col[0]), msg);
      }
    }
  }

  @Test
  void complexSumAndMean() {
    Tensor c = c128(s(2), 1, 2, 3, 4);
    Tensor sum = ReductionOps.sum(c, null, false);
    assertEquals(DType.COMPLEX128, sum.dtype());
    assertArrayEquals(new double[] {4, 6}, Internal.f64(sum));
    assertArrayEquals(new double[] {2, 3}, Internal.f64(ReductionOps.mean(c, s(0), false)));
    Tensor c2 = c64(s(2, 2), 1, 1, 2, 2, 3, 3, 4, 4);
    assertArrayEquals(new float[] {4, 4, 6, 6}, Internal.f32(ReductionOps.sum(c2, s(0), false)));
    assertArrayEquals(new float[] {3, 3, 7, 7}, Internal.f32(ReductionOps.sum(c2, s(1), true)));
    iae(() -> ReductionOps.max(c, null, false), "max", "complex128");
  }

  @Test
  void badInputs() {
    iae(() -> ReductionOps.sum(bool(s(2), true, false), null, false), "sum", "bool", "(2,)");
    iae(() -> ReductionOps.min(bool(s(1), true), s(0), false), "min", "bool");
    iae(() -> ReductionOps.mean(X, s(2), false), "mean", "axis 2", "(2, 3)");
    iae(() -> ReductionOps.max(X, s(-3), true), "max", "axis -3", "(2, 3)");
    iae(() -> ReductionOps.sum(X, s(1, -1), false), "sum", "twice", "(2, 3)");
    iae(() -> ReductionOps.sum(null, null, false), "sum", "'x'");
  }

  @Test
  void float32LongSumWithinTolerance() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 100_003;
    float[] v = new float[n];
    double ref = 0;
    double abs = 0;
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
      ref += v[i];
      abs += Math.abs(v[i]);
    }
    float got = Internal.f32(ReductionOps.sum(f32(s(n), v), null, false))[0];
    assertEquals(ref, got, 1e-5 * abs, "seed 7");
  }

  /** Every axes subset (written with random signs) of random shapes of rank 0 to 4, all dtypes. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void againstNaiveReference(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 40; trial++) {
      int rank = r.nextInt(5);
      int[] dims = new int[rank];
      for (int k = 0; k < rank; k++) {
        dims[k] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(3);
      }
      int n = (int) Shape.of(dims).size();
      double[] dv = new double[n];
      int[] iv = new int[n];
      for (int i = 0; i < n; i++) {
        iv[i] = r.nextInt(21) - 10;
        dv[i] = iv[i] + r.nextDouble();
      }
      for (int mask = 0; mask < (1 << rank); mask++) {
        int[] axes = new int[Integer.bitCount(mask)];
        for (int k = 0, j = 0; k < rank; k++) {
          if ((mask & (1 << k)) != 0) {
            axes[j++] = r.nextBoolean() ? k : k - rank;
          }
        }
        for (boolean keep : new boolean[] {false, true}) {
          String msg =
              "seed " + seed + " dims " + str(dims) + " axes " + str(axes) + " keep " + keep;
          for (int op = 0; op < 4; op++) {
            double[] want = naive(op, dv, dims, mask, false);
            Tensor got = apply(op, f64(dims, dv), axes, keep);
            assertShape(got, outDims(dims, mask, keep));
            double[] g = Internal.f64(got);
            assertEquals(want.length, g.length, msg);
            for (int i = 0; i < g.length; i++) {
              double tol = Double.isFinite(want[i]) ? 1e-9 * (1 + Math.abs(want[i])) : 0;
              assertEquals(want[i], g[i], tol, msg + " op " + op);
            }
            double[] wantI = naive(op, toDouble(iv), dims, mask, true);
            int[] gi = Internal.i32(apply(op, i32(dims, iv), axes, keep));
            for (int i = 0; i < gi.length; i++) {
              assertEquals((int) wantI[i], gi[i], msg + " int op " + op);
            }
          }
        }
      }
    }
  }

  private static Tensor apply(int op, Tensor x, int[] axes, boolean keep) {
    return switch (op) {
      case 0 -> ReductionOps.sum(x, axes, keep);
      case 1 -> ReductionOps.mean(x, axes, keep);
      case 2 -> ReductionOps.max(x, axes, keep);
      default -> ReductionOps.min(x, axes, keep);
    };
  }

  private static double[] toDouble(int[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static int[] outDims(int[] dims, int mask, boolean keep) {
    int c = 0;
    for (int k = 0; k < dims.length; k++) {
      c += (mask & (1 << k)) != 0 && !keep ? 0 : 1;
    }
    int[] o = new int[c];
    for (int k = 0, j = 0; k < dims.length; k++) {
      boolean red = (mask & (1 << k)) != 0;
      if (!red || keep) {
        o[j++] = red ? 1 : dims[k];
      }
    }
    return o;
  }

  // every input index adds into the output index with reduced axes set to 0
  private static double[] naive(int op, double[] x, int[] dims, int mask, boolean ints) {
    int[] kd = outDims(dims, mask, true);
    int m = (int) Shape.of(kd).size();
    double[] acc = new double[m];
    double init =
        switch (op) {
          case 2 -> ints ? Integer.MIN_VALUE : Double.NEGATIVE_INFINITY;
          case 3 -> ints ? Integer.MAX_VALUE : Double.POSITIVE_INFINITY;
          default -> 0;
        };
    java.util.Arrays.fill(acc, init);
    int count = 1;
    for (int k = 0; k < dims.length; k++) {
      count *= (mask & (1 << k)) != 0 ? dims[k] : 1;
    }
    for (int i = 0; i < x.length; i++) {
      int[] idx = index(i, dims);
      for (int k = 0; k < dims.length; k++) {
        if ((mask & (1 << k)) != 0) {
          idx[k] = 0;
        }
      }
      int o = flat(idx, kd);
      acc[o] =
          switch (op) {
            case 2 -> Math.max(acc[o], x[i]);
            case 3 -> Math.min(acc[o], x[i]);
            default -> acc[o] + x[i];
          };
    }
    if (op == 1) {
      for (int o = 0; o < m; o++) {
        if (ints) {
          acc[o] = count == 0 ? 0 : (double) ((long) acc[o] / count);
        } else {
          acc[o] = acc[o] / count;
        }
      }
    }
    return acc;
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gradientsOfEveryReduction() {
    SplittableRandom r = new SplittableRandom(5);
    Tensor x = randF64(r, 2, 3, 4);
    int[][] axesList = {null, s(), s(1), s(-1), s(0, 2), s(0, 1), s(2, 0, 1)};
    for (int[] axes : axesList) {
      for (boolean keep : new boolean[] {false, true}) {
        String at = " axes " + (axes == null ? "null" : str(axes)) + " keep " + keep;
        gradCheck("sum" + at, xs -> ReductionOps.sum(xs[0], axes, keep), x);
        gradCheck("mean" + at, xs -> ReductionOps.mean(xs[0], axes, keep), x);
        gradCheck("max" + at, xs -> ReductionOps.max(xs[0], axes, keep), x);
        gradCheck("min" + at, xs -> ReductionOps.min(xs[0], axes, keep), x);
        // through x*x, so the backward pass itself is differentiated (order 2 not null)
        gradCheck(
            "sum sq" + at, xs -> ReductionOps.sum(ArithmeticOps.mul(xs[0], xs[0]), axes, keep), x);
        gradCheck(
            "mean sq" + at,
            xs -> ReductionOps.mean(ArithmeticOps.mul(xs[0], xs[0]), axes, keep),
            x);
        gradCheck(
            "max sq" + at, xs -> ReductionOps.max(ArithmeticOps.mul(xs[0], xs[0]), axes, keep), x);
      }
    }
    gradCheck("sum rank0", xs -> ReductionOps.sum(xs[0], null, false), randF64(r));
    gradCheck("mean rank1", xs -> ReductionOps.mean(xs[0], s(0), true), randF64(r, 5));
  }

  @Test
  void maxAndMinSplitTiesEqually() {
    Tensor x = f32(s(3), 1, 3, 3);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = ReductionOps.max(x, null, false);
    }
    assertF32(t.gradient(y, x), s(3), 0, 0.5f, 0.5f);
    Tensor m = f64(s(2, 3), 2, 2, 2, 5, 1, 1);
    GradientTape t2 = new GradientTape();
    Tensor y2;
    try (t2) {
      t2.watch(m);
      y2 = ReductionOps.min(m, s(1), false);
    }
    double third = 1.0 / 3;
    assertF64(t2.gradient(y2, m), s(2, 3), third, third, third, 0, 0.5, 0.5);
  }

  @Test
  void meanGradientByHand() {
    Tensor x = f32(s(2, 2), 1, 2, 3, 4);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = ReductionOps.mean(x, s(0), false);
    }
    assertF32(t.gradient(y, x), s(2, 2), 0.5f, 0.5f, 0.5f, 0.5f);
    GradientTape t2 = new GradientTape();
    try (t2) {
      t2.watch(x);
      y = ReductionOps.sum(x, null, true);
    }
    assertF32(t2.gradient(y, x), s(2, 2), 1, 1, 1, 1);
  }
}
