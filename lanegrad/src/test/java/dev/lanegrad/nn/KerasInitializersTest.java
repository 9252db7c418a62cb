package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The variance-scaling family, truncated normal and orthogonal, against the formulas of
 * keras/src/initializers/initializers.py (VarianceScaling, TruncatedNormal, Orthogonal): sample
 * statistics of large seeded draws, the truncation bound, and Q^T Q = I.
 */
class KerasInitializersTest {
  private static double[] draw(Initializer init, Shape shape) {
    return init.initialize(shape, DType.FLOAT64).toDoubleArray();
  }

  private static double std(double[] a) {
    double m = 0;
    for (double v : a) {
      m += v;
    }
    m /= a.length;
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / a.length);
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Test
  void varianceScalingFamily() {
    // a conv kernel (3, 3, 16, 64): fanIn = 9 * 16 = 144, fanOut = 9 * 64 = 576
    Shape k = Shape.of(3, 3, 16, 64);
    double fanIn = 144;
    double fanAvg = (144 + 576) / 2.0;
    long seed = 5;
    // truncated normals: the draw's std is sqrt(scale / n); values within 2 / 0.8796 of that
    double[] he = draw(Initializers.heNormal(seed), k);
    assertEquals(Math.sqrt(2 / fanIn), std(he), 0.02 * Math.sqrt(2 / fanIn), "seed " + seed);
    assertTrue(maxAbs(he) <= 2 * Math.sqrt(2 / fanIn) / 0.87962566103423978 + 1e-12);
    double[] lecun = draw(Initializers.lecunNormal(seed), k);
    assertEquals(Math.sqrt(1 / fanIn), std(lecun), 0.02 * Math.sqrt(1 / fanIn));
    double[] gn = draw(Initializers.glorotNormal(seed), k);
    assertEquals(Math.sqrt(1 / fanAvg), std(gn), 0.02 * Math.sqrt(1 / fanAvg));
    // uniforms: limit sqrt(3 scale / n), std limit / sqrt 3
    double[] hu = draw(Initializers.heUniform(seed), k);
    double heLimit = Math.sqrt(6 / fanIn);
    assertTrue(maxAbs(hu) <= heLimit && maxAbs(hu) > 0.99 * heLimit);
    assertEquals(heLimit / Math.sqrt(3), std(hu), 0.02 * heLimit);
    double[] lu = draw(Initializers.lecunUniform(seed), k);
    double lecunLimit = Math.sqrt(3 / fanIn);
    assertTrue(maxAbs(lu) <= lecunLimit && maxAbs(lu) > 0.99 * lecunLimit);
    // seeded: the same values each call; unseeded: new ones
    assertArrayEquals(he, draw(Initializers.heNormal(seed), k));
    Initializer free = Initializers.heNormal();
    assertTrue(draw(free, k)[0] != draw(free, k)[0]);
    assertEquals(DType.FLOAT32, Initializers.heNormal(1).initialize(k, DType.FLOAT32).dtype());
  }

  @Test
  void truncatedNormal() {
    double[] t = draw(Initializers.truncatedNormal(1.0, 0.5, 3), Shape.of(20000));
    double mean = 0;
    for (double v : t) {
      assertTrue(v >= 0.0 && v <= 2.0, "within two standard deviations: " + v);
      mean += v;
    }
    assertEquals(1.0, mean / t.length, 0.01);
    // a 2-sigma truncated normal has std 0.8796 sigma (scipy.stats.truncnorm.std(-2, 2))
    assertEquals(0.5 * 0.87962566103423978, std(t), 0.01);
    double[] d = draw(Initializers.truncatedNormal(), Shape.of(1000));
    assertTrue(maxAbs(d) <= 0.1, "Keras's default: mean 0, stddev 0.05");
    assertThrows(IllegalArgumentException.class, () -> Initializers.truncatedNormal(0, -1));
  }

  @Test
  void orthogonal() {
    for (int[] dims : new int[][] {{4, 4}, {6, 3}, {3, 6}, {2, 3, 8}}) {
      Tensor q = Initializers.orthogonal(11).initialize(Shape.of(dims), DType.FLOAT64);
      int cols = dims[dims.length - 1];
      Tensor m = q.reshape(-1, cols);
      int rows = m.shape().dim(0);
      // the smaller side is orthonormal: Q^T Q = I (tall) or Q Q^T = I (wide)
      Tensor g = rows >= cols ? m.transpose().matmul(m) : m.matmul(m.transpose());
      int n = Math.min(rows, cols);
      double[] v = g.toDoubleArray();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(i == j ? 1.0 : 0.0, v[i * n + j], 1e-12, "shape " + m.shape());
        }
      }
    }
    Tensor q2 = Initializers.orthogonal(2.0, 11).initialize(Shape.of(3, 3), DType.FLOAT64);
    assertEquals(4.0, q2.transpose().matmul(q2).toDoubleArray()[0], 1e-12, "gain 2");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Initializers.orthogonal(1).initialize(Shape.of(5), DType.FLOAT32));
    assertTrue(e.getMessage().contains("at least two-dimensional"), e.getMessage());
  }
}
