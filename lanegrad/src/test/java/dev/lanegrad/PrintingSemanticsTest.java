package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Printing as TF prints: the tensor guide's printed results, and a variable's repr. The expected
 * values are TF's and Keras's (docstrings, guides, kernels, gradient functions); each test names
 * its source.
 */
class PrintingSemanticsTest {
  @Test
  void tensorGuideScalarsAndVectors() {
    // Tensor guide: print(tf.constant(4)) -> tf.Tensor(4, shape=(), dtype=int32);
    // print(tf.constant([2.0, 3.0, 4.0])) -> tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)
    assertEquals("Tensor(4, shape=(), dtype=int32)", Tensor.of(4).toString());
    assertEquals(
        "Tensor([2. 3. 4.], shape=(3,), dtype=float32)",
        Tensor.of(new float[] {2, 3, 4}).toString());
  }

  @Test
  void tensorGuideMath() {
    // Tensor guide: a = [[1, 2], [3, 4]], b = ones -> tf.add(a, b) prints
    // tf.Tensor(\n[[2 3]\n [4 5]], shape=(2, 2), dtype=int32); tf.matmul(a, b) ->
    // [[3 3]\n [7 7]]
    Tensor a = Tensor.of(new int[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new int[][] {{1, 1}, {1, 1}});
    assertEquals("Tensor(\n[[2 3]\n [4 5]], shape=(2, 2), dtype=int32)", Ops.add(a, b).toString());
    assertEquals(
        "Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)", Ops.multiply(a, b).toString());
    assertEquals(
        "Tensor(\n[[3 3]\n [7 7]], shape=(2, 2), dtype=int32)", Ops.matmul(a, b).toString());
  }

  @Test
  void tensorGuideReduceMaxAndSoftmax() {
    // Tensor guide: c = [[4.0, 5.0], [10.0, 1.0]]: print(tf.reduce_max(c)) ->
    // tf.Tensor(10.0, shape=(), dtype=float32); print(tf.nn.softmax(c)) ->
    // tf.Tensor(\n[[2.6894143e-01 7.3105860e-01]\n [9.9987662e-01 1.2339458e-04]], ...)
    Tensor c = Tensor.of(new float[][] {{4, 5}, {10, 1}});
    assertEquals("Tensor(10.0, shape=(), dtype=float32)", c.max().toString());
    assertEquals(
        "Tensor(\n[[2.6894143e-01 7.3105860e-01]\n [9.9987662e-01 1.2339458e-04]],"
            + " shape=(2, 2), dtype=float32)",
        Ops.softmax(c, -1).toString());
  }

  @Test
  void tensorGuideBroadcastMultiply() {
    // Tensor guide "Broadcasting": x = reshape([1, 2, 3], [3, 1]), y = range(1, 5):
    // tf.multiply(x, y) -> [[ 1  2  3  4]\n [ 2  4  6  8]\n [ 3  6  9 12]]
    Tensor x = Ops.reshape(Tensor.of(new int[] {1, 2, 3}), 3, 1);
    Tensor y = Tensor.of(new int[] {1, 2, 3, 4});
    assertEquals(
        "Tensor(\n[[ 1  2  3  4]\n [ 2  4  6  8]\n [ 3  6  9 12]], shape=(3, 4)," + " dtype=int32)",
        Ops.multiply(x, y).toString());
  }

  @Test
  void tensorGuideReshapeFlat() {
    // Tensor guide: print(tf.reshape(rank_3_tensor, [-1])) for 0..29 wraps at 75 columns:
    // [ 0  1 ... 23\n 24 25 26 27 28 29]
    Tensor t = Tensor.range(30);
    String s = Ops.reshape(Ops.reshape(t, 3, 2, 5), -1).toString();
    assertEquals(
        "Tensor(\n[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22"
            + " 23\n 24 25 26 27 28 29], shape=(30,), dtype=int32)",
        s);
  }

  @Test
  void variableToString() {
    // lanegrad's form of TF's repr: <tf.Variable 'Variable:0' shape=(2,) dtype=float32,
    // numpy=array([1., 2.], dtype=float32)>
    Variable a = Variable.of(new float[] {1, 2});
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>", a.toString());
  }
}
