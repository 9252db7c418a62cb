package dev.lanegrad;

import static dev.lanegrad.StructureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapeOpsTest {
  // ---------------------------------------------------------------- reshape

  @Test
  void reshapeKeepsRowMajorOrder() {
    Tensor x = iotaF32(2, 3);
    assertF32(ShapeOps.reshape(x, s(3, 2)), s(3, 2), 0, 1, 2, 3, 4, 5);
    assertF32(ShapeOps.reshape(x, s(6)), s(6), 0, 1, 2, 3, 4, 5);
    assertF32(ShapeOps.reshape(x, s(-1)), s(6), 0, 1, 2, 3, 4, 5);
    assertF32(ShapeOps.reshape(x, s(-1, 2)), s(3, 2), 0, 1, 2, 3, 4, 5);
    assertF32(ShapeOps.reshape(x, s(1, -1, 1)), s(1, 6, 1), 0, 1, 2, 3, 4, 5);
    assertI32(ShapeOps.reshape(i32(s(1, 1), 7), s()), s(), 7);
    assertI32(ShapeOps.reshape(i32(s(), 7), s(1, 1, 1)), s(1, 1, 1), 7);
    assertI32(ShapeOps.reshape(i32(s(), 7), s(-1)), s(1), 7);
    assertShape(ShapeOps.reshape(f32(s(0, 3)), s(3, 0)), 3, 0);
    assertShape(ShapeOps.reshape(f32(s(0, 3)), s(-1, 3)), 0, 3);
  }

  @Test
  void reshapeSharesTheImmutableArray() {
    Tensor x = iotaF32(4);
    assertEquals(Internal.data(x), Internal.data(ShapeOps.reshape(x, s(2, 2))));
  }

  @Test
  void viewsOfAVariableKeepTheirValueAfterAssign() {
    Variable v = Variable.of(new float[] {1, 2, 3, 4});
    Tensor r = ShapeOps.reshape(v, s(2, 2));
    Tensor e = ShapeOps.expandDims(v, 0);
    Tensor q = ShapeOps.squeeze(v);
    Tensor t = ShapeOps.transpose(v, null);
    v.assign(new float[] {9, 9, 9, 9});
    v.assignAdd(new float[] {1, 1, 1, 1});
    assertF32(r, s(2, 2), 1, 2, 3, 4);
    assertF32(e, s(1, 4), 1, 2, 3, 4);
    assertF32(q, s(4), 1, 2, 3, 4);
    assertF32(t, s(4), 1, 2, 3, 4);
    assertF32(ShapeOps.reshape(v, s(4)), s(4), 10, 10, 10, 10);
  }

  @Test
  void faceDelegatesHere() {
    Tensor x = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
    assertI32(x.reshape(3, -1), s(3, 2), 1, 2, 3, 4, 5, 6);
    assertI32(x.transpose(), s(3, 2), 1, 4, 2, 5, 3, 6);
    assertI32(Ops.transpose(x, 1, 0), s(3, 2), 1, 4, 2, 5, 3, 6);
    assertI32(x.expandDims(0).squeeze(), s(2, 3), 1, 2, 3, 4, 5, 6);
    assertI32(Ops.concat(List.of(x, x), 0), s(4, 3), 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
    assertI32(Ops.stack(List.of(x, x), 0), s(2, 2, 3), 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
    assertI32(x.sum(), s(), 21);
    assertI32(x.sum(new int[] {0}, false), s(3), 5, 7, 9);
    assertI32(x.mean(new int[] {1}, true), s(2, 1), 2, 5);
    assertI32(Ops.reduceMax(x, new int[] {-1}, false), s(2), 3, 6);
    assertI32(Ops.reduceMin(x), s(), 1);
    assertI32(x.matmul(x.transpose()), s(2, 2), 14, 32, 32, 77);
    assertI32(Ops.matmul(x, x, false, true), s(2, 2), 14, 32, 32, 77);
    Tensor f = Tensor.of(new float[] {1, 2, 3});
    assertF32(Ops.softmax(f, 0), s(3), 0.09003057f, 0.24472847f, 0.66524096f);
    assertF32(Ops.logSoftmax(f, -1), s(3), -2.407606f, -1.407606f, -0.407606f);
  }

  /** Seed 004, "Tensor Operations": {@code tf.reshape(np.arange(25), (5, 5))}, int64. */
  @Test
  void seedReshapeOfArange() {
    Tensor y = Tensor.range(25L).reshape(5, 5);
    long[] want = new long[25];
    for (int i = 0; i < 25; i++) {
      want[i] = i;
    }
    assertI64(y, s(5, 5), want);
  }

  @Test
  void reshapeErrors() {
    Tensor x = iotaF32(2, 3);
    iae(() -> ShapeOps.reshape(x, s(4, 2)), "reshape", "(2, 3)", "[4, 2]");
    iae(() -> ShapeOps.reshape(x, s(-1, -1)), "reshape", "only one", "[-1, -1]");
    iae(() -> ShapeOps.reshape(x, s(-1, 4)), "reshape", "(2, 3)", "[-1, 4]");
    iae(() -> ShapeOps.reshape(x, s(-2, -3)), "reshape", "negative");
    iae(() -> ShapeOps.reshape(f32(s(0, 3)), s(-1, 0)), "reshape", "-1", "(0, 3)");
    iae(() -> ShapeOps.reshape(x, null), "reshape", "'dims'");
    iae(() -> ShapeOps.reshape(null, s(1)), "reshape", "'x'");
  }

  // ---------------------------------------------------------------- transpose

  @Test
  void transposeByHand() {
    Tensor x = iotaF32(2, 3);
    assertF32(ShapeOps.transpose(x, null), s(3, 2), 0, 3, 1, 4, 2, 5);
    assertF32(ShapeOps.transpose(x, s(1, 0)), s(3, 2), 0, 3, 1, 4, 2, 5);
    assertF32(ShapeOps.transpose(x, s(0, 1)), s(2, 3), 0, 1, 2, 3, 4, 5);
    // x[i,j,k] = 6i + 3j + k, y[k,i,j] = x[i,j,k]
    Tensor y = ShapeOps.transpose(iotaI32(2, 2, 3), s(2, 0, 1));
    assertI32(y, s(3, 2, 2), 0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11);
    assertI32(ShapeOps.transpose(i32(s(), 5), null), s(), 5);
    assertI64(ShapeOps.transpose(i64(s(3), 1, 2, 3), null), s(3), 1, 2, 3);
    Tensor b = ShapeOps.transpose(bool(s(2, 2), true, false, false, false), null);
    assertArrayEquals(new boolean[] {true, false, false, false}, Internal.bool(b));
    Tensor b2 = ShapeOps.transpose(bool(s(1, 2), true, false), null);
    assertArrayEquals(new boolean[] {true, false}, Internal.bool(b2));
    assertShape(b2, 2, 1);
    Tensor c = ShapeOps.transpose(c128(s(2, 2), 1, -1, 2, -2, 3, -3, 4, -4), null);
    assertArrayEquals(new double[] {1, -1, 3, -3, 2, -2, 4, -4}, Internal.f64(c));
    assertShape(ShapeOps.transpose(f32(s(0, 2)), null), 2, 0);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void transposeAgainstNaiveReference(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 60; trial++) {
      int rank = r.nextInt(6);
      int[] dims = new int[rank];
      for (int k = 0; k < rank; k++) {
        dims[k] = 1 + r.nextInt(4);
      }
      int[] perm = new int[rank];
      for (int k = 0; k < rank; k++) {
        perm[k] = k;
      }
      for (int k = rank - 1; k > 0; k--) {
        int j = r.nextInt(k + 1);
        int t = perm[k];
        perm[k] = perm[j];
        perm[j] = t;
      }
      Tensor x = iotaF64(dims);
      Tensor y = ShapeOps.transpose(x, perm);
      int[] yd = new int[rank];
      for (int k = 0; k < rank; k++) {
        yd[k] = dims[perm[k]];
      }
      assertShape(y, yd);
      double[] got = Internal.f64(y);
      for (int i = 0; i < got.length; i++) {
        int[] yi = index(i, yd);
        int[] xi = new int[rank];
        for (int k = 0; k < rank; k++) {
          xi[perm[k]] = yi[k];
        }
        assertEquals(
            flat(xi, dims), got[i], "seed " + seed + " dims " + str(dims) + " perm " + str(perm));
      }
    }
  }

  /** Shapes large enough for the tiled copy, with ragged tile edges, in every storage type. */
  @Test
  void largeTransposesAgainstNaiveReference() {
    int[][] shapes = {{40, 70}, {3, 33, 35}, {65, 2, 32}};
    int[][] perms = {{1, 0}, {0, 2, 1}, {2, 1, 0}};
    for (int c = 0; c < shapes.length; c++) {
      int[] dims = shapes[c];
      int[] perm = perms[c];
      int rank = dims.length;
      int n = (int) Shape.of(dims).size();
      int[] yd = new int[rank];
      for (int k = 0; k < rank; k++) {
        yd[k] = dims[perm[k]];
      }
      int[] want = new int[n];
      for (int i = 0; i < n; i++) {
        int[] yi = index(i, yd);
        int[] xi = new int[rank];
        for (int k = 0; k < rank; k++) {
          xi[perm[k]] = yi[k];
        }
        want[i] = flat(xi, dims);
      }
      String msg = "dims " + str(dims) + " perm " + str(perm);
      assertArrayEquals(want, Internal.i32(ShapeOps.transpose(iotaI32(dims), perm)), msg);
      float[] f = Internal.f32(ShapeOps.transpose(iotaF32(dims), perm));
      double[] dd = Internal.f64(ShapeOps.transpose(iotaF64(dims), perm));
      long[] lv = new long[n];
      boolean[] bv = new boolean[n];
      double[] cv = new double[2 * n];
      for (int i = 0; i < n; i++) {
        lv[i] = i;
        bv[i] = i % 3 == 0;
        cv[2 * i] = i;
        cv[2 * i + 1] = -i;
      }
      long[] l = Internal.i64(ShapeOps.transpose(i64(dims, lv), perm));
      boolean[] b = Internal.bool(ShapeOps.transpose(bool(dims, bv), perm));
      double[] cz = Internal.f64(ShapeOps.transpose(c128(dims, cv), perm));
      for (int i = 0; i < n; i++) {
        assertEquals(want[i], f[i], msg);
        assertEquals(want[i], dd[i], msg);
        assertEquals(want[i], l[i], msg);
        assertEquals(want[i] % 3 == 0, b[i], msg);
        assertEquals(want[i], cz[2 * i], msg);
        assertEquals(-want[i], cz[2 * i + 1], msg);
      }
    }
  }

  @Test
  void transposeErrors() {
    Tensor x = iotaF32(2, 3);
    iae(() -> ShapeOps.transpose(x, s(0)), "transpose", "[0]", "(2, 3)");
    iae(() -> ShapeOps.transpose(x, s(0, 0)), "transpose", "[0, 0]", "permutation");
    iae(() -> ShapeOps.transpose(x, s(0, 2)), "transpose", "[0, 2]");
    iae(() -> ShapeOps.transpose(x, s(-1, 0)), "transpose", "[-1, 0]");
    iae(() -> ShapeOps.transpose(null, null), "transpose", "'x'");
  }

  // ---------------------------------------------------------------- expandDims, squeeze

  @Test
  void expandDimsEveryAxis() {
    Tensor x = iotaF32(2, 3);
    assertShape(ShapeOps.expandDims(x, 0), 1, 2, 3);
    assertShape(ShapeOps.expandDims(x, 1), 2, 1, 3);
    assertShape(ShapeOps.expandDims(x, 2), 2, 3, 1);
    assertShape(ShapeOps.expandDims(x, -1), 2, 3, 1);
    assertShape(ShapeOps.expandDims(x, -2), 2, 1, 3);
    assertShape(ShapeOps.expandDims(x, -3), 1, 2, 3);
    assertF32(ShapeOps.expandDims(x, 1), s(2, 1, 3), 0, 1, 2, 3, 4, 5);
    assertI32(ShapeOps.expandDims(i32(s(), 4), 0), s(1), 4);
    assertI32(ShapeOps.expandDims(i32(s(), 4), -1), s(1), 4);
    iae(() -> ShapeOps.expandDims(x, 3), "expandDims", "axis 3", "(2, 3)");
    iae(() -> ShapeOps.expandDims(x, -4), "expandDims", "axis -4");
    iae(() -> ShapeOps.expandDims(i32(s(), 4), 1), "expandDims", "axis 1", "()");
  }

  @Test
  void squeezeDropsEveryOne() {
    assertF32(ShapeOps.squeeze(f32(s(1, 2, 1), 3, 4)), s(2), 3, 4);
    assertF32(ShapeOps.squeeze(f32(s(1, 1), 3)), s(), 3);
    assertF32(ShapeOps.squeeze(f32(s(), 3)), s(), 3);
    assertShape(ShapeOps.squeeze(iotaF32(2, 3)), 2, 3);
    assertShape(ShapeOps.squeeze(f32(s(1, 0, 1))), 0);
    assertShape(ShapeOps.squeeze(iotaF32(1, 2, 1, 3, 1)), 2, 3);
  }

  // ---------------------------------------------------------------- concat, stack

  @Test
  void concatAlongEachAxis() {
    Tensor a = f32(s(2, 2), 1, 2, 3, 4);
    Tensor b = f32(s(2, 1), 5, 6);
    Tensor c = f32(s(1, 2), 7, 8);
    assertF32(ShapeOps.concat(List.of(a, b), 1), s(2, 3), 1, 2, 5, 3, 4, 6);
    assertF32(ShapeOps.concat(List.of(a, b), -1), s(2, 3), 1, 2, 5, 3, 4, 6);
    assertF32(ShapeOps.concat(List.of(a, c), 0), s(3, 2), 1, 2, 3, 4, 7, 8);
    assertF32(ShapeOps.concat(List.of(c, a, c), -2), s(4, 2), 7, 8, 1, 2, 3, 4, 7, 8);
    assertF32(ShapeOps.concat(List.of(a), 0), s(2, 2), 1, 2, 3, 4);
    assertI32(ShapeOps.concat(List.of(i32(s(2), 1, 2), i32(s(0)), i32(s(1), 3)), 0), s(3), 1, 2, 3);
    assertI64(
        ShapeOps.concat(List.of(i64(s(1, 1, 2), 1, 2), i64(s(1, 1, 2), 3, 4)), 1),
        s(1, 2, 2),
        1,
        2,
        3,
        4);
    Tensor z = ShapeOps.concat(List.of(c128(s(1), 1, 2), c128(s(2), 3, 4, 5, 6)), 0);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Internal.f64(z));
    Tensor bb = ShapeOps.concat(List.of(bool(s(1), true), bool(s(1), false)), 0);
    assertArrayEquals(new boolean[] {true, false}, Internal.bool(bb));
  }

  @Test
  void concatErrors() {
    Tensor a = f32(s(2, 2), 1, 2, 3, 4);
    iae(() -> ShapeOps.concat(List.of(), 0), "concat", "empty");
    iae(() -> ShapeOps.concat(null, 0), "concat", "'tensors'");
    List<Tensor> withNull = new ArrayList<>(Arrays.asList(a, null));
    iae(() -> ShapeOps.concat(withNull, 0), "concat", "null", "1");
    iae(
        () -> ShapeOps.concat(List.of(a, f64(s(2, 2), 1, 2, 3, 4)), 0),
        "concat",
        "float32",
        "float64");
    iae(() -> ShapeOps.concat(List.of(a, f32(s(2), 1, 2)), 0), "concat", "(2, 2)", "(2,)");
    iae(() -> ShapeOps.concat(List.of(a, f32(s(2, 3))), 0), "concat", "(2, 2)", "(2, 3)");
    iae(() -> ShapeOps.concat(List.of(a, a), 2), "concat", "axis 2");
    iae(() -> ShapeOps.concat(List.of(a, a), -3), "concat", "axis -3");
    iae(() -> ShapeOps.concat(List.of(f32(s(), 1), f32(s(), 2)), 0), "concat", "scalars");
  }

  @Test
  void stackAlongEachAxis() {
    Tensor a = f32(s(2), 1, 2);
    Tensor b = f32(s(2), 3, 4);
    assertF32(ShapeOps.stack(List.of(a, b), 0), s(2, 2), 1, 2, 3, 4);
    assertF32(ShapeOps.stack(List.of(a, b), 1), s(2, 2), 1, 3, 2, 4);
    assertF32(ShapeOps.stack(List.of(a, b), -1), s(2, 2), 1, 3, 2, 4);
    assertF32(ShapeOps.stack(List.of(a, b), -2), s(2, 2), 1, 2, 3, 4);
    assertI32(ShapeOps.stack(List.of(i32(s(), 1), i32(s(), 2), i32(s(), 3)), 0), s(3), 1, 2, 3);
    // [2,2] tensors stacked on the middle axis
    Tensor p = iotaI32(2, 2);
    Tensor q = i32(s(2, 2), 10, 11, 12, 13);
    assertI32(ShapeOps.stack(List.of(p, q), 1), s(2, 2, 2), 0, 1, 10, 11, 2, 3, 12, 13);
    assertI32(ShapeOps.stack(List.of(p, q), 2), s(2, 2, 2), 0, 10, 1, 11, 2, 12, 3, 13);
    iae(() -> ShapeOps.stack(List.of(a, f32(s(3), 1, 2, 3)), 0), "stack", "(2,)", "(3,)");
    iae(() -> ShapeOps.stack(List.of(a, i32(s(2), 1, 2)), 0), "stack", "int32", "float32");
    iae(() -> ShapeOps.stack(List.of(a, b), 2), "stack", "axis 2");
    iae(() -> ShapeOps.stack(List.of(a, b), -3), "stack", "axis -3");
    iae(() -> ShapeOps.stack(List.of(), 0), "stack", "empty");
  }

  // ---------------------------------------------------------------- internal data movers

  @Test
  void broadcastToRepeats() {
    assertF32(ShapeOps.broadcastTo(f32(s(3), 1, 2, 3), sh(2, 3)), s(2, 3), 1, 2, 3, 1, 2, 3);
    assertF32(ShapeOps.broadcastTo(f32(s(2, 1), 1, 2), sh(2, 3)), s(2, 3), 1, 1, 1, 2, 2, 2);
    assertF32(ShapeOps.broadcastTo(f32(s(), 7), sh(2, 2)), s(2, 2), 7, 7, 7, 7);
    assertI32(
        ShapeOps.broadcastTo(i32(s(1, 2, 1), 1, 2), sh(2, 2, 2)),
        s(2, 2, 2),
        1,
        1,
        2,
        2,
        1,
        1,
        2,
        2);
    assertShape(ShapeOps.broadcastTo(f32(s(1)), sh(0)), 0);
    Tensor c = ShapeOps.broadcastTo(c64(s(1), 1, 2), sh(2));
    assertArrayEquals(new float[] {1, 2, 1, 2}, Internal.f32(c));
    iae(() -> ShapeOps.broadcastTo(f32(s(2), 1, 2), sh(3)), "broadcastTo", "(2,)", "(3,)");
    iae(() -> ShapeOps.broadcastTo(f32(s(2, 2)), sh(2)), "broadcastTo", "(2, 2)", "(2,)");
  }

  @Test
  void sliceAndPad() {
    Tensor x = iotaF32(3, 4);
    assertF32(ShapeOps.slice(x, s(1, 1), s(2, 2)), s(2, 2), 5, 6, 9, 10);
    assertF32(ShapeOps.slice(x, s(0, 3), s(3, 1)), s(3, 1), 3, 7, 11);
    assertF32(ShapeOps.slice(x, s(0, 0), s(3, 4)), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertShape(ShapeOps.slice(x, s(3, 0), s(0, 4)), 0, 4);
    assertF32(ShapeOps.pad(f32(s(1, 2), 1, 2), s(1, 0), s(0, 1)), s(2, 3), 0, 0, 0, 1, 2, 0);
    assertI32(ShapeOps.pad(i32(s(2), 5, 6), s(2), s(1)), s(5), 0, 0, 5, 6, 0);
    assertI32(ShapeOps.pad(i32(s(), 5), s(), s()), s(), 5);
    iae(() -> ShapeOps.slice(x, s(2, 0), s(2, 1)), "slice", "(3, 4)", "[2, 0]", "[2, 1]");
    iae(() -> ShapeOps.slice(x, s(0), s(1)), "slice", "(3, 4)");
    iae(() -> ShapeOps.slice(x, s(-1, 0), s(1, 1)), "slice");
    iae(() -> ShapeOps.pad(x, s(-1, 0), s(0, 0)), "pad", "(3, 4)");
    iae(() -> ShapeOps.pad(x, s(0), s(0, 0)), "pad", "(3, 4)");
  }

  @Test
  void zerosAndOnesLike() {
    assertF32(ShapeOps.zerosLike(iotaF32(2)), s(2), 0, 0);
    assertF32(ShapeOps.onesLike(iotaF32(2)), s(2), 1, 1);
    assertI64(ShapeOps.onesLike(i64(s(1, 1), 9)), s(1, 1), 1);
    assertArrayEquals(
        new double[] {1, 0, 1, 0}, Internal.f64(ShapeOps.onesLike(c128(s(2), 5, 5, 6, 6))));
    assertArrayEquals(new boolean[] {true}, Internal.bool(ShapeOps.onesLike(bool(s(), false))));
  }

  // ---------------------------------------------------------------- gradients

  private static Tensor sq(Tensor x) {
    return ArithmeticOps.mul(x, x);
  }

  @Test
  void gradientsOfEveryShapeOp() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor x = randF64(r, 2, 3, 4);
    gradCheck("reshape", xs -> sq(ShapeOps.reshape(xs[0], s(4, -1))), x);
    gradCheck("transpose rev", xs -> sq(ShapeOps.transpose(xs[0], null)), x);
    gradCheck("transpose perm", xs -> ShapeOps.transpose(sq(xs[0]), s(1, 2, 0)), x);
    gradCheck("transpose lin", xs -> ShapeOps.transpose(xs[0], s(2, 0, 1)), x);
    gradCheck("expandDims", xs -> sq(ShapeOps.expandDims(xs[0], -2)), x);
    gradCheck("squeeze", xs -> sq(ShapeOps.squeeze(xs[0])), randF64(r, 1, 3, 1));
    Tensor a = randF64(r, 2, 1, 4);
    Tensor b = randF64(r, 2, 3, 4);
    gradCheck("concat", xs -> sq(ShapeOps.concat(List.of(xs[0], xs[1], xs[0]), 1)), a, b);
    gradCheck(
        "concat last",
        xs -> ShapeOps.concat(List.of(sq(xs[0]), xs[1]), -1),
        randF64(r, 2, 2),
        randF64(r, 2, 3));
    Tensor c = randF64(r, 2, 3, 4);
    gradCheck("stack 0", xs -> sq(ShapeOps.stack(List.of(xs[0], xs[1]), 0)), b, c);
    gradCheck("stack 2", xs -> ShapeOps.stack(List.of(sq(xs[0]), xs[1], xs[0]), 2), b, c);
    gradCheck("stack -1", xs -> sq(ShapeOps.stack(List.of(xs[0], xs[1]), -1)), b, c);
    gradCheck("broadcastTo", xs -> sq(ShapeOps.broadcastTo(xs[0], sh(3, 2, 3, 4))), a);
    gradCheck("broadcastTo scalar", xs -> sq(ShapeOps.broadcastTo(xs[0], sh(2, 2))), randF64(r));
    gradCheck("slice", xs -> sq(ShapeOps.slice(xs[0], s(1, 1, 0), s(1, 2, 3))), x);
    gradCheck("pad", xs -> sq(ShapeOps.pad(xs[0], s(0, 1, 2), s(1, 0, 1))), x);
  }

  @Test
  void concatGradientByHand() {
    Tensor a = f32(s(1, 2), 1, 2);
    Tensor b = f32(s(1, 1), 3);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(a, b);
      y = ShapeOps.concat(List.of(a, b), 1);
    }
    List<Tensor> g = t.gradient(y, List.of(a, b), UnconnectedGradients.NONE);
    assertF32(g.get(0), s(1, 2), 1, 1);
    assertF32(g.get(1), s(1, 1), 1);
  }
}
