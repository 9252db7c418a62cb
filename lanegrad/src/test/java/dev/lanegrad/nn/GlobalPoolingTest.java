package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/** The global poolings: hand-computed values, names, keepdims, gradients, errors. */
class GlobalPoolingTest {
  @Test
  void valuesNamesGradients() {
    Utils.clearSession();
    // x[0, h, w, c] = 2 * (3h + w) + c: channel 0 holds 0 2 4 6 8 10, channel 1 one more
    Tensor x = Tensor.range(12).cast(DType.FLOAT32).reshape(1, 2, 3, 2);
    GlobalAveragePooling2D avg = new GlobalAveragePooling2D();
    assertEquals("global_average_pooling2d", avg.name());
    assertArrayEquals(new float[] {5, 6}, avg.apply(x).toFloatArray());
    assertArrayEquals(new float[] {10, 11}, new GlobalMaxPooling2D().apply(x).toFloatArray());
    assertEquals(Shape.of(1, 1, 1, 2), new GlobalAveragePooling2D(null, true).apply(x).shape());
    Tensor s = Tensor.range(6).cast(DType.FLOAT32).reshape(1, 3, 2);
    assertArrayEquals(new float[] {2, 3}, new GlobalAveragePooling1D().apply(s).toFloatArray());
    assertArrayEquals(
        new float[] {4, 5}, new GlobalMaxPooling1D("gmax", false).apply(s).toFloatArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPooling2D().apply(s));
    assertTrue(e.getMessage().contains("expected ndim=4, found ndim=3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new GlobalAveragePooling1D().apply(Tensor.of(new int[][][] {{{1}}})));
    for (Layer l :
        new Layer[] {
          new GlobalAveragePooling2D(), new GlobalMaxPooling2D(),
          new GlobalAveragePooling1D(), new GlobalMaxPooling1D()
        }) {
      Tensor in = l.name().contains("1d") ? random(1, 2, 5, 3) : random(2, 2, 3, 4, 2);
      LayerChecks.gradients(l, l::apply, in, 1e-6);
    }
  }
}
