package dev.lanegrad;

import static dev.lanegrad.TensorCreationTest.iae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** to*Array, toArray and the *Value readers: numeric conversion as tf.cast, nesting, errors. */
class TensorReadersTest {

  @Test
  void toFloatArrayFromEveryRealDType() {
    assertArrayEquals(new float[] {1.5f, -2}, Tensor.of(new float[] {1.5f, -2}).toFloatArray());
    assertArrayEquals(new float[] {0.1f}, Tensor.of(new double[] {0.1}).toFloatArray());
    assertArrayEquals(new float[] {1, -2}, Tensor.of(new int[] {1, -2}).toFloatArray());
    assertArrayEquals(new float[] {16777216f}, Tensor.of(new long[] {16777217L}).toFloatArray());
    assertArrayEquals(new float[] {1, 0}, Tensor.of(new boolean[] {true, false}).toFloatArray());
  }

  @Test
  void toDoubleArrayFromEveryRealDType() {
    assertArrayEquals(new double[] {(double) 0.1f}, Tensor.of(new float[] {0.1f}).toDoubleArray());
    assertArrayEquals(new double[] {0.1}, Tensor.of(new double[] {0.1}).toDoubleArray());
    assertArrayEquals(new double[] {-7}, Tensor.of(new int[] {-7}).toDoubleArray());
    assertArrayEquals(new double[] {1L << 40}, Tensor.of(new long[] {1L << 40}).toDoubleArray());
    assertArrayEquals(new double[] {0, 1}, Tensor.of(new boolean[] {false, true}).toDoubleArray());
  }

