package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.B;
import static dev.lanegrad.ElementwiseFixtures.D;
import static dev.lanegrad.ElementwiseFixtures.F;
import static dev.lanegrad.ElementwiseFixtures.I;
import static dev.lanegrad.ElementwiseFixtures.L;
import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static dev.lanegrad.ElementwiseFixtures.assertTensor;
import static dev.lanegrad.ElementwiseFixtures.c64;
import static dev.lanegrad.ElementwiseFixtures.f32;
import static dev.lanegrad.ElementwiseFixtures.f32s;
import static dev.lanegrad.ElementwiseFixtures.f64;
import static dev.lanegrad.ElementwiseFixtures.i32;
import static dev.lanegrad.ElementwiseFixtures.i64;
import static dev.lanegrad.ElementwiseFixtures.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.Broadcast;
import dev.lanegrad.internal.ops.CompareOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * NumPy broadcasting: result shapes, the run plan, values of every pattern, and a random oracle.
 */
class BroadcastTest {

  // tf.broadcast_static_shape(TensorShape([3, 1]), TensorShape([4])) is (3, 4); (2, 3) against (4,)
  // raises ValueError "Incompatible shapes for broadcasting"
  @Test
  void broadcastStaticShapeIsTheFacesBroadcastRule() {
    assertEquals(sh(3, 4), Ops.broadcastStaticShape(sh(3, 1), sh(4)));
    assertEquals(sh(2, 5, 3), Ops.broadcastStaticShape(sh(5, 1), sh(2, 1, 3)));
    assertEquals(sh(0, 3), Ops.broadcastStaticShape(sh(0, 1), sh(3)));
    assertEquals(Shape.scalar(), Ops.broadcastStaticShape(Shape.scalar(), Shape.scalar()));
    assertIae(() -> Ops.broadcastStaticShape(sh(2, 3), sh(4)), "broadcastStaticShape", "(2, 3)");
    assertIae(() -> Ops.broadcastStaticShape(null, sh(4)), "broadcastStaticShape", "'a'");
  }

  @Test
  void resultShapesFollowNumpy() {
    assertEquals(sh(2, 3), Broadcast.shape("t", sh(2, 3), sh(2, 3)));
    assertEquals(sh(2, 3), Broadcast.shape("t", sh(2, 3), Shape.scalar()));
    assertEquals(sh(2, 3), Broadcast.shape("t", Shape.scalar(), sh(2, 3)));
    assertEquals(sh(2, 3), Broadcast.shape("t", sh(2, 3), sh(3)));
    assertEquals(sh(3, 4), Broadcast.shape("t", sh(3, 1), sh(1, 4)));
    assertEquals(sh(5, 3, 4), Broadcast.shape("t", sh(5, 1, 4), sh(3, 1)));
    assertEquals(sh(2, 0), Broadcast.shape("t", sh(2, 1), sh(0)));
    assertEquals(sh(0, 3), Broadcast.shape("t", sh(0, 1), sh(1, 3)));
    assertEquals(Shape.scalar(), Broadcast.shape("t", Shape.scalar(), Shape.scalar()));
    assertEquals(sh(1, 1), Broadcast.shape("t", sh(1), sh(1, 1)));
    assertEquals(sh(2, 3, 4), Broadcast.shape("where", sh(2, 1, 1), sh(3, 1), sh(4)));
  }

  @Test
  void incompatibleShapesNameBoth() {
    assertIae(() -> Broadcast.shape("add", sh(2, 3), sh(2)), "add", "(2, 3)", "(2,)");
    assertIae(() -> Broadcast.shape("mul", sh(0), sh(2)), "mul", "(0,)", "(2,)");
    assertIae(() -> Broadcast.shape("where", sh(2), sh(3), sh(1)), "where", "(2,)", "(3,)", "(1,)");
  }

