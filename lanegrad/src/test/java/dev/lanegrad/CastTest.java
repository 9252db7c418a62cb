package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.B;
import static dev.lanegrad.ElementwiseFixtures.D;
import static dev.lanegrad.ElementwiseFixtures.F;
import static dev.lanegrad.ElementwiseFixtures.I;
import static dev.lanegrad.ElementwiseFixtures.L;
import static dev.lanegrad.ElementwiseFixtures.assertExact;
import static dev.lanegrad.ElementwiseFixtures.assertTensor;
import static dev.lanegrad.ElementwiseFixtures.bool;
import static dev.lanegrad.ElementwiseFixtures.c128;
import static dev.lanegrad.ElementwiseFixtures.c64;
import static dev.lanegrad.ElementwiseFixtures.f32;
import static dev.lanegrad.ElementwiseFixtures.f64;
import static dev.lanegrad.ElementwiseFixtures.i32;
import static dev.lanegrad.ElementwiseFixtures.i64;
import static dev.lanegrad.ElementwiseFixtures.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.internal.ops.CastOps;
import org.junit.jupiter.api.Test;

/**
 * The cast table: every pair of the seven dtypes. Float to integer truncates toward zero with
 * Java's rules (NaN 0, saturating); to bool is "non-zero"; complex to real takes the real part.
 */
class CastTest {
  static final float NANF = Float.NaN;
  static final int MAX = Integer.MAX_VALUE;
  static final int MIN = Integer.MIN_VALUE;

  private static Tensor cast(Tensor t, DType d) {
    Tensor y = CastOps.cast(t, d);
    assertTensor(y, d, t.shape());
    return y;
  }

  @Test
  void fromFloat32() {
    Tensor x = f32(new float[] {1.9f, -1.9f, 0, NANF, 3e9f, -0.5f, -3e9f});
    assertExact(
        new double[] {1.9f, -1.9f, 0, Double.NaN, 3e9f, -0.5, -3e9f}, D(cast(x, DType.FLOAT64)));
    assertArrayEquals(new int[] {1, -1, 0, 0, MAX, 0, MIN}, I(cast(x, DType.INT32)));
    assertArrayEquals(
        new long[] {1, -1, 0, 0, 3_000_000_000L, 0, -3_000_000_000L}, L(cast(x, DType.INT64)));
    assertArrayEquals(
        new boolean[] {true, true, false, true, true, true, true}, B(cast(x, DType.BOOL)));
    Tensor c = cast(f32(new float[] {1.5f, -2}), DType.COMPLEX64);
    assertArrayEquals(new float[] {1.5f, 0, -2, 0}, F(c));
    assertArrayEquals(
        new double[] {1.5, 0, -2, 0}, D(cast(f32(new float[] {1.5f, -2}), DType.COMPLEX128)));
  }

  @Test
  void fromFloat64() {
    Tensor x = f64(new double[] {1.9, -1.9, 1e20, Double.NaN, 0.1});
    assertExact(new float[] {1.9f, -1.9f, 1e20f, NANF, 0.1f}, F(cast(x, DType.FLOAT32)));
    assertArrayEquals(new int[] {1, -1, MAX, 0, 0}, I(cast(x, DType.INT32)));
    assertArrayEquals(new long[] {1, -1, Long.MAX_VALUE, 0, 0}, L(cast(x, DType.INT64)));
    assertArrayEquals(new boolean[] {true, true, true, true, true}, B(cast(x, DType.BOOL)));
    assertArrayEquals(new float[] {0.1f, 0}, F(cast(f64(new double[] {0.1}), DType.COMPLEX64)));
    assertArrayEquals(new double[] {0.1, 0}, D(cast(f64(new double[] {0.1}), DType.COMPLEX128)));
    // float64 overflowing float32 becomes inf
    assertExact(
        new float[] {Float.POSITIVE_INFINITY}, F(cast(f64(new double[] {1e300}), DType.FLOAT32)));
  }

  @Test
  void fromInt32() {
    Tensor x = i32(new int[] {1, -1, 0, MAX, MIN});
    assertArrayEquals(
        new float[] {1, -1, 0, 2.14748365E9f, -2.14748365E9f}, F(cast(x, DType.FLOAT32)));
    assertArrayEquals(new double[] {1, -1, 0, MAX, MIN}, D(cast(x, DType.FLOAT64)));
    assertArrayEquals(new long[] {1, -1, 0, MAX, MIN}, L(cast(x, DType.INT64)));
    assertArrayEquals(new boolean[] {true, true, false, true, true}, B(cast(x, DType.BOOL)));
    assertArrayEquals(new float[] {-1, 0, 7, 0}, F(cast(i32(new int[] {-1, 7}), DType.COMPLEX64)));
    assertArrayEquals(
        new double[] {-1, 0, 7, 0}, D(cast(i32(new int[] {-1, 7}), DType.COMPLEX128)));
  }