  @Test
  void copyToWritesWhatTheArrayReadersReturnAtTheBuffersPosition() {
    Tensor f = Tensor.of(new float[][] {{1.5f, -2}, {3, 0.1f}});
    java.nio.ByteBuffer bytes =
        java.nio.ByteBuffer.allocate(4 * 6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.FloatBuffer fb = bytes.asFloatBuffer();
    fb.put(9f);
    f.copyTo(fb);
    assertEquals(5, fb.position());
    assertEquals(0.1f, bytes.getFloat(4 * 4)); // row-major, little-endian as the buffer says
    float[] got = new float[6];
    fb.flip();
    fb.get(got, 0, 5);
    assertArrayEquals(new float[] {9, 1.5f, -2, 3, 0.1f, 0}, got);
    // converted as toFloatArray / toDoubleArray convert
    for (Tensor t :
        new Tensor[] {
          Tensor.of(new double[] {0.1, -1e40}),
          Tensor.of(new long[] {16777217L, -3}),
          Tensor.of(new boolean[] {true, false})
        }) {
      java.nio.FloatBuffer a = java.nio.FloatBuffer.allocate(2);
      t.copyTo(a);
      assertArrayEquals(t.toFloatArray(), a.array());
      java.nio.DoubleBuffer d = java.nio.DoubleBuffer.allocate(2);
      t.copyTo(d);
      assertArrayEquals(t.toDoubleArray(), d.array());
    }
    java.nio.DoubleBuffer d = java.nio.DoubleBuffer.allocate(4);
    f.copyTo(d);
    assertArrayEquals(f.toDoubleArray(), d.array());
  }

  @Test
  void copyToRefusesABufferItCannotFillAndWritesNothing() {
    Tensor t = Tensor.of(new float[] {1, 2, 3});
    java.nio.FloatBuffer small = java.nio.FloatBuffer.allocate(4);
    small.position(2);
    IllegalArgumentException e = iae(() -> t.copyTo(small));
    assertTrue(e.getMessage().contains("2 elements remaining"), e.getMessage());
    assertEquals(2, small.position());
    assertArrayEquals(new float[4], small.array());
    iae(() -> t.copyTo((java.nio.FloatBuffer) null));
    iae(() -> t.copyTo((java.nio.DoubleBuffer) null));
    iae(() -> t.copyTo(java.nio.FloatBuffer.allocate(3).asReadOnlyBuffer()));
    iae(() -> t.copyTo(java.nio.DoubleBuffer.allocate(2)));
    Tensor c = Tensor.of(new Complex[] {new Complex(1, 2)});
    iae(() -> c.copyTo(java.nio.FloatBuffer.allocate(2)));
  }

  @Test
  void intReadersTruncateTowardZeroAndWrap() {
    assertArrayEquals(
        new int[] {1, -1, 2, 0}, Tensor.of(new float[] {1.7f, -1.7f, 2.5f, -0.5f}).toIntArray());
    assertArrayEquals(new int[] {3, -3}, Tensor.of(new double[] {3.99, -3.99}).toIntArray());
    // tf.cast(int64 -> int32) keeps the low 32 bits
    assertArrayEquals(
        new int[] {5, -1}, Tensor.of(new long[] {(1L << 32) + 5, 0xFFFFFFFFL}).toIntArray());
    assertArrayEquals(new int[] {1, 0}, Tensor.of(new boolean[] {true, false}).toIntArray());
    assertArrayEquals(
        new long[] {1, -1, 3_000_000_000L}, Tensor.of(new double[] {1.9, -1.9, 3e9}).toLongArray());
    assertArrayEquals(new long[] {2}, Tensor.of(new float[] {2.9f}).toLongArray());
    assertArrayEquals(new long[] {-4}, Tensor.of(new int[] {-4}).toLongArray());
    assertArrayEquals(new long[] {0, 1}, Tensor.of(new boolean[] {false, true}).toLongArray());
  }

  @Test
  void booleanReaderIsNonZero() {
    assertArrayEquals(
        new boolean[] {false, true, true}, Tensor.of(new int[] {0, 2, -1}).toBooleanArray());
    assertArrayEquals(
        new boolean[] {false, false, true, true},
        Tensor.of(new float[] {0f, -0f, Float.NaN, 0.5f}).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, false}, Tensor.of(new double[] {1e-300, 0}).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, false}, Tensor.of(new long[] {Long.MIN_VALUE, 0}).toBooleanArray());
    assertArrayEquals(
        new boolean[] {true, false}, Tensor.of(new boolean[] {true, false}).toBooleanArray());
  }

  @Test
  void complexReaders() {
    assertArrayEquals(
        new Complex[] {new Complex(1.5, 0), new Complex(-2, 0)},
        Tensor.of(new float[] {1.5f, -2}).toComplexArray());
    assertArrayEquals(
        new Complex[] {new Complex(1, 0)}, Tensor.of(new boolean[] {true}).toComplexArray());
    assertArrayEquals(
        new Complex[] {new Complex(3, 0)}, Tensor.of(new long[] {3}).toComplexArray());
    Tensor c = Tensor.of(new Complex[] {new Complex(5, 4), new Complex(6, 1)});
    assertArrayEquals(new Complex[] {new Complex(5, 4), new Complex(6, 1)}, c.toComplexArray());
    Tensor c64 = Tensor.of(new Complex[] {new Complex(0.5, -0.25)}, DType.COMPLEX64);
    assertArrayEquals(new Complex[] {new Complex(0.5, -0.25)}, c64.toComplexArray());
    iae(c::toFloatArray, "toFloatArray", "complex128", "(2,)");
    iae(c::toDoubleArray, "toDoubleArray", "complex128");
    iae(c::toIntArray, "toIntArray", "complex128");
    iae(c::toLongArray, "toLongArray", "complex128");
    iae(c::toBooleanArray, "toBooleanArray", "complex128");
    iae(c64::toFloatArray, "complex64");
    iae(c::doubleValue, "complex128");
  }

  @Test
  void readersReturnCopies() {
    Tensor t = Tensor.of(new float[] {1, 2});
    t.toFloatArray()[0] = 99;
    assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
    Tensor i = Tensor.of(new int[] {1, 2});
    i.toIntArray()[0] = 99;
    assertArrayEquals(new int[] {1, 2}, i.toIntArray());
    Tensor d = Tensor.of(new double[][] {{1, 2}});
    ((double[][]) d.toArray())[0][0] = 99;
    assertArrayEquals(new double[] {1, 2}, d.toDoubleArray());
    Tensor b = Tensor.of(new boolean[] {true});
    b.toBooleanArray()[0] = false;
    assertTrue(b.booleanValue());
    Tensor l = Tensor.of(new long[] {4});
    l.toLongArray()[0] = 0;
    assertEquals(4L, l.longValue());
    // the source array is copied on creation too
    float[] src = {1, 2};
    Tensor s = Tensor.of(src);
    src[0] = 50;
    assertArrayEquals(new float[] {1, 2}, s.toFloatArray());
  }

  // ---------------------------------------------------------------- toArray

  @Test
  void zeroDTensorsGiveBoxedValues() {
    assertEquals(Float.valueOf(2.5f), Tensor.of(2.5f).toArray());
    assertEquals(Double.valueOf(2.5), Tensor.of(2.5).toArray());
    assertEquals(Integer.valueOf(3), Tensor.of(3).toArray());
    assertEquals(Long.valueOf(3), Tensor.of(3L).toArray());
    assertEquals(Boolean.TRUE, Tensor.of(true).toArray());
    assertEquals(new Complex(1, -1), Tensor.of(new Complex(1, -1)).toArray());
    assertEquals(new Complex(1, 0), Tensor.of(1, DType.COMPLEX64).toArray());
    assertInstanceOf(Float.class, Tensor.of(new float[][] {{1}}, Shape.scalar()).toArray());
  }

  /**
   * A nested array of rank r over element type c with shape (2, 3, 1, 2, ...) and values 0, 1, 2...
   */
  private static Object nested(Class<?> c, int[] dims) {
    Object a = Array.newInstance(c, dims);
    int[] counter = {0};
    fillNested(a, c, counter);
    return a;
  }

  private static void fillNested(Object a, Class<?> c, int[] counter) {
    int n = Array.getLength(a);
    for (int i = 0; i < n; i++) {
      if (a.getClass().getComponentType().isArray()) {
        fillNested(Array.get(a, i), c, counter);
        continue;
      }
      int v = counter[0]++;
      if (c == float.class) {
        Array.setFloat(a, i, v + 0.5f);
      } else if (c == double.class) {
        Array.setDouble(a, i, v - 0.25);
      } else if (c == int.class) {
        Array.setInt(a, i, -v);
      } else if (c == long.class) {
        Array.setLong(a, i, v * 1_000_000_007L);
      } else if (c == boolean.class) {
        Array.setBoolean(a, i, v % 3 == 0);
      } else {
        Array.set(a, i, new Complex(v, -v));
      }
    }
  }

  @Test
  void roundTripsOfRankOneToEightForEveryElementType() {
    int[] full = {2, 3, 1, 2, 1, 2, 1, 2};
    Class<?>[] types = {
      float.class, double.class, int.class, long.class, boolean.class, Complex.class
    };
    DType[] dtypes = {
      DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL, DType.COMPLEX128
    };
    int checked = 0;
    for (int k = 0; k < types.length; k++) {
      for (int rank = 1; rank <= 8; rank++) {
        int[] dims = Arrays.copyOf(full, rank);
        Object value = nested(types[k], dims);
        Tensor t = Tensor.of(value);
        assertEquals(dtypes[k], t.dtype());
        assertEquals(Shape.of(dims), t.shape());
        Object back = t.toArray();
        assertEquals(value.getClass(), back.getClass(), "type at rank " + rank);
        assertTrue(
            Arrays.deepEquals(new Object[] {value}, new Object[] {back}),
            types[k] + " rank " + rank);
        checked++;
      }
    }
    assertEquals(48, checked);
  }

  @Test
  void flatOrderIsRowMajor() {
    Tensor t = Tensor.of(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, t.toIntArray());
    Tensor r = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 1, 3));
    assertArrayEquals(new int[][][] {{{1, 2, 3}}, {{4, 5, 6}}}, (int[][][]) r.toArray());
  }

  @Test
  void emptyTensorsNestToEmptyArrays() {
    assertArrayEquals(new float[2][0], (float[][]) Tensor.of(new float[2][0]).toArray());
    assertEquals(0, ((long[]) Tensor.range(0L).toArray()).length);
    Object e = Tensor.zeros(Shape.of(0, 3), DType.BOOL).toArray();
    assertInstanceOf(boolean[][].class, e);
    assertEquals(0, ((boolean[][]) e).length);
  }

  // ---------------------------------------------------------------- *Value

  @Test
  void valueReadersNeedExactlyOneElement() {
    assertEquals(5, Tensor.of(5).intValue());
    assertEquals(2.5f, Tensor.of(new float[][] {{2.5f}}).floatValue());
    assertEquals(-2L, Tensor.of(-2.9).longValue());
    assertEquals(-2, Tensor.of(-2.9f).intValue());
    assertEquals(1.0, Tensor.of(true).doubleValue());
    assertTrue(Tensor.of(new double[] {0.5}).booleanValue());
    assertFalse(Tensor.of(0L).booleanValue());
    iae(() -> Tensor.of(new int[] {1, 2}).floatValue(), "floatValue", "(2,)", "2 elements");
    iae(() -> Tensor.of(new int[2][3]).doubleValue(), "doubleValue", "(2, 3)");
    iae(() -> Tensor.of(new float[0]).intValue(), "intValue", "(0,)");
    iae(() -> Tensor.of(new long[] {1, 2}).longValue(), "longValue", "(2,)");
    iae(() -> Tensor.of(new boolean[] {true, true}).booleanValue(), "booleanValue", "(2,)");
  }
}
