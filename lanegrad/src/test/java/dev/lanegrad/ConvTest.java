package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code Ops.conv2d} and {@code Ops.conv1d} on hand-computed values and TF's documented example,
 * TF's SAME rule (the extra padding cell at the end), the stride forms TF accepts, and the errors:
 * each names the op and the shapes, and a rejected call records nothing.
 */
class ConvTest {
  static Tensor nhwc(float[] v, int h, int w) {
    return Tensor.of(v).reshape(1, h, w, 1);
  }

  @Test
  void aTwoByTwoWindowOfOnesSumsEachWindow() {
    Tensor x = nhwc(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
    Tensor f = Tensor.ones(Shape.of(2, 2, 1, 1), DType.FLOAT32);
    Tensor y = Ops.conv2d(x, f, new int[] {1, 1}, Padding.VALID);
    assertEquals(Shape.of(1, 2, 2, 1), y.shape());
    assertArrayEquals(new float[] {12, 16, 24, 28}, y.toFloatArray());
    // SAME at stride 1: one cell padded after each axis (total 1, none before)
    Tensor same = Ops.conv2d(x, f, new int[] {1, 1}, Padding.SAME);
    assertArrayEquals(
        new float[] {12, 16, 9, 24, 28, 15, 15, 17, 9}, same.toFloatArray(), "padding at the end");
  }

  /**
   * The example of TF's {@code tf.nn.conv2d} docstring (tensorflow/python/ops/nn_ops.py, conv2d_v2:
   * a 5x5 input and a 2x2x1x2 kernel, VALID), whose printout the docstring elides; values computed
   * by hand (channel 0: {@code 2a + 3b + 0c + 1d} over each window) and checked with torch.
   */
  @Test
  void tfsDocstringExample() {
    double[][] in = {
      {2, 1, 2, 0, 1}, {1, 3, 2, 2, 3}, {1, 1, 3, 3, 0}, {2, 2, 0, 1, 1}, {0, 0, 3, 1, 2}
    };
    double[][][][] kernel = {{{{2, 0.1}}, {{3, 0.2}}}, {{{0, 0.3}}, {{1, 0.4}}}};
    Tensor x = Tensor.of(in, DType.FLOAT32).reshape(1, 5, 5, 1);
    Tensor k = Tensor.of(kernel, DType.FLOAT32);
    Tensor y = Ops.conv2d(x, k, new int[] {1, 1, 1, 1}, Padding.VALID);
    assertEquals(Shape.of(1, 4, 4, 2), y.shape());
    float[] want = {
      10, 1.9f, 10, 2.2f, 6, 1.6f, 6, 2.0f, 12, 1.4f, 15, 2.2f, 13, 2.7f, 13, 1.7f, 7, 1.7f, 11,
      1.3f, 16, 1.3f, 7, 1.0f, 10, 0.6f, 7, 1.4f, 4, 1.5f, 7, 1.4f
    };
    float[] got = y.toFloatArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-6, "element " + i);
    }
  }

  /**
   * TF's SAME rule (tf.nn module docs, "Notes on padding"): in = 5, window 2, stride 2 gives out =
   * ceil(5 / 2) = 3 and pad = max((3 - 1) * 2 + 2 - 5, 0) = 1, all of it after the last cell: the
   * windows are {1, 2}, {3, 4}, {5, pad}. (Padding before would give {pad, 1}, {2, 3}, {4, 5}.)
   */
  @Test
  void sameWithAnOddPaddingPutsTheExtraCellAtTheEnd() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}).reshape(1, 5, 1);
    Tensor f = Tensor.ones(Shape.of(2, 1, 1), DType.FLOAT32);
    assertArrayEquals(new float[] {3, 7, 5}, Ops.conv1d(x, f, 2, Padding.SAME).toFloatArray());
    // window 3, stride 1: pad 2, one before and one after
    Tensor f3 = Tensor.ones(Shape.of(3, 1, 1), DType.FLOAT32);
    assertArrayEquals(
        new float[] {3, 6, 9, 12, 9}, Ops.conv1d(x, f3, 1, Padding.SAME).toFloatArray());
    // window 4, stride 1: pad 3, one before and two after
    Tensor f4 = Tensor.ones(Shape.of(4, 1, 1), DType.FLOAT32);
    assertArrayEquals(
        new float[] {6, 10, 14, 12, 9}, Ops.conv1d(x, f4, 1, Padding.SAME).toFloatArray());
    // dilation 2, window 2 (spans 3): {1,3}, {2,4}, {3,5}, {4,pad}, {5,pad} after one cell before
    assertArrayEquals(
        new float[] {2, 4, 6, 8, 4},
        Ops.conv1d(x, f, 1, Padding.SAME, 2).toFloatArray(),
        "pad 2: one before, one after");
  }

  @Test
  void conv1dIsConv2dOfHeightOne() {
    Tensor x = Tensor.randomNormal(Shape.of(2, 9, 3), 1);
    Tensor f = Tensor.randomNormal(Shape.of(3, 3, 4), 2);
    Tensor y1 = Ops.conv1d(x, f, 2, Padding.SAME, 1);
    Tensor y2 =
        Ops.conv2d(x.reshape(2, 1, 9, 3), f.reshape(1, 3, 3, 4), new int[] {1, 2}, Padding.SAME);
    assertEquals(Shape.of(2, 5, 4), y1.shape());
    assertArrayEquals(y2.toFloatArray(), y1.toFloatArray());
  }

  @Test
  void stridesTakeOneTwoOrFourNumbers() {
    Tensor x = Tensor.randomNormal(Shape.of(1, 7, 7, 2), 3);
    Tensor f = Tensor.randomNormal(Shape.of(3, 3, 2, 2), 4);
    float[] two = Ops.conv2d(x, f, new int[] {2, 2}, Padding.SAME).toFloatArray();
    assertArrayEquals(two, Ops.conv2d(x, f, new int[] {2}, Padding.SAME).toFloatArray());
    assertArrayEquals(two, Ops.conv2d(x, f, new int[] {1, 2, 2, 1}, Padding.SAME).toFloatArray());
    assertEquals(Shape.of(1, 4, 4, 2), Ops.conv2d(x, f, new int[] {2, 2}, Padding.SAME).shape());
    assertEquals(Shape.of(1, 3, 3, 2), Ops.conv2d(x, f, new int[] {2, 2}, Padding.VALID).shape());
    assertEquals(
        Shape.of(1, 3, 3, 2),
        Ops.conv2d(x, f, new int[] {1, 1}, Padding.VALID, new int[] {2, 2}).shape());
  }

  @Test
  void gradientsOfAVariableFilterAndOfTheInput() {
    // y = sum(conv(x, ones)) counts how many windows read each cell
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 3, 3, 1);
    Variable f = Variable.of(Tensor.ones(Shape.of(2, 2, 1, 1), DType.FLOAT64));
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = Ops.conv2d(x, f, new int[] {1, 1}, Padding.VALID).sum();
    }
    assertArrayEquals(
        new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, tape.gradient(y, x).toDoubleArray());
    // d/df[ky, kx] = sum of the cells that tap reads: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
    assertArrayEquals(new double[] {12, 16, 24, 28}, tape.gradient(y, f).toDoubleArray());
  }

  /**
   * The call throws naming {@code contains}; the checks run before any op, so the tape holds only
   * what ran before and after it (the gradient of a later op is exact).
   */
  static void rejects(String contains, Runnable call) {
    GradientTape tape = new GradientTape();
    Tensor x = Tensor.of(new float[] {1, 2});
    Tensor y;
    try (tape) {
      tape.watch(x);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().contains(contains), e.getMessage());
      y = x.mul(x).sum();
    }
    assertArrayEquals(new float[] {2, 4}, tape.gradient(y, x).toFloatArray());
  }

  @Test
  void badArgumentsNameTheOpAndTheShapes() {
    Tensor x = Tensor.ones(Shape.of(1, 4, 4, 2), DType.FLOAT32);
    Tensor f = Tensor.ones(Shape.of(3, 3, 2, 5), DType.FLOAT32);
    int[] one = {1, 1};
    rejects(
        "conv2d: input (1, 4, 4, 2) has 2 channels but filters (3, 3, 3, 5) expect 3",
        () -> Ops.conv2d(x, Tensor.ones(Shape.of(3, 3, 3, 5), DType.FLOAT32), one, Padding.SAME));
    rejects(
        "conv2d: needs input [batch, height, width, channels]",
        () -> Ops.conv2d(x.reshape(4, 4, 2), f, one, Padding.SAME));
    rejects("(4, 4, 2)", () -> Ops.conv2d(x.reshape(4, 4, 2), f, one, Padding.SAME));
    rejects(
        "conv2d: strides [0, 1] must be positive",
        () -> Ops.conv2d(x, f, new int[] {0, 1}, Padding.SAME));
    rejects(
        "conv2d: strides [1, 1, 1] needs 1, 2 or 4",
        () -> Ops.conv2d(x, f, new int[] {1, 1, 1}, Padding.SAME));
    rejects(
        "must be 1 in the batch and channel positions",
        () -> Ops.conv2d(x, f, new int[] {2, 1, 1, 1}, Padding.SAME));
    rejects(
        "conv2d: dilations [1, -1] must be positive",
        () -> Ops.conv2d(x, f, one, Padding.SAME, new int[] {1, -1}));
    rejects(
        "conv2d: with VALID padding the height 4 is smaller than the dilated window 5",
        () -> Ops.conv2d(x, f, one, Padding.VALID, new int[] {2, 2}));
    rejects("conv2d: argument 'padding' is null", () -> Ops.conv2d(x, f, one, null));
    rejects("conv2d: argument 'strides' is null", () -> Ops.conv2d(x, f, null, Padding.SAME));
    rejects(
        "different dtypes float32 and float64",
        () -> Ops.conv2d(x, f.cast(DType.FLOAT64), one, Padding.SAME));
    rejects(
        "conv2d: dtype int32",
        () -> Ops.conv2d(x.cast(DType.INT32), f.cast(DType.INT32), one, Padding.SAME));
    Tensor x1 = Tensor.ones(Shape.of(1, 4, 2), DType.FLOAT32);
    rejects(
        "conv1d: needs input [batch, width, channels] and filters [width, in, out] (rank 3 each),"
            + " got input (1, 4, 2) and filters (3, 3, 2, 5)",
        () -> Ops.conv1d(x1, f, 1, Padding.SAME));
    rejects(
        "conv1d: stride 0 and dilation 1 must be positive",
        () -> Ops.conv1d(x1, Tensor.ones(Shape.of(3, 2, 1), DType.FLOAT32), 0, Padding.SAME));
    rejects(
        "conv1d: with VALID padding the width 4 is smaller than the window 5",
        () -> Ops.conv1d(x1, Tensor.ones(Shape.of(5, 2, 1), DType.FLOAT32), 1, Padding.VALID));
    rejects(
        "conv1d: input (1, 4, 2) has 2 channels but filters (3, 3, 1) expect 3",
        () -> Ops.conv1d(x1, Tensor.ones(Shape.of(3, 3, 1), DType.FLOAT32), 1, Padding.VALID));
  }

  @Test
  void emptyBatchesAndZeroChannels() {
    Tensor f = Tensor.ones(Shape.of(3, 3, 2, 5), DType.FLOAT32);
    Tensor y =
        Ops.conv2d(
            Tensor.zeros(Shape.of(0, 4, 4, 2), DType.FLOAT32), f, new int[] {1, 1}, Padding.SAME);
    assertEquals(Shape.of(0, 4, 4, 5), y.shape());
    Tensor z =
        Ops.conv2d(
            Tensor.ones(Shape.of(1, 4, 4, 0), DType.FLOAT32),
            Tensor.ones(Shape.of(3, 3, 0, 2), DType.FLOAT32),
            new int[] {1, 1},
            Padding.SAME);
    assertArrayEquals(new float[32], z.toFloatArray());
  }
}
