package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.format.NumpyFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Tensor.of, zeros, ones, fill, range: dtype inference, conversion rules, shapes and errors. */
class TensorCreationTest {

  /** Asserts an IllegalArgumentException whose message contains every fragment. */
  static IllegalArgumentException iae(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(
          e.getMessage().contains(f), () -> "message <" + e.getMessage() + "> lacks <" + f + ">");
    }
    return e;
  }

  static void assertTensor(Tensor t, DType dtype, Shape shape) {
    assertEquals(dtype, t.dtype(), "dtype");
    assertEquals(shape, t.shape(), "shape");
  }

  // ---------------------------------------------------------------- inference

  @Test
  void javaScalarsGiveZeroDTensorsOfTheirType() {
    assertTensor(Tensor.of(1.5f), DType.FLOAT32, Shape.scalar());
    assertTensor(Tensor.of(2.5), DType.FLOAT64, Shape.scalar());
    assertTensor(Tensor.of(3), DType.INT32, Shape.scalar());
    assertTensor(Tensor.of(4L), DType.INT64, Shape.scalar());
    assertTensor(Tensor.of(true), DType.BOOL, Shape.scalar());
    assertTensor(Tensor.of(new Complex(1, 2)), DType.COMPLEX128, Shape.scalar());
    assertEquals(1.5f, Tensor.of(1.5f).floatValue());
    assertEquals(2.5, Tensor.of(Double.valueOf(2.5)).doubleValue());
    assertEquals(3, Tensor.of(Integer.valueOf(3)).intValue());
    assertEquals(4L, Tensor.of(4L).longValue());
    assertTrue(Tensor.of(true).booleanValue());
    assertEquals(new Complex(1, 2), Tensor.of(new Complex(1, 2)).toArray());
  }

  @Test
  void arraysGiveTheirElementTypeAndShape() {
    Tensor f = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertTensor(f, DType.FLOAT32, Shape.of(2, 3));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloatArray());
    assertTensor(Tensor.of(new double[] {1, 2}), DType.FLOAT64, Shape.of(2));
    assertTensor(Tensor.of(new long[][][] {{{1}, {2}}}), DType.INT64, Shape.of(1, 2, 1));
    assertTensor(Tensor.of(new boolean[] {true, false}), DType.BOOL, Shape.of(2));
    Tensor c = Tensor.of(new Complex[][] {{new Complex(5, 4)}, {new Complex(6, 1)}});
    assertTensor(c, DType.COMPLEX128, Shape.of(2, 1));
    assertArrayEquals(new Complex[] {new Complex(5, 4), new Complex(6, 1)}, c.toComplexArray());
  }

  /** Seed 004, "Tensor Constant": tf.constant([1, 2, 3]) is int32 of shape (3,). */
  @Test
  void seedConstantOfAList() {
    Tensor t = Tensor.of(new int[] {1, 2, 3});
    assertTensor(t, DType.INT32, Shape.of(3));
    assertArrayEquals(new int[] {1, 2, 3}, t.toIntArray());
  }

  @Test
  void emptyArrays() {
    assertTensor(Tensor.of(new float[0]), DType.FLOAT32, Shape.of(0));
    assertTensor(Tensor.of(new float[2][0]), DType.FLOAT32, Shape.of(2, 0));
    // an empty outer level hides the inner lengths: they count as 0
    assertTensor(Tensor.of(new int[0][5]), DType.INT32, Shape.of(0, 0));
    assertTensor(Tensor.of(new Complex[3][0][2]), DType.COMPLEX128, Shape.of(3, 0, 0));
    assertEquals(0, Tensor.of(new boolean[0]).toBooleanArray().length);
  }

  @Test
  void rankEightIsTheLimit() {
    Tensor t = Tensor.of(new double[1][2][1][1][1][1][1][3]);
    assertTensor(t, DType.FLOAT64, Shape.of(1, 2, 1, 1, 1, 1, 1, 3));
    iae(
        () -> Tensor.of(new float[1][1][1][1][1][1][1][1][1]),
        "Tensor.of",
        "float[][][][][][][][][]",
        "rank 9",
        "8");
  }

  // ---------------------------------------------------------------- bad values

  @Test
  void raggedArraysSayWhere() {
    IllegalArgumentException e = iae(() -> Tensor.of(new float[][] {{1, 2}, {3, 4, 5}}));
    assertEquals(
        "Tensor.of: ragged nested array: element [1] has length 3, expected 2", e.getMessage());
    iae(
        () -> Tensor.of(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7}}}),
        "ragged",
        "element [1][1] has length 1, expected 2");
    iae(
        () -> Tensor.of(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}}}),
        "ragged",
        "element [1] has length 1, expected 2");
    // an empty first row fixes the length at 0
    iae(() -> Tensor.of(new double[][] {{}, {1}}), "element [1] has length 1, expected 0");
  }

  @Test
  void nullHolesSayWhere() {
    iae(() -> Tensor.of(new float[][] {{1}, null}), "Tensor.of", "element [1] is null");
    iae(() -> Tensor.of(new float[][] {null, {1}}), "Tensor.of", "element [0] is null");
    iae(() -> Tensor.of(new float[][][] {{{1}}, {null}}), "element [1][0] is null");
    iae(() -> Tensor.of(new Complex[] {new Complex(1, 0), null}), "element [1] is null");
    iae(() -> Tensor.of(null), "Tensor.of", "'value' is null");
  }

  @Test
  void unsupportedTypesNameTheJavaClass() {
    iae(() -> Tensor.of("hello"), "Tensor.of", "java.lang.String");
    iae(() -> Tensor.of(new Object[] {1, 2}), "java.lang.Object[]");
    iae(() -> Tensor.of(new Float[] {1f}), "java.lang.Float[]");
    iae(() -> Tensor.of(List.of(1, 2)), "Tensor.of", "java.util.");
    iae(() -> Tensor.of(new byte[] {1}), "byte[]");
    iae(() -> Tensor.of(new String[][] {{"a"}}), "java.lang.String[][]");
    iae(() -> Tensor.of((short) 1), "java.lang.Short");
    iae(() -> Tensor.of('c'), "java.lang.Character");
    iae(() -> Tensor.of(new java.math.BigDecimal("1")), "java.math.BigDecimal");
  }

  // ---------------------------------------------------------------- dtype conversion

  @Test
  void intsToFloatOnRequest() {
    // seed 004 In[4]: tf.Variable([1, 2], dtype=tf.float32)
    Tensor t = Tensor.of(new int[] {1, 2}, DType.FLOAT32);
    assertTensor(t, DType.FLOAT32, Shape.of(2));
    assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
    assertArrayEquals(
        new double[] {1, 2}, Tensor.of(new long[] {1, 2}, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new long[] {7}, Tensor.of(new int[] {7}, DType.INT64).toLongArray());
  }

  @Test
  void floatTargetsRoundToNearest() {
    assertEquals(0.1f, Tensor.of(0.1, DType.FLOAT32).floatValue());
    // 2^24 + 1 is between two floats: ties to even gives 2^24
    assertEquals(16777216f, Tensor.of(16777217L, DType.FLOAT32).floatValue());
    assertEquals(9007199254740992.0, Tensor.of(9007199254740993L, DType.FLOAT64).doubleValue());
    // TF casts a finite double beyond float32's range to inf
    assertEquals(Float.POSITIVE_INFINITY, Tensor.of(1e300, DType.FLOAT32).floatValue());
    assertTrue(Float.isNaN(Tensor.of(Double.NaN, DType.FLOAT32).floatValue()));
    assertEquals(
        Float.NEGATIVE_INFINITY, Tensor.of(Double.NEGATIVE_INFINITY, DType.FLOAT32).floatValue());
  }

  @Test
  void integerTargetsTakeOnlyExactValues() {
    assertEquals(2, Tensor.of(2.0, DType.INT32).intValue());
    assertEquals(0, Tensor.of(-0.0, DType.INT32).intValue());
    assertEquals(Integer.MIN_VALUE, Tensor.of(-2147483648.0, DType.INT32).intValue());
    assertEquals(3_000_000_000L, Tensor.of(3e9, DType.INT64).longValue());
    assertEquals(Long.MIN_VALUE, Tensor.of(-0x1p63, DType.INT64).longValue());
    iae(() -> Tensor.of(1.5, DType.INT32), "Tensor.of", "1.5", "int32", "not an integer");
    iae(() -> Tensor.of(1.5f, DType.INT64), "1.5", "int64");
    iae(() -> Tensor.of(1e10, DType.INT32), "int32", "out of range");
    iae(() -> Tensor.of(2147483648.0, DType.INT32), "out of range");
    iae(() -> Tensor.of(0x1p63, DType.INT64), "int64", "out of range");
    iae(() -> Tensor.of(Double.NaN, DType.INT32), "NaN", "not finite");
    iae(() -> Tensor.of(Float.POSITIVE_INFINITY, DType.INT64), "Infinity", "not finite");
    iae(() -> Tensor.of(3_000_000_000L, DType.INT32), "3000000000", "int32", "out of range");
    iae(
        () -> Tensor.of(new double[][] {{1, 2}, {3, 2.5}}, DType.INT32),
        "2.5",
        "at [1][1] of a value of shape (2, 2)",
        "int32");
  }

  @Test
  void boolConversions() {
    // Python's True is an int: tf.constant(True, tf.int32) is 1; no number becomes bool
    assertEquals(1, Tensor.of(true, DType.INT32).intValue());
    assertArrayEquals(
        new float[] {1, 0}, Tensor.of(new boolean[] {true, false}, DType.FLOAT32).toFloatArray());
    assertArrayEquals(
        new long[] {0, 1}, Tensor.of(new boolean[] {false, true}, DType.INT64).toLongArray());
    assertEquals(new Complex(1, 0), Tensor.of(true, DType.COMPLEX128).toArray());
    iae(() -> Tensor.of(1, DType.BOOL), "Tensor.of", "int32", "bool");
    iae(() -> Tensor.of(0.0, DType.BOOL), "bool");
    iae(() -> Tensor.of(new long[] {0, 1}, DType.BOOL), "at [0]", "bool");
    assertTensor(Tensor.of(new boolean[] {true}, DType.BOOL), DType.BOOL, Shape.of(1));
  }

  @Test
  void complexConversions() {
    Tensor c = Tensor.of(1.5, DType.COMPLEX64);
    assertTensor(c, DType.COMPLEX64, Shape.scalar());
    assertEquals(new Complex(1.5, 0), c.toArray());
    assertArrayEquals(
        new Complex[] {new Complex(1, 0), new Complex(2, 0)},
        Tensor.of(new int[] {1, 2}, DType.COMPLEX128).toComplexArray());
    Tensor c64 = Tensor.of(new Complex[] {new Complex(0.1, -2)}, DType.COMPLEX64);
    assertEquals(new Complex(0.1f, -2), c64.toComplexArray()[0]);
    assertEquals(3, Tensor.of(new Complex(3, 0), DType.INT32).intValue());
    assertEquals(2.5f, Tensor.of(new Complex(2.5, -0.0), DType.FLOAT32).floatValue());
    iae(
        () -> Tensor.of(new Complex(1, 2), DType.FLOAT32),
        "complex128",
        "(1.0+2.0j)",
        "float32",
        "imaginary");
    iae(() -> Tensor.of(new Complex(1, 0), DType.BOOL), "bool");
    iae(() -> Tensor.of(new Complex(1.5, 0), DType.INT64), "not an integer");
  }

  @Test
  void tensorsPassThrough() {
    Tensor t = Tensor.of(new int[] {1, 2});
    assertSame(t, Tensor.of(t));
    assertSame(t, Tensor.of(t, DType.INT32));
    iae(() -> Tensor.of(t, DType.FLOAT32), "Tensor.of", "int32", "(2,)", "float32", "cast");
    Variable v = Variable.of(new float[] {1, 2});
    Tensor s = Tensor.of(v);
    assertNotSame(v, s);
    assertEquals(Tensor.class, s.getClass());
    v.assign(new float[] {3, 4});
    assertArrayEquals(new float[] {1, 2}, s.toFloatArray(), "a snapshot never changes");
  }

  @Test
  void nullDTypeOrShapeSaysWhich() {
    iae(() -> Tensor.of(1, (DType) null), "Tensor.of", "'dtype' is null");
    iae(() -> Tensor.of(1, (Shape) null), "Tensor.of", "'shape' is null");
    iae(() -> Tensor.of(1, DType.INT32, null), "'shape' is null");
  }

  // ---------------------------------------------------------------- shape argument

  /** Seed 004: tf.constant([[1, 2], [3, 4]], shape=(2, 2)) and tf.constant(-1, shape=(2, 2)). */
  @Test
  void seedConstantWithShape() {
    Tensor a = Tensor.of(new int[][] {{1, 2}, {3, 4}}, Shape.of(2, 2));
    assertTensor(a, DType.INT32, Shape.of(2, 2));
    assertArrayEquals(new int[] {1, 2, 3, 4}, a.toIntArray());
    Tensor b = Tensor.of(-1, Shape.of(2, 2));
    assertTensor(b, DType.INT32, Shape.of(2, 2));
    assertArrayEquals(new int[][] {{-1, -1}, {-1, -1}}, (int[][]) b.toArray());
  }

  @Test
  void shapeReshapesFillsOrFails() {
    Tensor r = Tensor.of(new int[] {1, 2, 3, 4}, Shape.of(2, 2));
    assertArrayEquals(new int[][] {{1, 2}, {3, 4}}, (int[][]) r.toArray());
    Tensor f = Tensor.of(new int[] {7}, Shape.of(3));
    assertArrayEquals(new int[] {7, 7, 7}, f.toIntArray());
    Tensor d = Tensor.of(1, DType.FLOAT64, Shape.of(2));
    assertTensor(d, DType.FLOAT64, Shape.of(2));
    assertArrayEquals(new double[] {1, 1}, d.toDoubleArray());
    Tensor c = Tensor.of(new Complex(1, -1), Shape.of(2));
    assertArrayEquals(new Complex[] {new Complex(1, -1), new Complex(1, -1)}, c.toComplexArray());
    Tensor e = Tensor.of(5f, Shape.of(0, 3));
    assertTensor(e, DType.FLOAT32, Shape.of(0, 3));
    Tensor t = Tensor.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}), Shape.of(3, 2));
    assertArrayEquals(new float[][] {{1, 2}, {3, 4}, {5, 6}}, (float[][]) t.toArray());
    IllegalArgumentException x = iae(() -> Tensor.of(new int[] {1, 2, 3}, Shape.of(2, 2)));
    assertTrue(x.getMessage().startsWith("Tensor.of: "), x.getMessage());
    assertTrue(
        x.getMessage().contains("(3,)") && x.getMessage().contains("(2, 2)"), x.getMessage());
    iae(() -> Tensor.of(new float[0], Shape.of(1)), "(0,)", "(1,)");
    iae(() -> Tensor.of(1f, Shape.of(1 << 20, 1 << 20)), "Tensor.of", "(1048576, 1048576)");
  }

  /** The same seed cells as TF prints them: repr in the notebook, and print(t). */
  @Test
  void seedConstantTexts() {
    assertEquals(
        "<Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>",
        NumpyFormat.tensorRepr(Tensor.of(new int[] {1, 2, 3})));
    assertEquals(
        "Tensor([1 2 3], shape=(3,), dtype=int32)", Tensor.of(new int[] {1, 2, 3}).toString());
    assertEquals(
        "<Tensor: shape=(2, 2), dtype=int32, numpy=\n"
            + "array([[1, 2],\n"
            + "       [3, 4]], dtype=int32)>",
        NumpyFormat.tensorRepr(Tensor.of(new int[][] {{1, 2}, {3, 4}}, Shape.of(2, 2))));
    assertEquals(
        "<Tensor: shape=(2, 2), dtype=int32, numpy=\n"
            + "array([[-1, -1],\n"
            + "       [-1, -1]], dtype=int32)>",
        NumpyFormat.tensorRepr(Tensor.of(-1, Shape.of(2, 2))));
    assertEquals(
        "Tensor(\n[[-1 -1]\n [-1 -1]], shape=(2, 2), dtype=int32)",
        Tensor.of(-1, Shape.of(2, 2)).toString());
    // In[7]: tf.constant(np.arange(25)); NumPy omits dtype=int64, its default integer
    assertEquals(
        "<Tensor: shape=(25,), dtype=int64, numpy=\n"
            + "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n"
            + "       17, 18, 19, 20, 21, 22, 23, 24])>",
        NumpyFormat.tensorRepr(Tensor.range(25L)));
  }

  // ---------------------------------------------------------------- zeros, ones, fill, range

  @Test
  void zerosAndOnesOfEveryDType() {
    Shape s = Shape.of(2);
    assertArrayEquals(new float[] {0, 0}, Tensor.zeros(s, DType.FLOAT32).toFloatArray());
    assertArrayEquals(new double[] {0, 0}, Tensor.zeros(s, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new int[] {0, 0}, Tensor.zeros(s, DType.INT32).toIntArray());
    assertArrayEquals(new long[] {0, 0}, Tensor.zeros(s, DType.INT64).toLongArray());
    assertArrayEquals(new boolean[] {false, false}, Tensor.zeros(s, DType.BOOL).toBooleanArray());
    assertArrayEquals(new float[] {1, 1}, Tensor.ones(s, DType.FLOAT32).toFloatArray());
    assertArrayEquals(new double[] {1, 1}, Tensor.ones(s, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new int[] {1, 1}, Tensor.ones(s, DType.INT32).toIntArray());
    assertArrayEquals(new long[] {1, 1}, Tensor.ones(s, DType.INT64).toLongArray());
    assertArrayEquals(new boolean[] {true, true}, Tensor.ones(s, DType.BOOL).toBooleanArray());
    for (DType d : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
      assertArrayEquals(
          new Complex[] {new Complex(0, 0), new Complex(0, 0)},
          Tensor.zeros(s, d).toComplexArray());
      assertArrayEquals(
          new Complex[] {new Complex(1, 0), new Complex(1, 0)}, Tensor.ones(s, d).toComplexArray());
    }
    for (DType d : DType.values()) {
      assertTensor(Tensor.zeros(Shape.of(2, 3), d), d, Shape.of(2, 3));
      assertTensor(Tensor.ones(Shape.scalar(), d), d, Shape.scalar());
      assertTensor(Tensor.ones(Shape.of(0), d), d, Shape.of(0));
    }
    iae(() -> Tensor.zeros(null, DType.FLOAT32), "Tensor.zeros", "'shape' is null");
    iae(() -> Tensor.ones(Shape.of(2), null), "Tensor.ones", "'dtype' is null");
    iae(
        () -> Tensor.zeros(Shape.of(1 << 16, 1 << 16), DType.FLOAT32),
        "Tensor.zeros",
        "(65536, 65536)");
  }

  @Test
  void fillTakesTheScalarsType() {
    Tensor i = Tensor.fill(Shape.of(2), 7);
    assertTensor(i, DType.INT32, Shape.of(2));
    assertArrayEquals(new int[] {7, 7}, i.toIntArray());
    assertArrayEquals(
        new float[] {2.5f, 2.5f, 2.5f}, Tensor.fill(Shape.of(3), 2.5f).toFloatArray());
    assertTensor(Tensor.fill(Shape.of(1), 2.5), DType.FLOAT64, Shape.of(1));
    assertTensor(Tensor.fill(Shape.of(1), 9L), DType.INT64, Shape.of(1));
    assertArrayEquals(
        new boolean[][] {{true}, {true}},
        (boolean[][]) Tensor.fill(Shape.of(2, 1), true).toArray());
    assertArrayEquals(
        new Complex[] {new Complex(0, 1)},
        Tensor.fill(Shape.of(1), new Complex(0, 1)).toComplexArray());
    assertArrayEquals(new float[] {3, 3}, Tensor.fill(Shape.of(2), Tensor.of(3f)).toFloatArray());
    iae(() -> Tensor.fill(Shape.of(2), new int[] {1, 2}), "Tensor.fill", "(2,)");
    iae(() -> Tensor.fill(Shape.of(2), "x"), "Tensor.fill", "java.lang.String");
    iae(() -> Tensor.fill(Shape.of(2), null), "Tensor.fill", "'scalar' is null");
    iae(() -> Tensor.fill(null, 1), "Tensor.fill", "'shape' is null");
  }

  @Test
  void rangeAsTfRange() {
    Tensor r = Tensor.range(5);
    assertTensor(r, DType.INT32, Shape.of(5));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.toIntArray());
    Tensor l = Tensor.range(3L);
    assertTensor(l, DType.INT64, Shape.of(3));
    assertArrayEquals(new long[] {0, 1, 2}, l.toLongArray());
    assertTensor(Tensor.range(0), DType.INT32, Shape.of(0));
    assertTensor(Tensor.range(-3), DType.INT32, Shape.of(0));
    assertTensor(Tensor.range(-3L), DType.INT64, Shape.of(0));
    iae(() -> Tensor.range(1L << 40), "Tensor.range", "1099511627776");
  }

  /** Seed 004 In[7]: tf.constant(np.arange(25)) is int64 0..24. */
  @Test
  void seedArange() {
    Tensor x = Tensor.range(25L);
    assertTensor(x, DType.INT64, Shape.of(25));
    long[] v = x.toLongArray();
    for (int i = 0; i < 25; i++) {
      assertEquals(i, v[i]);
    }
  }
}
