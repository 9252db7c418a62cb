package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import org.junit.jupiter.api.function.Executable;

/** Tensors built straight from arrays (no conversion layer) for the elementwise tests. */
final class ElementwiseFixtures {
  private ElementwiseFixtures() {}

  static Shape sh(int... dims) {
    return Shape.of(dims);
  }

  static Tensor f32(float[] v, int... dims) {
    return Internal.make(DType.FLOAT32, dims(v.length, dims), v);
  }

  static Tensor f64(double[] v, int... dims) {
    return Internal.make(DType.FLOAT64, dims(v.length, dims), v);
  }

  static Tensor i32(int[] v, int... dims) {
    return Internal.make(DType.INT32, dims(v.length, dims), v);
  }

  static Tensor i64(long[] v, int... dims) {
    return Internal.make(DType.INT64, dims(v.length, dims), v);
  }

  static Tensor bool(boolean[] v, int... dims) {
    return Internal.make(DType.BOOL, dims(v.length, dims), v);
  }

  /** Interleaved (re, im) pairs. */
  static Tensor c64(float[] v, int... dims) {
    return Internal.make(DType.COMPLEX64, dims(v.length / 2, dims), v);
  }

  static Tensor c128(double[] v, int... dims) {
    return Internal.make(DType.COMPLEX128, dims(v.length / 2, dims), v);
  }

  static Tensor f32s(float v) {
    return Internal.make(DType.FLOAT32, Shape.scalar(), new float[] {v});
  }

  static Tensor f64s(double v) {
    return Internal.make(DType.FLOAT64, Shape.scalar(), new double[] {v});
  }

  static Tensor i32s(int v) {
    return Internal.make(DType.INT32, Shape.scalar(), new int[] {v});
  }

  static Tensor i64s(long v) {
    return Internal.make(DType.INT64, Shape.scalar(), new long[] {v});
  }

  // no dims given: a vector of n
  private static Shape dims(int n, int[] dims) {
    Shape s = dims.length == 0 ? Shape.of(n) : Shape.of(dims);
    if (s.size() != n) {
      throw new IllegalArgumentException("fixture: " + n + " values for shape " + s);
    }
    return s;
  }

  static float[] F(Tensor t) {
    return Internal.f32(t);
  }

  static double[] D(Tensor t) {
    return Internal.f64(t);
  }

  static int[] I(Tensor t) {
    return Internal.i32(t);
  }

  static long[] L(Tensor t) {
    return Internal.i64(t);
  }

  static boolean[] B(Tensor t) {
    return Internal.bool(t);
  }

  static void assertTensor(Tensor t, DType dtype, Shape shape) {
    assertEquals(dtype, t.dtype(), "dtype");
    assertEquals(shape, t.shape(), "shape");
  }

  /** Exact float comparison that treats NaN as equal to NaN and tells -0 from 0. */
  static void assertExact(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToIntBits(expected[i]),
          Float.floatToIntBits(actual[i]),
          "at " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }

  static void assertExact(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Double.doubleToLongBits(expected[i]),
          Double.doubleToLongBits(actual[i]),
          "at " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }

  /** Asserts an IllegalArgumentException whose message contains every fragment. */
  static IllegalArgumentException assertIae(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
    return e;
  }
}
