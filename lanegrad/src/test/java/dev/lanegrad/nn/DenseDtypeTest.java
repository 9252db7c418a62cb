package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dense in float64 (for gradient checks): weights, the input's cast, and a save/load round trip.
 */
class DenseDtypeTest {
  @TempDir Path dir;

  @Test
  void float64DenseComputesInFloat64AndSavesItsDtype() {
    Utils.clearSession();
    Dense d = Dense.builder(2).dtype(DType.FLOAT64).inputShape(3).build();
    assertEquals(DType.FLOAT64, d.kernel().dtype());
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
    Tensor y = d.apply(x);
    assertEquals(DType.FLOAT64, y.dtype());
    // y = x kernel + 0, computed in float64 from the float32 input's exact values
    double[] k = d.kernel().toDoubleArray();
    assertArrayEquals(
        new double[] {k[0] + 2 * k[2] + 3 * k[4], k[1] + 2 * k[3] + 3 * k[5]},
        y.toDoubleArray(),
        1e-15);
    Sequential m = new Sequential(d, Dense.builder(1).dtype(DType.FLOAT64).build());
    Tensor in = random(3, 4, 3);
    Tensor before = m.apply(in);
    Path file = dir.resolve("m.lgm");
    m.save(file);
    Model loaded = Model.load(file);
    Tensor after = loaded.apply(in);
    assertEquals(DType.FLOAT64, after.dtype());
    assertArrayEquals(before.toDoubleArray(), after.toDoubleArray(), 0);
    assertThrows(IllegalArgumentException.class, () -> Dense.builder(1).dtype(DType.INT32));
  }
}
