package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.ReductionOps;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;

/**
 * Builders and checks shared by the tests of reductions, shape ops, matmul and softmax. Tensors are
 * made with {@code Internal.make}, so these tests need nothing from the creation code.
 */
final class StructureFixtures {
  private StructureFixtures() {}

  static Shape sh(int... dims) {
    return Shape.of(dims);
  }

  static Tensor f32(int[] shape, float... v) {
    return Internal.make(DType.FLOAT32, Shape.of(shape), v.clone());
  }

  static Tensor f64(int[] shape, double... v) {
    return Internal.make(DType.FLOAT64, Shape.of(shape), v.clone());
  }

  static Tensor i32(int[] shape, int... v) {
    return Internal.make(DType.INT32, Shape.of(shape), v.clone());
  }

  static Tensor i64(int[] shape, long... v) {
    return Internal.make(DType.INT64, Shape.of(shape), v.clone());
  }

  static Tensor bool(int[] shape, boolean... v) {
    return Internal.make(DType.BOOL, Shape.of(shape), v.clone());
  }

  /** Interleaved (re, im) pairs. */
  static Tensor c128(int[] shape, double... reIm) {
    return Internal.make(DType.COMPLEX128, Shape.of(shape), reIm.clone());
  }

  static Tensor c64(int[] shape, float... reIm) {
    return Internal.make(DType.COMPLEX64, Shape.of(shape), reIm.clone());
  }

  static int[] s(int... dims) {
    return dims;
  }

  /** 0, 1, 2, ... as float32 of the given shape. */
  static Tensor iotaF32(int... shape) {
    int n = (int) Shape.of(shape).size();
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return Internal.make(DType.FLOAT32, Shape.of(shape), v);
  }

  static Tensor iotaI32(int... shape) {
    int n = (int) Shape.of(shape).size();
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return Internal.make(DType.INT32, Shape.of(shape), v);
  }

  static Tensor iotaF64(int... shape) {
    int n = (int) Shape.of(shape).size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return Internal.make(DType.FLOAT64, Shape.of(shape), v);
  }

  static void assertShape(Tensor t, int... dims) {
    assertEquals(Shape.of(dims), t.shape(), "shape");
  }

  static void assertF32(Tensor t, DType d, int[] shape, float... v) {
    assertEquals(d, t.dtype());
    assertShape(t, shape);
    assertArrayEquals(v, Internal.f32(t), 1e-6f);
  }

  static void assertF32(Tensor t, int[] shape, float... v) {
    assertF32(t, DType.FLOAT32, shape, v);
  }

  static void assertF64(Tensor t, int[] shape, double... v) {
    assertEquals(DType.FLOAT64, t.dtype());
    assertShape(t, shape);
    assertArrayEquals(v, Internal.f64(t), 1e-12);
  }

  static void assertI32(Tensor t, int[] shape, int... v) {
    assertEquals(DType.INT32, t.dtype());
    assertShape(t, shape);
    assertArrayEquals(v, Internal.i32(t));
  }

  static void assertI64(Tensor t, int[] shape, long... v) {
    assertEquals(DType.INT64, t.dtype());
    assertShape(t, shape);
    assertArrayEquals(v, Internal.i64(t));
  }

  /** Asserts an IllegalArgumentException whose message contains every fragment. */
  static IllegalArgumentException iae(Executable e, String... fragments) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(
          x.getMessage() != null && x.getMessage().contains(f),
          "message '" + x.getMessage() + "' lacks '" + f + "'");
    }
    return x;
  }

  /** Row-major multi-index of flat index {@code i}. */
  static int[] index(int i, int[] dims) {
    int[] idx = new int[dims.length];
    for (int k = dims.length - 1; k >= 0; k--) {
      idx[k] = dims[k] == 0 ? 0 : i % dims[k];
      i = dims[k] == 0 ? 0 : i / dims[k];
    }
    return idx;
  }

  static int flat(int[] idx, int[] dims) {
    int f = 0;
    for (int k = 0; k < dims.length; k++) {
      f = f * dims[k] + idx[k];
    }
    return f;
  }

  // ---------------------------------------------------------------- gradient checks

  /** A function of several tensors, as the gradient checks take it. */
  interface Fn {
    Tensor apply(Tensor[] xs);
  }

  /** Random float64 values in [-1, 1) (no ties, so max/min have a derivative). */
  static Tensor randF64(SplittableRandom r, int... shape) {
    int n = (int) Shape.of(shape).size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    return Internal.make(DType.FLOAT64, Shape.of(shape), v);
  }

  // L(xs) = sum(f(xs) * w): a random upstream gradient w for outputs of any shape
  private static Tensor loss(Fn f, Tensor[] xs, Tensor w) {
    return ReductionOps.sum(ArithmeticOps.mul(f.apply(xs), w), null, false);
  }

  private static List<Tensor> firstGrads(Fn f, Tensor[] xs, Tensor w) {
    GradientTape t = new GradientTape();
    Tensor l;
    try (t) {
      t.watch(xs);
      l = loss(f, xs, w);
    }
    return t.gradient(l, List.of(xs));
  }

  // S(xs) = sum_j sum(dL/dx_j * v_j): its gradient is the Hessian of L applied to v
  private static Tensor secondLoss(List<Tensor> g, Tensor[] v) {
    Tensor s = null;
    for (int j = 0; j < v.length; j++) {
      if (g.get(j) != null) {
        Tensor term = ReductionOps.sum(ArithmeticOps.mul(g.get(j), v[j]), null, false);
        s = s == null ? term : ArithmeticOps.add(s, term);
      }
    }
    return s;
  }

  /**
   * Checks the first and second order gradients of {@code f} at float64 points {@code xs} against
   * central differences through the public {@link GradientCheck} (step 1e-6): the first of {@code L
   * = sum(f(xs) * w)} through one tape, the second of {@code sum_j sum(dL/dx_j * v_j)} through
   * nested tapes (GradientCheck's tape is the outer one). Where the first gradient does not depend
   * on the inputs, the second may be null (as in TF) and is checked as zeros. A failure shows
   * GradientCheck's report.
   */
  static void gradCheck(String name, Fn f, Tensor... xs) {
    SplittableRandom r = new SplittableRandom(name.hashCode());
    Tensor y0 = f.apply(xs);
    Tensor w = randF64(r, Internal.dims(y0.shape()));
    double h = 1e-6;
    GradientCheck.Result first =
        GradientCheck.check(t -> loss(f, t.toArray(new Tensor[0]), w), List.of(xs), h);
    for (int j = 0; j < xs.length; j++) {
      assertTrue(first.connected(j), name + ": gradient " + j + " is null\n" + first.report(1e-6));
    }
    assertTrue(first.passed(1e-6), () -> name + ": first order\n" + first.report(1e-6));
    // second order: GradientCheck's tape records the inner gradient computation
    Tensor[] v = new Tensor[xs.length];
    for (int j = 0; j < xs.length; j++) {
      v[j] = randF64(r, Internal.dims(xs[j].shape()));
    }
    GradientCheck.Result second =
        GradientCheck.check(
            t -> {
              Tensor s = secondLoss(firstGrads(f, t.toArray(new Tensor[0]), w), v);
              return s == null ? Internal.make(DType.FLOAT64, Shape.of(), new double[] {0}) : s;
            },
            List.of(xs),
            h);
    assertTrue(second.passed(1e-5), () -> name + ": second order\n" + second.report(1e-5));
  }

  static String str(int[] a) {
    return Arrays.toString(a);
  }
}