  @Test
  void planGivesLongRuns() {
    // same shape: one run
    Broadcast p = Broadcast.plan(sh(4, 5, 6), sh(4, 5, 6), sh(4, 5, 6));
    assertPlan(p, 1, 120, 1, 1);
    // tensor and scalar: one run, the scalar repeated
    assertPlan(Broadcast.plan(sh(4, 5), sh(4, 5), Shape.scalar()), 1, 20, 1, 0);
    assertPlan(Broadcast.plan(sh(4, 5), sh(1, 1), sh(4, 5)), 1, 20, 0, 1);
    // row [m,n] + [n]: m runs, both contiguous
    p = Broadcast.plan(sh(3, 4), sh(3, 4), sh(4));
    assertPlan(p, 3, 4, 1, 1);
    assertOffsets(p, new int[][] {{0, 0}, {4, 0}, {8, 0}});
    // column [m,n] + [m,1]: m runs, the column value repeated
    p = Broadcast.plan(sh(3, 4), sh(3, 4), sh(3, 1));
    assertPlan(p, 3, 4, 1, 0);
    assertOffsets(p, new int[][] {{0, 0}, {4, 1}, {8, 2}});
    // both sides [3,1] + [1,4]
    p = Broadcast.plan(sh(3, 4), sh(3, 1), sh(1, 4));
    assertPlan(p, 3, 4, 0, 1);
    assertOffsets(p, new int[][] {{0, 0}, {1, 0}, {2, 0}});
    // rank 3 with rank 1: the outer two axes merge into one
    p = Broadcast.plan(sh(2, 3, 4), sh(2, 3, 4), sh(4));
    assertPlan(p, 6, 4, 1, 1);
    // size-1 axes vanish: [2,1,3] + [2,1,3] is one run
    assertPlan(Broadcast.plan(sh(2, 1, 3), sh(2, 1, 3), sh(2, 1, 3)), 1, 6, 1, 1);
    // [2,3,4] + [2,1,4]: odometer over (2,3) with b's offsets 0,0,0,4,4,4
    p = Broadcast.plan(sh(2, 3, 4), sh(2, 3, 4), sh(2, 1, 4));
    assertPlan(p, 6, 4, 1, 1);
    assertOffsets(p, new int[][] {{0, 0}, {4, 0}, {8, 0}, {12, 4}, {16, 4}, {20, 4}});
    // empty output: no runs
    assertEquals(0, Broadcast.plan(sh(2, 0), sh(2, 1), sh(0)).runs());
    assertEquals(0, Broadcast.plan(sh(0, 3), sh(0, 1), sh(1, 3)).runs());
    // rank 0
    assertPlan(Broadcast.plan(Shape.scalar(), Shape.scalar(), Shape.scalar()), 1, 1, 1, 1);
  }

  private static void assertPlan(Broadcast p, int runs, int run, int incA, int incB) {
    assertEquals(runs, p.runs(), "runs");
    assertEquals(run, p.run(), "run length");
    assertEquals(incA, p.inc(0), "inc of a");
    assertEquals(incB, p.inc(1), "inc of b");
  }

  private static void assertOffsets(Broadcast p, int[][] expected) {
    for (int r = 0; r < expected.length; r++) {
      assertEquals(expected[r][0], p.offset(0), "a's offset at run " + r);
      assertEquals(expected[r][1], p.offset(1), "b's offset at run " + r);
      p.next();
    }
  }

  @Test
  void expandedAxesAreWhatUnbroadcastingSumsOver() {
    assertArrayEquals(new int[] {0}, Broadcast.expandedAxes(sh(4), sh(3, 4)));
    assertArrayEquals(new int[] {1}, Broadcast.expandedAxes(sh(3, 1), sh(3, 4)));
    assertArrayEquals(new int[] {0, 1}, Broadcast.expandedAxes(Shape.scalar(), sh(3, 4)));
    assertArrayEquals(new int[] {0, 2}, Broadcast.expandedAxes(sh(3, 1), sh(2, 3, 4)));
    assertArrayEquals(new int[] {}, Broadcast.expandedAxes(sh(3, 4), sh(3, 4)));
    assertArrayEquals(new int[] {}, Broadcast.expandedAxes(sh(1, 1), sh(1, 1)));
  }

  // ------------------------------------------------------------------ values per pattern

