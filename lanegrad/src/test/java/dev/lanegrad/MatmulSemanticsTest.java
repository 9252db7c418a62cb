package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * matmul as tf.linalg.matmul: rank 2, batched, the transpose flags, mismatched inner dimensions,
 * and float32 accumulation over a long inner dimension. The expected values are TF's and Keras's
 * (docstrings, guides, kernels, gradient functions); each test names its source.
 */
class MatmulSemanticsTest {
  @Test
  void matmul() {
    // tf.linalg.matmul docstring: a = [1..6] shape [2, 3], b = [7..12] shape [3, 2]
    // -> [[58, 64], [139, 154]]
    Tensor a = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
    Tensor b = Tensor.of(new int[] {7, 8, 9, 10, 11, 12}, Shape.of(3, 2));
    Tensor c = Ops.matmul(a, b);
    assertEquals(DType.INT32, c.dtype());
    assertArrayEquals(new int[] {58, 64, 139, 154}, c.toIntArray());
    Tensor cf = Ops.matmul(a.cast(DType.FLOAT32), b.cast(DType.FLOAT32));
    close(d(58, 64, 139, 154), cf, 0);
  }

  @Test
  void batchMatmul() {
    // tf.linalg.matmul docstring: a = arange(1, 13) shape [2, 2, 3], b = arange(13, 25) shape
    // [2, 3, 2] -> [[[94, 100], [229, 244]], [[508, 532], [697, 730]]]
    int[] av = new int[12];
    int[] bv = new int[12];
    for (int i = 0; i < 12; i++) {
      av[i] = i + 1;
      bv[i] = i + 13;
    }
    Tensor c = Ops.matmul(Tensor.of(av, Shape.of(2, 2, 3)), Tensor.of(bv, Shape.of(2, 3, 2)));
    assertEquals(Shape.of(2, 2, 2), c.shape());
    assertArrayEquals(new int[] {94, 100, 229, 244, 508, 532, 697, 730}, c.toIntArray());
  }

  @Test
  void matmulTransposeFlags() {
    // tf.linalg.matmul(a, b, transpose_a=True, transpose_b=True) = a^T b^T:
    // a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]] -> [[23, 31], [34, 46]]
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}});
    close(d(23, 31, 34, 46), Ops.matmul(a, b, true, true), 0);
    close(d(26, 30, 38, 44), Ops.matmul(a, b, true, false), 0);
    close(d(17, 23, 39, 53), Ops.matmul(a, b, false, true), 0);
  }

  @Test
  void matmulInnerMismatchIsAnError() {
    // TF: "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]"
    Tensor a = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32);
    assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, a));
  }

  /*
   * TF sums float32 with Eigen's tree reduction (TensorReduction's InnerMostDimReducer: leaves of
   * 1024 values, combined pairwise) and multiplies with Eigen's GEBP / oneDNN, whose micro-kernels
   * start every depth block (kc) from zero and add it to C afterwards. Both keep the error of a
   * long float32 sum near one rounding of the result. Reference values measured on this machine
   * (NumPy 1.24 pairwise sum, torch 1.13 cascade sum, OpenBLAS sgemm) are quoted per test; each
   * bound is met by both of them.
   */
  @Test
  void matmulWithALongInnerDimension() {
    // (8, 4096) @ (4096, 8) of 0.1f: exact 40.96000122; OpenBLAS 40.959972, torch 40.959965
    // (bound: 2e-6 relative = 8.2e-5)
    Tensor a = Tensor.fill(Shape.of(8, 4096), 0.1f);
    Tensor b = Tensor.fill(Shape.of(4096, 8), 0.1f);
    double exact = 4096 * (double) 0.1f * (double) 0.1f;
    float[] c = Ops.matmul(a, b).toFloatArray();
    for (float v : c) {
      assertEquals(exact, v, 8.2e-5);
    }
  }
}
