package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

class InitializersTest {
  @Test
  void constantsZerosOnes() {
    assertArrayEquals(
        new float[] {0, 0},
        Initializers.zeros().initialize(Shape.of(2), DType.FLOAT32).toFloatArray());
    assertArrayEquals(
        new int[] {1, 1}, Initializers.ones().initialize(Shape.of(2), DType.INT32).toIntArray());
    Tensor c =
        Initializers.constant(new float[] {1, 2, 3, 4}).initialize(Shape.of(2, 2), DType.FLOAT32);
    assertEquals(Shape.of(2, 2), c.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, c.toFloatArray());
    assertArrayEquals(
        new double[] {7, 7, 7},
        Initializers.constant(7).initialize(Shape.of(3), DType.FLOAT64).toDoubleArray());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Initializers.constant(new float[] {1, 2, 3})
                    .initialize(Shape.of(2, 2), DType.FLOAT32));
    assertTrue(e.getMessage().contains("(2, 2)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Initializers.constant(null));
  }

  @Test
  void randomDistributions() {
    long seed = 99;
    float[] u =
        Initializers.randomUniform(-2, 3, seed)
            .initialize(Shape.of(4000), DType.FLOAT32)
            .toFloatArray();
    double sum = 0;
    for (float v : u) {
      assertTrue(v >= -2 && v < 3, "seed " + seed + ": " + v);
      sum += v;
    }
    assertEquals(0.5, sum / u.length, 0.1, "seed " + seed);
    double[] n =
        Initializers.randomNormal(1, 2, seed)
            .initialize(Shape.of(4000), DType.FLOAT64)
            .toDoubleArray();
    double m = 0;
    double sq = 0;
    for (double v : n) {
      m += v;
      sq += v * v;
    }
    m /= n.length;
    assertEquals(1, m, 0.1, "seed " + seed);
    assertEquals(2, Math.sqrt(sq / n.length - m * m), 0.1, "seed " + seed);
    assertArrayEquals(
        u,
        Initializers.randomUniform(-2, 3, seed)
            .initialize(Shape.of(4000), DType.FLOAT32)
            .toFloatArray());
  }

  @Test
  void badArguments() {
    assertThrows(IllegalArgumentException.class, () -> Initializers.randomUniform(1, 1));
    assertThrows(IllegalArgumentException.class, () -> Initializers.randomNormal(0, -1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Initializers.glorotUniform().initialize(Shape.of(2, 2), DType.INT32));
    assertTrue(e.getMessage().contains("int32"), e.getMessage());
  }
}
