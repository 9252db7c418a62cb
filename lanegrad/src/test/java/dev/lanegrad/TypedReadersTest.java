package dev.lanegrad;

import static dev.lanegrad.TensorCreationTest.iae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code toArray(Class)}: typed nested readers, and {@code Tensor.linspace} as tf.linspace. */
class TypedReadersTest {

  @Test
  void readsTheNestedArrayOfTheTypeAskedFor() {
    Tensor t = Tensor.of(new int[][] {{1, 2}, {3, 4}});
    float[][] f = t.toArray(float[][].class);
    assertArrayEquals(new float[] {1, 2}, f[0]);
    assertArrayEquals(new float[] {3, 4}, f[1]);
    int[][] i = t.toArray(int[][].class);
    assertArrayEquals(new int[] {3, 4}, i[1]);
    // floats truncate toward zero, as toIntArray and tf.cast
    long[] l = Tensor.of(new double[] {2.9, -2.9}).toArray(long[].class);
    assertArrayEquals(new long[] {2, -2}, l);
    boolean[][][] b =
        Tensor.of(new float[] {0, 3, -1, 0}, Shape.of(2, 1, 2)).toArray(boolean[][][].class);
    assertArrayEquals(new boolean[] {false, true}, b[0][0]);
    assertArrayEquals(new boolean[] {true, false}, b[1][0]);
    double[] d = Tensor.of(new float[] {0.1f}).toArray(double[].class);
    assertEquals((double) 0.1f, d[0]); // widened exactly, not re-rounded to 0.1
    Complex[] c = Tensor.of(new Complex[] {new Complex(1, -2)}).toArray(Complex[].class);
    assertEquals(new Complex(1, -2), c[0]);
  }

  @Test
  void zeroSizedDimensionsAndRankZero() {
    float[][] empty = Tensor.zeros(Shape.of(2, 0), DType.FLOAT32).toArray(float[][].class);
    assertEquals(2, empty.length);
    assertEquals(0, empty[1].length);
    float v = Tensor.of(2.5f).toArray(float.class);
    assertEquals(2.5f, v);
    assertEquals(Double.valueOf(7), Tensor.of(7).toArray(Double.class));
    assertEquals(Boolean.TRUE, Tensor.of(1.0).toArray(boolean.class));
  }

  @Test
  void badTypesAreRejectedWithTheTypeToAskFor() {
    Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    iae(() -> m.toArray(null), "Tensor.toArray", "null");
    iae(() -> m.toArray(float[].class), "rank 2", "shape (2, 2)", "float[][].class");
    iae(() -> m.toArray(float[][][].class), "rank 2", "float[][].class");
    iae(() -> m.toArray(Float.class), "rank 2");
    iae(() -> Tensor.of(1f).toArray(float[].class), "rank 0", "boxed");
    iae(() -> m.toArray(String[][].class), "element type", "java.lang.String");
    iae(() -> m.toArray(Float[][].class), "element type", "java.lang.Float");
    iae(
        () -> Tensor.of(new Complex[] {new Complex(1, 2)}).toArray(float[].class),
        "Tensor.toArray(float[].class)",
        "complex");
  }

  @Test
  void linspaceAsTf() {
    // tf.linspace docstring (math_ops.py linspace_nd): tf.linspace(10.0, 12.0, 3) => [10. 11. 12.]
    Tensor t = Tensor.linspace(10f, 12f, 3);
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals("Tensor([10. 11. 12.], shape=(3,), dtype=float32)", t.toString());
    Tensor d = Tensor.linspace(0.0, 1.0, 5);
    assertEquals(DType.FLOAT64, d.dtype());
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, d.toDoubleArray());
    // float32 all the way, as TF: delta = 0.9f / 6 = 0.15f, 0.1f + 0.15f * 2 = 0.39999998f, where
    // a float64 computation rounded to float32 would give 0.4f
    assertArrayEquals(
        new float[] {0.1f, 0.25f, 0.39999998f, 0.55f, 0.7f, 0.84999996f, 1f},
        Tensor.linspace(0.1f, 1f, 7).toFloatArray());
    // decreasing, one value, none
    assertArrayEquals(new float[] {1f, 0.5f, 0f}, Tensor.linspace(1f, 0f, 3).toFloatArray());
    assertArrayEquals(new float[] {3f}, Tensor.linspace(3f, 9f, 1).toFloatArray());
    assertEquals(Shape.of(0), Tensor.linspace(3f, 9f, 0).shape());
    // the ends are start and stop themselves, even when delta is infinite (TF concatenates them)
    assertArrayEquals(
        new float[] {0f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY},
        Tensor.linspace(0f, Float.POSITIVE_INFINITY, 3).toFloatArray());
  }

  @Test
  void linspaceRejectsANegativeCount() {
    iae(() -> Tensor.linspace(0f, 1f, -1), "Tensor.linspace", "-1", ">= 0");
    iae(() -> Tensor.linspace(0.0, 1.0, Integer.MIN_VALUE), "Tensor.linspace", ">= 0");
    // 16 GiB of doubles: more than any test JVM's heap (Surefire's default is a quarter of RAM)
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 15L << 30);
    iae(() -> Tensor.linspace(0.0, 1.0, Integer.MAX_VALUE - 8), "Tensor.linspace", "maximum heap");
  }
}
