package dev.lanegrad;

import static dev.lanegrad.StructureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.LinalgOps;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatmulTest {
  @Test
  void twoByTwoByHand() {
    Tensor a = f32(s(2, 2), 1, 2, 3, 4);
    Tensor b = f32(s(2, 2), 5, 6, 7, 8);
    assertF32(LinalgOps.matmul(a, b, false, false), s(2, 2), 19, 22, 43, 50);
    // a^T b: [[1,3],[2,4]] @ [[5,6],[7,8]]
    assertF32(LinalgOps.matmul(a, b, true, false), s(2, 2), 26, 30, 38, 44);
    // a b^T: [[1,2],[3,4]] @ [[5,7],[6,8]]
    assertF32(LinalgOps.matmul(a, b, false, true), s(2, 2), 17, 23, 39, 53);
    // a^T b^T
    assertF32(LinalgOps.matmul(a, b, true, true), s(2, 2), 23, 31, 34, 46);
  }

  @Test
  void rectangularAndIntegerDtypes() {
    Tensor a = i32(s(2, 3), 1, 2, 3, 4, 5, 6);
    Tensor b = i32(s(3, 1), 1, 0, -1);
    assertI32(LinalgOps.matmul(a, b, false, false), s(2, 1), -2, -2);
    assertI64(LinalgOps.matmul(i64(s(1, 2), 3, 4), i64(s(2, 1), 5, 6), false, false), s(1, 1), 39);
    assertI32(
        LinalgOps.matmul(i32(s(1, 1), Integer.MAX_VALUE), i32(s(1, 1), 2), false, false),
        s(1, 1),
        -2);
    assertF64(
        LinalgOps.matmul(f64(s(1, 2), 0.5, 0.25), f64(s(2, 1), 2, 4), false, false), s(1, 1), 2);
    // empty inner dimension: zeros; empty outer: empty
    assertF32(LinalgOps.matmul(f32(s(2, 0)), f32(s(0, 2)), false, false), s(2, 2), 0, 0, 0, 0);
    assertShape(LinalgOps.matmul(f32(s(0, 3)), f32(s(3, 2)), false, false), 0, 2);
    assertShape(LinalgOps.matmul(f32(s(0, 2, 3)), f32(s(3, 2)), false, false), 0, 2, 2);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void allFlagsAgainstNaiveLoop(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 12; trial++) {
      int m = 1 + r.nextInt(9);
      int n = 1 + r.nextInt(19);
      int k = 1 + r.nextInt(13);
      for (int f = 0; f < 4; f++) {
        check(r, new int[0], new int[0], m, n, k, (f & 1) != 0, (f & 2) != 0, seed);
      }
    }
    // a size that a blocked GEMM splits into panels
    check(r, new int[0], new int[0], 67, 45, 130, false, false, seed);
    check(r, new int[0], new int[0], 33, 70, 65, true, true, seed);
  }

  @Test
  void batchedWithBroadcasting() {
    SplittableRandom r = new SplittableRandom(31);
    for (int f = 0; f < 4; f++) {
      boolean ta = (f & 1) != 0;
      boolean tb = (f & 2) != 0;
      check(r, s(2), s(), 3, 5, 4, ta, tb, 31); // [2,3,4] @ [4,5]
      check(r, s(1), s(2), 3, 5, 4, ta, tb, 31); // [1,3,4] @ [2,4,5]
      check(r, s(), s(2), 3, 5, 4, ta, tb, 31); // [3,4] @ [2,4,5]
      check(r, s(2, 1), s(3), 2, 3, 4, ta, tb, 31); // [2,1,..] @ [3,..] -> [2,3,..]
      check(r, s(3, 2), s(3, 2), 2, 2, 3, ta, tb, 31);
      check(r, s(1, 4), s(2, 1), 1, 2, 2, ta, tb, 31);
    }
  }

  @Test
  void batchedShapesByHand() {
    Tensor a = iotaF32(2, 3, 4);
    Tensor b = iotaF32(4, 5);
    assertShape(LinalgOps.matmul(a, b, false, false), 2, 3, 5);
    assertShape(LinalgOps.matmul(iotaF32(1, 3, 4), iotaF32(2, 4, 5), false, false), 2, 3, 5);
    assertShape(LinalgOps.matmul(iotaF32(3, 4), iotaF32(2, 4, 5), false, false), 2, 3, 5);
    // [2,1,2] @ [2,1]: batch 0 = [0,1]@[[0],[1]] = 1, batch 1 = [2,3]@[[0],[1]] = 3
    assertF32(LinalgOps.matmul(iotaF32(2, 1, 2), iotaF32(2, 1), false, false), s(2, 1, 1), 1, 3);
  }

  @Test
  void badInputs() {
    Tensor a = iotaF32(2, 3);
    iae(
        () -> LinalgOps.matmul(a, iotaF32(2, 3), false, false),
        "matmul",
        "(2, 3)",
        "transposeA=false",
        "transposeB=false");
    iae(
        () -> LinalgOps.matmul(a, iotaF32(3, 2), true, false),
        "matmul",
        "(2, 3)",
        "(3, 2)",
        "transposeA=true");
    iae(() -> LinalgOps.matmul(iotaF32(3), iotaF32(3, 1), false, false), "matmul", "rank", "(3,)");
    iae(() -> LinalgOps.matmul(a, f32(s(), 1), false, false), "matmul", "rank", "()");
    iae(() -> LinalgOps.matmul(a, iotaF64(3, 2), false, false), "matmul", "float32", "float64");
    iae(
        () -> LinalgOps.matmul(bool(s(1, 1), true), bool(s(1, 1), true), false, false),
        "matmul",
        "bool");
    iae(
        () -> LinalgOps.matmul(c64(s(1, 1), 1, 0), c64(s(1, 1), 1, 0), false, false),
        "matmul",
        "complex64");
    iae(
        () -> LinalgOps.matmul(iotaF32(2, 2, 3), iotaF32(3, 3, 2), false, false),
        "matmul",
        "(2, 2, 3)",
        "(3, 3, 2)",
        "broadcast");
    iae(() -> LinalgOps.matmul(null, a, false, false), "matmul", "'a'");
    iae(() -> LinalgOps.matmul(a, null, false, false), "matmul", "'b'");
  }

  /**
   * Random a (batch dims aBatch, logical m x k) and b (bBatch, k x n), stored transposed when the
   * flag says so, checked elementwise against a naive triple loop in double, float32 and float64
   * and int32.
   */
  private static void check(
      SplittableRandom r,
      int[] aBatch,
      int[] bBatch,
      int m,
      int n,
      int k,
      boolean ta,
      boolean tb,
      long seed) {
    int[] ad = concat(aBatch, ta ? s(k, m) : s(m, k));
    int[] bd = concat(bBatch, tb ? s(n, k) : s(k, n));
    int na = (int) Shape.of(ad).size();
    int nb = (int) Shape.of(bd).size();
    double[] av = new double[na];
    double[] bv = new double[nb];
    int[] ai = new int[na];
    int[] bi = new int[nb];
    for (int i = 0; i < na; i++) {
      ai[i] = r.nextInt(11) - 5;
      av[i] = r.nextDouble() * 2 - 1;
    }
    for (int i = 0; i < nb; i++) {
      bi[i] = r.nextInt(11) - 5;
      bv[i] = r.nextDouble() * 2 - 1;
    }
    float[] af = new float[na];
    float[] bf = new float[nb];
    for (int i = 0; i < na; i++) {
      af[i] = (float) av[i];
    }
    for (int i = 0; i < nb; i++) {
      bf[i] = (float) bv[i];
    }
    int br = Math.max(aBatch.length, bBatch.length);
    int[] batch = new int[br];
    for (int q = 0; q < br; q++) {
      int da = q - (br - aBatch.length) >= 0 ? aBatch[q - (br - aBatch.length)] : 1;
      int db = q - (br - bBatch.length) >= 0 ? bBatch[q - (br - bBatch.length)] : 1;
      batch[q] = Math.max(da, db);
    }
    String msg = "seed " + seed + " a " + str(ad) + " b " + str(bd) + " ta " + ta + " tb " + tb;
    Tensor y64 = LinalgOps.matmul(f64(ad, av), f64(bd, bv), ta, tb);
    Tensor y32 = LinalgOps.matmul(f32(ad, af), f32(bd, bf), ta, tb);
    Tensor yi = LinalgOps.matmul(i32(ad, ai), i32(bd, bi), ta, tb);
    int[] yd = concat(batch, s(m, n));
    assertShape(y64, yd);
    assertShape(y32, yd);
    assertShape(yi, yd);
    int nbatch = (int) Shape.of(batch).size();
    for (int t = 0; t < nbatch; t++) {
      int[] bidx = index(t, batch);
      int ao = offset(bidx, aBatch) * m * k;
      int bo = offset(bidx, bBatch) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double want = 0;
          double wantF = 0;
          long wantI = 0;
          for (int p = 0; p < k; p++) {
            int ia = ao + (ta ? p * m + i : i * k + p);
            int ib = bo + (tb ? j * k + p : p * n + j);
            want += av[ia] * bv[ib];
            wantF += (double) af[ia] * bf[ib];
            wantI += (long) ai[ia] * bi[ib];
          }
          int o = (t * m + i) * n + j;
          assertEquals(want, Internal.f64(y64)[o], 1e-12 * k, msg);
          assertEquals(wantF, Internal.f32(y32)[o], 1e-5 * k, msg);
          assertEquals((int) wantI, Internal.i32(yi)[o], msg);
        }
      }
    }
  }

  // flat index into an operand's own (right-aligned, broadcast) batch dims
  private static int offset(int[] bidx, int[] own) {
    int lead = bidx.length - own.length;
    int f = 0;
    for (int q = 0; q < own.length; q++) {
      f = f * own[q] + (own[q] == 1 ? 0 : bidx[lead + q]);
    }
    return f;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = new int[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gradientsForAllFlagsAndBatchBroadcasts() {
    SplittableRandom r = new SplittableRandom(9);
    for (int f = 0; f < 4; f++) {
      boolean ta = (f & 1) != 0;
      boolean tb = (f & 2) != 0;
      String at = " ta " + ta + " tb " + tb;
      gradCheck(
          "2d" + at,
          xs -> LinalgOps.matmul(xs[0], xs[1], ta, tb),
          randF64(r, ta ? s(4, 3) : s(3, 4)),
          randF64(r, tb ? s(2, 4) : s(4, 2)));
      gradCheck(
          "[2,3,4]@[4,5]" + at,
          xs -> LinalgOps.matmul(xs[0], xs[1], ta, tb),
          randF64(r, ta ? s(2, 4, 3) : s(2, 3, 4)),
          randF64(r, tb ? s(5, 4) : s(4, 5)));
      gradCheck(
          "[1,3,4]@[2,4,5]" + at,
          xs -> LinalgOps.matmul(xs[0], xs[1], ta, tb),
          randF64(r, ta ? s(1, 4, 3) : s(1, 3, 4)),
          randF64(r, tb ? s(2, 5, 4) : s(2, 4, 5)));
      gradCheck(
          "[3,4]@[2,4,5]" + at,
          xs -> LinalgOps.matmul(xs[0], xs[1], ta, tb),
          randF64(r, ta ? s(4, 3) : s(3, 4)),
          randF64(r, tb ? s(2, 5, 4) : s(2, 4, 5)));
    }
    // the same operand twice: x x^T, whose second derivative is not only mixed
    gradCheck("x x^T", xs -> LinalgOps.matmul(xs[0], xs[0], false, true), randF64(r, 3, 2));
  }

  @Test
  void gradientByHand() {
    // y = a @ b, dL/da = g b^T = ones(2,2) @ b^T, dL/db = a^T g
    Tensor a = f32(s(2, 2), 1, 2, 3, 4);
    Tensor b = f32(s(2, 2), 5, 6, 7, 8);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(a, b);
      y = LinalgOps.matmul(a, b, false, false);
    }
    List<Tensor> g = t.gradient(y, List.of(a, b));
    assertF32(g.get(0), s(2, 2), 11, 15, 11, 15);
    assertF32(g.get(1), s(2, 2), 4, 4, 6, 6);
  }
}