  @Test
  void fromInt64() {
    Tensor x = i64(new long[] {1, -1, 0, (1L << 40) + 1, Long.MIN_VALUE, (1L << 53) + 1});
    // int64 to int32 keeps the low 32 bits
    assertArrayEquals(new int[] {1, -1, 0, 1, 0, 1}, I(cast(x, DType.INT32)));
    assertArrayEquals(
        new double[] {1, -1, 0, (1L << 40) + 1, -0x1p63, 0x1p53}, D(cast(x, DType.FLOAT64)));
    assertArrayEquals(
        new float[] {1, -1, 0, 0x1p40f, -0x1p63f, 0x1p53f}, F(cast(x, DType.FLOAT32)));
    assertArrayEquals(new boolean[] {true, true, false, true, true, true}, B(cast(x, DType.BOOL)));
    assertArrayEquals(new double[] {5, 0}, D(cast(i64(new long[] {5}), DType.COMPLEX128)));
    assertArrayEquals(new float[] {5, 0}, F(cast(i64(new long[] {5}), DType.COMPLEX64)));
  }

  @Test
  void fromBool() {
    Tensor x = bool(new boolean[] {true, false});
    assertArrayEquals(new float[] {1, 0}, F(cast(x, DType.FLOAT32)));
    assertArrayEquals(new double[] {1, 0}, D(cast(x, DType.FLOAT64)));
    assertArrayEquals(new int[] {1, 0}, I(cast(x, DType.INT32)));
    assertArrayEquals(new long[] {1, 0}, L(cast(x, DType.INT64)));
    assertArrayEquals(new float[] {1, 0, 0, 0}, F(cast(x, DType.COMPLEX64)));
    assertArrayEquals(new double[] {1, 0, 0, 0}, D(cast(x, DType.COMPLEX128)));
  }

  @Test
  void fromComplexTakesTheRealPart() {
    Tensor x = c64(new float[] {1.5f, 2, 0, 0, 0, -1, -2.7f, 5});
    assertArrayEquals(new float[] {1.5f, 0, 0, -2.7f}, F(cast(x, DType.FLOAT32)));
    assertArrayEquals(new double[] {1.5, 0, 0, -2.7f}, D(cast(x, DType.FLOAT64)));
    assertArrayEquals(new int[] {1, 0, 0, -2}, I(cast(x, DType.INT32)));
    assertArrayEquals(new long[] {1, 0, 0, -2}, L(cast(x, DType.INT64)));
    // bool: either part non-zero
    assertArrayEquals(new boolean[] {true, false, true, true}, B(cast(x, DType.BOOL)));
    assertArrayEquals(new double[] {1.5, 2, 0, 0, 0, -1, -2.7f, 5}, D(cast(x, DType.COMPLEX128)));
    Tensor y = c128(new double[] {0.1, -0.2, 3, 0});
    assertArrayEquals(new float[] {0.1f, -0.2f, 3, 0}, F(cast(y, DType.COMPLEX64)));
    assertArrayEquals(new double[] {0.1, 3}, D(cast(y, DType.FLOAT64)));
    assertArrayEquals(new boolean[] {true, true}, B(cast(y, DType.BOOL)));
    assertArrayEquals(new long[] {0, 3}, L(cast(y, DType.INT64)));
  }

  @Test
  void everyPairKeepsTheShape() {
    int checked = 0;
    for (DType from : DType.values()) {
      Tensor x = sample(from);
      for (DType to : DType.values()) {
        Tensor y = CastOps.cast(x, to);
        assertEquals(to, y.dtype(), from + " -> " + to);
        assertEquals(sh(2, 1), y.shape(), from + " -> " + to);
        checked++;
      }
    }
    assertEquals(49, checked);
  }

  private static Tensor sample(DType d) {
    return switch (d) {
      case FLOAT32 -> f32(new float[] {1, 0}, 2, 1);
      case FLOAT64 -> f64(new double[] {1, 0}, 2, 1);
      case INT32 -> i32(new int[] {1, 0}, 2, 1);
      case INT64 -> i64(new long[] {1, 0}, 2, 1);
      case BOOL -> bool(new boolean[] {true, false}, 2, 1);
      case COMPLEX64 -> c64(new float[] {1, 0, 0, 0}, 2, 1);
      case COMPLEX128 -> c128(new double[] {1, 0, 0, 0}, 2, 1);
    };
  }
}
