package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/** Keras's formulas (keras/src/regularizers.py): L1 = l1 sum|x|, L2 = l2 sum x^2, no 1/2. */
class RegularizersTest {
  @Test
  void formulas() {
    Tensor w = Tensor.of(new double[] {1, -2, 3});
    assertEquals(0.6, Regularizers.l1(0.1).apply(w).doubleValue(), 1e-12);
    assertEquals(1.4, Regularizers.l2(0.1).apply(w).doubleValue(), 1e-12);
    assertEquals(0.06 + 0.14, Regularizers.l1l2(0.01, 0.01).apply(w).doubleValue(), 1e-12);
    Tensor f = Tensor.of(new float[][] {{0.5f, -0.5f}});
    assertEquals(0.005f, Regularizers.l2(0.01).apply(f).floatValue(), 1e-9f);
  }

  @Test
  void badInput() {
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(-1));
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l1l2(0.1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(0.1).apply(null));
    assertThrows(
        IllegalArgumentException.class, () -> Regularizers.l2(0.1).apply(Tensor.of(new int[] {1})));
  }
}
