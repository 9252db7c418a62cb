package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultiHeadAttention: shapes, a hand-computed case, gradients, masks, bad input, Checkpoint. */
class MultiHeadAttentionTest {
  @TempDir Path dir;

  @Test
  void shapesAsKerasDocuments() {
    // the Keras docstring: target (None, 8, 16), source (None, 4, 16), 2 heads of 2 -> (None, 8,
    // 16)
    MultiHeadAttention mha = new MultiHeadAttention(2, 2);
    Tensor y =
        mha.apply(random(1, 3, 8, 16).cast(DType.FLOAT32), random(2, 3, 4, 16).cast(DType.FLOAT32));
    assertEquals(Shape.of(3, 8, 16), y.shape());
    assertEquals(8, mha.variables().size());
    MultiHeadAttention o = MultiHeadAttention.builder(2, 4).valueDim(3).outputShape(7).build();
    assertEquals(
        Shape.of(1, 2, 7),
        o.apply(
                Tensor.zeros(Shape.of(1, 2, 5), DType.FLOAT32),
                Tensor.zeros(Shape.of(1, 3, 6), DType.FLOAT32))
            .shape());
    assertEquals(Shape.of(2, 3, 7), o.variables().get(6).shape());
  }

  @Test
  void oneHeadByHand() {
    // identity projections, zero biases: softmax(q k^T / sqrt(2)) v
    Initializer eye = Initializers.constant(new float[] {1, 0, 0, 1});
    MultiHeadAttention mha =
        MultiHeadAttention.builder(1, 2).kernelInitializer(eye).useBias(false).build();
    Tensor q = Tensor.of(new float[][][] {{{1, 0}}});
    Tensor v = Tensor.of(new float[][][] {{{1, 0}, {0, 1}}});
    float[] y = mha.apply(q, v).toFloatArray();
    double a = Math.exp(1 / Math.sqrt(2));
    double p0 = a / (a + 1);
    assertArrayEquals(new float[] {(float) p0, (float) (1 - p0)}, y, 1e-6f);
    // a mask that hides the first key leaves the second's value
    Tensor mask = Tensor.of(new boolean[][][] {{{false, true}}});
    assertArrayEquals(new float[] {0, 1}, mha.apply(q, v, null, mask, false).toFloatArray(), 1e-6f);
  }

  @Test
  void gradients() {
    MultiHeadAttention mha = MultiHeadAttention.builder(2, 2).dtype(DType.FLOAT64).build();
    Tensor v = random(5, 2, 3, 4);
    mha.apply(random(6, 2, 2, 3), v);
    LayerChecks.gradients(mha, q -> mha.apply(q, v), random(6, 2, 2, 3), 1e-6);
    Tensor q = random(6, 2, 2, 3);
    LayerChecks.gradients(mha, vv -> mha.apply(q, vv), v, 1e-6);
  }

  @Test
  void badInput() {
    MultiHeadAttention mha = new MultiHeadAttention(2, 2);
    Tensor q = Tensor.zeros(Shape.of(2, 3, 4), DType.FLOAT32);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> mha.apply(Tensor.zeros(Shape.of(3, 4), DType.FLOAT32), q));
    assertTrue(e.getMessage().contains("rank 3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> mha.apply(q, Tensor.zeros(Shape.of(3, 3, 4), DType.FLOAT32)));
    assertThrows(
        IllegalArgumentException.class,
        () -> mha.apply(q, Tensor.zeros(Shape.of(2, 3, 4), DType.INT32)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            mha.apply(
                q, q, null, Tensor.zeros(Shape.of(2, 3, 3), DType.BOOL).reshape(2, 9), false));
    assertTrue(mha.variables().isEmpty(), "a rejected call builds nothing");
    mha.apply(q, q);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> mha.apply(Tensor.zeros(Shape.of(2, 3, 5), DType.FLOAT32), q));
    assertTrue(e.getMessage().contains("built for 4"), e.getMessage());
  }

  @Test
  void checkpoint() {
    Utils.clearSession();
    MultiHeadAttention mha = new MultiHeadAttention(2, 3);
    Tensor x = random(9, 1, 3, 4).cast(DType.FLOAT32);
    mha.apply(x);
    LayerChecks.checkpointRoundTrip(dir, mha, () -> new MultiHeadAttention(2, 3), x);
  }
}
