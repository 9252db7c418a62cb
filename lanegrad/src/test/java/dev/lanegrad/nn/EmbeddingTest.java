package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTest {
  @TempDir Path dir;

  @Test
  void lookupNamesGradient() {
    Utils.clearSession();
    Embedding e =
        Embedding.builder(4, 2)
            .embeddingsInitializer(
                Initializers.constant(new float[] {0, 1, 10, 11, 20, 21, 30, 31}))
            .build();
    Tensor y = e.apply(Tensor.of(new int[][] {{3, 0}, {1, 1}}));
    assertEquals(Shape.of(2, 2, 2), y.shape());
    assertArrayEquals(new float[] {30, 31, 0, 1, 10, 11, 10, 11}, y.toFloatArray());
    assertArrayEquals(new float[] {20, 21}, e.apply(Tensor.of(new long[] {2})).toFloatArray());
    assertEquals(List.of("embedding/embeddings:0 (4, 2)"), LayerChecks.names(e));
    // the gradient is dense: row 1 looked up twice gets 2
    try (GradientTape t = new GradientTape()) {
      Tensor l = e.apply(Tensor.of(new int[][] {{1, 1, 3}})).sum();
      assertArrayEquals(
          new float[] {0, 0, 2, 2, 0, 0, 1, 1},
          t.gradient(l, List.of(e.embeddings())).get(0).toFloatArray());
    }
    // Keras's default: uniform in [-0.05, 0.05)
    Embedding d = new Embedding(1000, 8);
    d.apply(Tensor.of(new int[] {0}));
    for (float v : d.embeddings().toFloatArray()) {
      assertTrue(v >= -0.05f && v < 0.05f);
    }
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(new int[] {4})));
    assertTrue(ex.getMessage().contains("4"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(new boolean[] {true})));
    assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 2));
    Utils.clearSession();
    Embedding a = new Embedding(5, 3);
    Tensor idx = Tensor.of(new int[][] {{1, 4}});
    a.apply(idx);
    LayerChecks.checkpointRoundTrip(dir, a, () -> new Embedding(5, 3), idx);
    assertEquals(DType.FLOAT32, a.apply(idx).dtype());
  }
}
