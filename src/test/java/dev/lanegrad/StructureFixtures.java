package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Builders and checks shared by the tests of reductions, shape ops, matmul and softmax. Tensors
 * are made with {@code Internal.make}, so these tests need nothing from the creation code.
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
      assertTrue(x.getMessage() != null && x.getMessage().contains(f),
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

  private static double scalar(Tensor t) {
    return Internal.f64(t)[0];
  }

  // L(xs) = sum(f(xs) * w): a random upstream gradient w for outputs of any shape
  private static Tensor loss(Fn f, Tensor[] xs, Tensor w) {
    return ReductionOps.sum(ArithmeticOps.mul(f.apply(xs), w), null, false);
  }

  private static Tensor[] with(Tensor[] xs, int j, int i, double delta) {
    Tensor[] c = xs.clone();
    double[] v = Internal.f64(xs[j]).clone();
    v[i] += delta;
    c[j] = Internal.make(DType.FLOAT64, xs[j].shape(), v);
    return c;
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
   * Checks the first and second order gradients of {@code f} at float64 points {@code xs}
   * against central differences: the first through one tape, the second through nested tapes.
   * Where the first gradient does not depend on the inputs, the second may be null (as in TF).
   */
  static void gradCheck(String name, Fn f, Tensor... xs) {
    SplittableRandom r = new SplittableRandom(name.hashCode());
    Tensor y0 = f.apply(xs);
    Tensor w = randF64(r, Internal.dims(y0.shape()));
    double h = 1e-6;
    List<Tensor> g = firstGrads(f, xs, w);
    for (int j = 0; j < xs.length; j++) {
      assertNotNull(g.get(j), name + ": gradient " + j + " is null");
      assertEquals(xs[j].shape(), g.get(j).shape(), name + ": gradient " + j + " shape");
      double[] gv = Internal.f64(g.get(j));
      for (int i = 0; i < gv.length; i++) {
        double num = (scalar(loss(f, with(xs, j, i, h), w)) - scalar(loss(f, with(xs, j, i, -h), w)))
            / (2 * h);
        assertEquals(num, gv[i], 1e-6 * (1 + Math.abs(num)), name + ": d/dx" + j + "[" + i + "]");
      }
    }
    // second order: the outer tape records the inner gradient computation
    Tensor[] v = new Tensor[xs.length];
    for (int j = 0; j < xs.length; j++) {
      v[j] = randF64(r, Internal.dims(xs[j].shape()));
    }
    GradientTape outer = new GradientTape();
    Tensor s;
    try (outer) {
      outer.watch(xs);
      s = secondLoss(firstGrads(f, xs, w), v);
    }
    List<Tensor> g2 = outer.gradient(s, List.of(xs));
    for (int j = 0; j < xs.length; j++) {
      double[] gv = g2.get(j) == null ? null : Internal.f64(g2.get(j));
      int n = (int) xs[j].size();
      for (int i = 0; i < n; i++) {
        double num = (scalar(secondLoss(firstGrads(f, with(xs, j, i, h), w), v))
            - scalar(secondLoss(firstGrads(f, with(xs, j, i, -h), w), v))) / (2 * h);
        double got = gv == null ? 0 : gv[i];
        assertEquals(num, got, 1e-5 * (1 + Math.abs(num)),
            name + ": second order d/dx" + j + "[" + i + "]");
      }
    }
  }

  static String str(int[] a) {
    return Arrays.toString(a);
  }
}
