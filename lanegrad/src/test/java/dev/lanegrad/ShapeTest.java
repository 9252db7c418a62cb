package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void printsAsTensorFlow() {
    assertEquals("()", Shape.scalar().toString());
    assertEquals("()", Shape.of().toString());
    assertEquals("(3,)", Shape.of(3).toString());
    assertEquals("(2, 2)", Shape.of(2, 2).toString());
    assertEquals("(1, 0, 4)", Shape.of(1, 0, 4).toString());
  }

  @Test
  void sizeRankAndDims() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(3, s.rank());
    assertEquals(24, s.size());
    assertEquals(1, Shape.scalar().size());
    assertEquals(0, Shape.of(5, 0).size());
    assertEquals(4, s.dim(-1));
    assertEquals(2, s.dim(0));
    int[] d = s.dims();
    d[0] = 99;
    assertArrayEquals(new int[] {2, 3, 4}, s.dims(), "dims() must be a copy");
  }

  @Test
  void hugeSizesDoNotWrap() {
    Shape s = Shape.of(1 << 20, 1 << 20, 1 << 20, 1 << 20);
    assertEquals(Long.MAX_VALUE, s.size());
    assertEquals(0, Shape.of(1 << 30, 1 << 30, 1 << 30, 0).size());
    assertEquals(1L << 40, Shape.of(1 << 20, 1 << 20).size());
  }

  @Test
  void equality() {
    assertEquals(Shape.of(2, 3), Shape.of(2, 3));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertNotEquals(Shape.of(3, 2), Shape.of(2, 3));
    assertNotEquals(Shape.of(1), Shape.scalar());
  }

  @Test
  void badInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    assertTrue(e.getMessage().contains("Shape.of"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.of((int[]) null));
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(2));
    assertTrue(a.getMessage().contains("(2, 3)"), a.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(-3));
  }

  @Test
  void dtypeNamesAndKinds() {
    assertEquals("float32", DType.FLOAT32.toString());
    assertEquals("int64", DType.INT64.toString());
    assertEquals("bool", DType.BOOL.toString());
    assertEquals("complex128", DType.COMPLEX128.toString());
    assertTrue(DType.FLOAT64.isFloating());
    assertTrue(DType.INT32.isInteger());
    assertTrue(DType.COMPLEX64.isComplex());
    assertEquals(16, DType.COMPLEX128.byteSize());
    assertEquals(1, DType.BOOL.byteSize());
  }
}