  @Test
  void scalarOnEitherSide() {
    Tensor v = f32(new float[] {1, 2, 3});
    assertArrayEquals(new float[] {-9, -8, -7}, F(ArithmeticOps.sub(v, f32s(10))));
    assertArrayEquals(new float[] {9, 8, 7}, F(ArithmeticOps.sub(f32s(10), v)));
    Tensor s = ArithmeticOps.mul(f32s(2), f32s(3));
    assertTensor(s, DType.FLOAT32, Shape.scalar());
    assertArrayEquals(new float[] {6}, F(s));
    // a (1, 1) operand is a scalar too, and lifts the rank
    Tensor one = ArithmeticOps.add(f32(new float[] {1, 2, 3}), f32(new float[] {10}, 1, 1));
    assertTensor(one, DType.FLOAT32, sh(1, 3));
    assertArrayEquals(new float[] {11, 12, 13}, F(one));
  }

  @Test
  void rowColumnAndBothSides() {
    Tensor m = i32(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor row = ArithmeticOps.add(m, i32(new int[] {10, 20, 30}));
    assertTensor(row, DType.INT32, sh(2, 3));
    assertArrayEquals(new int[] {11, 22, 33, 14, 25, 36}, I(row));
    Tensor rowLeft = ArithmeticOps.sub(i32(new int[] {10, 20, 30}), m);
    assertArrayEquals(new int[] {9, 18, 27, 6, 15, 24}, I(rowLeft));
    Tensor col = ArithmeticOps.mul(m, i32(new int[] {10, 100}, 2, 1));
    assertArrayEquals(new int[] {10, 20, 30, 400, 500, 600}, I(col));
    Tensor colLeft = ArithmeticOps.sub(i32(new int[] {10, 100}, 2, 1), m);
    assertArrayEquals(new int[] {9, 8, 7, 96, 95, 94}, I(colLeft));
    Tensor both =
        ArithmeticOps.add(i64(new long[] {0, 10, 20}, 3, 1), i64(new long[] {1, 2, 3, 4}, 1, 4));
    assertTensor(both, DType.INT64, sh(3, 4));
    assertArrayEquals(new long[] {1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24}, L(both));
    Tensor cmp = CompareOps.greater(f64(new double[] {0, 10, 20}, 3, 1), f64(new double[] {5, 15}));
    assertTensor(cmp, DType.BOOL, sh(3, 2));
    assertArrayEquals(new boolean[] {false, false, true, false, true, true}, B(cmp));
  }

  @Test
  void rankThreeWithRankOneAndMiddleAxes() {
    float[] x = new float[24];
    for (int i = 0; i < 24; i++) {
      x[i] = i;
    }
    Tensor t = f32(x, 2, 3, 4);
    Tensor y = ArithmeticOps.add(t, f32(new float[] {100, 200, 300, 400}));
    assertTensor(y, DType.FLOAT32, sh(2, 3, 4));
    for (int i = 0; i < 24; i++) {
      assertEquals(i + 100 * (i % 4 + 1), F(y)[i], "at " + i);
    }
    Tensor mid = ArithmeticOps.mul(t, f32(new float[] {1, 10, 100}, 3, 1));
    for (int i = 0; i < 24; i++) {
      assertEquals(i * (float) Math.pow(10, (i / 4) % 3), F(mid)[i], "at " + i);
    }
    Tensor outer = ArithmeticOps.sub(t, f32(new float[] {0, 1000}, 2, 1, 1));
    for (int i = 0; i < 24; i++) {
      assertEquals(i - (i >= 12 ? 1000 : 0), F(outer)[i], "at " + i);
    }
  }

  @Test
  void zeroSizeDimensions() {
    Tensor y = ArithmeticOps.add(f32(new float[0], 2, 0), f32(new float[] {1, 2}, 2, 1));
    assertTensor(y, DType.FLOAT32, sh(2, 0));
    assertEquals(0, F(y).length);
    Tensor z = ArithmeticOps.add(f32(new float[0], 0, 1), f32(new float[] {1, 2, 3}));
    assertTensor(z, DType.FLOAT32, sh(0, 3));
    Tensor e = CompareOps.less(f32(new float[0], 0), f32s(1));
    assertTensor(e, DType.BOOL, sh(0));
    assertIae(
        () -> ArithmeticOps.add(f32(new float[0], 0), f32(new float[] {1, 2})),
        "add",
        "(0,)",
        "(2,)");
  }

  @Test
  void complexBroadcastsByValue() {
    // [(1+1i), (2+2i)] as a column times the row [(0+1i), 1]
    Tensor y =
        ArithmeticOps.mul(c64(new float[] {1, 1, 2, 2}, 2, 1), c64(new float[] {0, 1, 1, 0}));
    assertTensor(y, DType.COMPLEX64, sh(2, 2));
    assertArrayEquals(new float[] {-1, 1, 1, 1, -2, 2, 2, 2}, F(y));
  }

  // ------------------------------------------------------------------ random oracle

  @RepeatedTest(40)
  void randomShapesAgreeWithIndexArithmetic(RepetitionInfo info) {
    long seed = 0xB0AD_CA57L + info.getCurrentRepetition();
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(5);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = rnd.nextInt(5) == 0 ? 1 : 1 + rnd.nextInt(4);
    }
    int[] da = operandDims(rnd, out);
    int[] db = operandDims(rnd, out);
    int[] dc = operandDims(rnd, out);
    // Internal.make, not the fixtures: they read "no dims" as a vector
    Tensor a = Internal.make(DType.FLOAT64, Shape.of(da), random(rnd, da));
    Tensor b = Internal.make(DType.FLOAT64, Shape.of(db), random(rnd, db));
    boolean[] cv = new boolean[(int) Shape.of(dc).size()];
    for (int i = 0; i < cv.length; i++) {
      cv[i] = rnd.nextBoolean();
    }
    Tensor c = Internal.make(DType.BOOL, Shape.of(dc), cv);
    String msg = "seed " + seed + " a" + Shape.of(da) + " b" + Shape.of(db) + " c" + Shape.of(dc);
    Tensor sum = ArithmeticOps.sub(a, b);
    Tensor sel = CompareOps.where(c, a, b);
    Shape s = Broadcast.shape("t", Broadcast.shape("t", Shape.of(da), Shape.of(db)), Shape.of(dc));
    assertEquals(Broadcast.shape("t", Shape.of(da), Shape.of(db)), sum.shape(), msg);
    assertEquals(s, sel.shape(), msg);
    int[] sd = s.dims();
    int n = (int) s.size();
    int[] idx = new int[sd.length];
    for (int i = 0; i < n; i++) {
      // flat index -> multi-index of the output
      int rem = i;
      for (int ax = sd.length - 1; ax >= 0; ax--) {
        idx[ax] = rem % sd[ax];
        rem /= sd[ax];
      }
      double av = D(a)[flat(idx, da)];
      double bv = D(b)[flat(idx, db)];
      boolean cb = B(c)[flat(idx, dc)];
      assertEquals(cb ? av : bv, D(sel)[i], msg + " where at " + i);
      int[] sumDims = sum.shape().dims();
      int[] sumIdx = java.util.Arrays.copyOfRange(idx, idx.length - sumDims.length, idx.length);
      assertEquals(av - bv, D(sum)[flat(sumIdx, sumDims)], msg + " sub at " + i);
    }
  }

  private static int[] operandDims(SplittableRandom rnd, int[] out) {
    int rank = rnd.nextInt(out.length + 1);
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) {
      int o = out[out.length - rank + i];
      d[i] = rnd.nextInt(3) == 0 ? 1 : o;
    }
    return d;
  }

  private static double[] random(SplittableRandom rnd, int[] dims) {
    double[] v = new double[(int) Shape.of(dims).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(-50, 50);
    }
    return v;
  }

  // the operand's flat index for an output multi-index (aligned at the end, size-1 axes pinned)
  private static int flat(int[] outIdx, int[] dims) {
    int f = 0;
    int lead = outIdx.length - dims.length;
    for (int i = 0; i < dims.length; i++) {
      f = f * dims[i] + (dims[i] == 1 ? 0 : outIdx[lead + i]);
    }
    return f;
  }
}
