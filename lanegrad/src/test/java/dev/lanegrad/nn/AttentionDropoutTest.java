package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention's {@code dropout} against Keras 2.15's _compute_attention written out in
 * float64 loops (multi_head_attention.py: the query scaled by {@code 1/sqrt(key_dim)}, {@code
 * softmax(q k^T)}, then {@code self._dropout_layer(attention_scores, training)}, then the einsum
 * with the value and the output projection), with the layer's own mask.
 */
class AttentionDropoutTest {
  private static final int B = 2;
  private static final int TQ = 3;
  private static final int TV = 4;
  private static final int D = 5;
  private static final int H = 2;
  private static final int K = 3;

  private static MultiHeadAttention layer(long seed) {
    Utils.clearSession();
    MultiHeadAttention mha =
        MultiHeadAttention.builder(H, K)
            .dropout(0.4)
            .seed(seed)
            .dtype(DType.FLOAT64)
            .biasInitializer(Initializers.randomUniform(-0.3, 0.3, 4))
            .kernelInitializer(Initializers.glorotUniform(5))
            .build();
    mha.apply(random(1, B, TQ, D), random(2, B, TV, D));
    return mha;
  }

  @Test
  void dropsAttentionProbabilitiesInTrainingOnly() {
    MultiHeadAttention mha = layer(8);
    Tensor q = random(1, B, TQ, D);
    Tensor v = random(2, B, TV, D);
    assertNull(mha.lastMask());
    Tensor inference = mha.apply(q, v, null, null, false);
    assertNull(mha.lastMask(), "no mask in inference");
    assertArrayEquals(reference(mha, q, v, null), inference.toDoubleArray(), 1e-12);
    Tensor y = mha.apply(q, v, null, null, true);
    Tensor m = mha.lastMask();
    assertEquals(Shape.of(B, H, TQ, TV), m.shape());
    int zeros = 0;
    for (double x : m.toDoubleArray()) {
      assertTrue(x == 0 || Math.abs(x - 1 / 0.6) < 1e-12, "mask value " + x);
      zeros += x == 0 ? 1 : 0;
    }
    assertTrue(zeros > 0 && zeros < B * H * TQ * TV, "some dropped: " + zeros);
    assertArrayEquals(reference(mha, q, v, m.toDoubleArray()), y.toDoubleArray(), 1e-12);
    assertFalse(Arrays.equals(inference.toDoubleArray(), y.toDoubleArray()));
    // the same seed on a fresh layer: the same masks; the next call: another
    MultiHeadAttention again = layer(8);
    assertArrayEquals(y.toDoubleArray(), again.apply(q, v, null, null, true).toDoubleArray(), 0);
    assertFalse(
        Arrays.equals(y.toDoubleArray(), again.apply(q, v, null, null, true).toDoubleArray()));
    assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(1, 1).dropout(1));
  }

  /** Keras's attention in float64; {@code mask} null for inference. */
  private static double[] reference(MultiHeadAttention mha, Tensor qt, Tensor vt, double[] mask) {
    List<dev.lanegrad.Variable> w = mha.trainableVariables();
    double[] qk = w.get(0).toDoubleArray();
    double[] qb = w.get(1).toDoubleArray();
    double[] kk = w.get(2).toDoubleArray();
    double[] kb = w.get(3).toDoubleArray();
    double[] vk = w.get(4).toDoubleArray();
    double[] vb = w.get(5).toDoubleArray();
    double[] ok = w.get(6).toDoubleArray();
    double[] ob = w.get(7).toDoubleArray();
    double[] q = qt.toDoubleArray();
    double[] v = vt.toDoubleArray();
    double[] out = new double[B * TQ * D];
    for (int b = 0; b < B; b++) {
      for (int h = 0; h < H; h++) {
        double[][] qp = project(q, b, TQ, qk, qb, h);
        double[][] kp = project(v, b, TV, kk, kb, h);
        double[][] vp = project(v, b, TV, vk, vb, h);
        for (int i = 0; i < TQ; i++) {
          double[] s = new double[TV];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < TV; j++) {
            for (int e = 0; e < K; e++) {
              s[j] += qp[i][e] / Math.sqrt(K) * kp[j][e];
            }
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j < TV; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j < TV; j++) {
            s[j] /= sum;
            if (mask != null) {
              s[j] *= mask[((b * H + h) * TQ + i) * TV + j];
            }
          }
          for (int e = 0; e < K; e++) {
            double ctx = 0;
            for (int j = 0; j < TV; j++) {
              ctx += s[j] * vp[j][e];
            }
            for (int o = 0; o < D; o++) {
              out[(b * TQ + i) * D + o] += ctx * ok[(h * K + e) * D + o];
            }
          }
        }
      }
      for (int i = 0; i < TQ; i++) {
        for (int o = 0; o < D; o++) {
          out[(b * TQ + i) * D + o] += ob[o];
        }
      }
    }
    return out;
  }

  /** Head h of {@code x[b] (steps, D) x kernel (D, H, K) + bias (H, K)}: (steps, K). */
  private static double[][] project(
      double[] x, int b, int steps, double[] w, double[] bias, int h) {
    double[][] r = new double[steps][K];
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < K; e++) {
        double s = bias[h * K + e];
        for (int d = 0; d < D; d++) {
          s += x[(b * steps + t) * D + d] * w[(d * H + h) * K + e];
        }
        r[t][e] = s;
      }
    }
    return r;
  }
}
