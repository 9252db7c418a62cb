package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Variables as the variables guide shows them: assign keeps the dtype and shape, assignAdd and
 * assignSub. The expected values are TF's and Keras's (docstrings, guides, kernels, gradient
 * functions); each test names its source.
 */
class VariableSemanticsTest {
  @Test
  void assignKeepsDtypeAndShape() {
    // Variables guide: a = tf.Variable([2.0, 3.0]); a.assign([1, 2]) keeps float32;
    // a.assign([1.0, 2.0, 3.0]) fails ("Cannot assign value to variable... Shapes (2,) and
    // (3,) are incompatible") and leaves the value
    Variable a = Variable.of(new float[] {2, 3});
    a.assign(new int[] {1, 2});
    assertEquals(DType.FLOAT32, a.dtype());
    close(d(1, 2), a, 0);
    assertThrows(IllegalArgumentException.class, () -> a.assign(new float[] {1, 2, 3}));
    close(d(1, 2), a, 0);
  }

  @Test
  void assignAddAndSub() {
    // Variables guide: a.assign_add / assign_sub: [2, 3] + [1, 1] -> [3, 4]; - [1, 1] -> [2, 3]
    Variable a = Variable.of(new float[] {2, 3});
    a.assignAdd(new float[] {1, 1});
    close(d(3, 4), a, 0);
    a.assignSub(new float[] {1, 1});
    close(d(2, 3), a, 0);
  }
}
