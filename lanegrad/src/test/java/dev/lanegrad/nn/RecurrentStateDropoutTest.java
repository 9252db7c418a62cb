package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * returnState, initial states, dropout and recurrentDropout of SimpleRNN, LSTM and GRU against a
 * second implementation: Keras 2.15's cells written out below in plain float64 loops, as
 * keras/layers/rnn/lstm.py, gru.py and simple_rnn.py compute them. With recurrent_dropout Keras
 * forces {@code implementation=1} (one input mask and one recurrent mask per gate, the kernel cut
 * per gate, the carried h and c unmasked); with dropout alone it keeps {@code implementation=2}
 * (one input mask for all gates). The masks are the layer's own (drawn once per call).
 */
class RecurrentStateDropoutTest {
  private static final int B = 2;
  private static final int T = 4;
  private static final int F = 3;
  private static final int U = 3;

  private static <L extends RecurrentLayer> L built(L layer, long seed) {
    layer.apply(Tensor.zeros(Shape.of(B, T, F), DType.FLOAT64));
    layer.kernel().assign(random(seed, F, layer.kernel().shape().dim(1)).mul(0.8));
    layer.recurrentKernel().assign(random(seed + 1, U, layer.kernel().shape().dim(1)).mul(0.8));
    layer.bias().assign(random(seed + 2, layer.bias().shape().dims()).mul(0.5));
    return layer;
  }

  @Test
  void returnStateInKerasOrderAndInitialStatesContinueASequence() throws Exception {
    Map<String, Tensor> npz = RecurrentTest.npz();
    Utils.clearSession();
    LSTM lstm = LSTM.builder(4).returnState(true).build();
    RecurrentTest.load(lstm, npz, "lstm");
    Tensor x = npz.get("lstm_x");
    List<Tensor> r = lstm.applyWithState(x, false);
    assertEquals(3, r.size());
    // [output, h, c]: without returnSequences the output is h; Keras's value from layers.npz
    LayerChecks.close(npz.get("lstm_last").toFloatArray(), r.get(1).toFloatArray(), 2e-6f, "h");
    assertArrayEquals(r.get(0).toFloatArray(), r.get(1).toFloatArray());
    assertEquals(Shape.of(2, 4), r.get(2).shape());
    // apply still gives the output alone
    assertArrayEquals(r.get(0).toFloatArray(), lstm.apply(x).toFloatArray());
    // the sequence cut in two: the second half from the first half's states gives the same end
    int steps = x.shape().dim(1);
    Tensor head = x.get(":, :2, :");
    Tensor tail = x.get(":, 2:, :");
    List<Tensor> mid = lstm.applyWithState(head, false);
    List<Tensor> end = lstm.applyWithState(tail, mid.subList(1, 3), false);
    assertTrue(steps > 2);
    LayerChecks.close(r.get(1).toFloatArray(), end.get(1).toFloatArray(), 1e-6f, "h");
    LayerChecks.close(r.get(2).toFloatArray(), end.get(2).toFloatArray(), 1e-6f, "c");

    for (String p : new String[] {"gru", "rnn"}) {
      RecurrentLayer l =
          p.equals("gru")
              ? GRU.builder(4).returnSequences(true).returnState(true).build()
              : SimpleRNN.builder(4).returnSequences(true).returnState(true).build();
      RecurrentTest.load(l, npz, p);
      Tensor xs = npz.get(p + "_x");
      List<Tensor> out = l.applyWithState(xs, false);
      assertEquals(2, out.size());
      LayerChecks.close(
          npz.get(p + "_sequences").toFloatArray(), out.get(0).toFloatArray(), 2e-6f, p);
      LayerChecks.close(npz.get(p + "_last").toFloatArray(), out.get(1).toFloatArray(), 2e-6f, p);
      List<Tensor> first = l.applyWithState(xs.get(":, :3, :"), false);
      List<Tensor> rest = l.applyWithState(xs.get(":, 3:, :"), List.of(first.get(1)), false);
      LayerChecks.close(out.get(1).toFloatArray(), rest.get(1).toFloatArray(), 1e-6f, p);
    }
    // without returnState: only the output
    GRU plain = new GRU(2);
    assertEquals(
        1, plain.applyWithState(Tensor.zeros(Shape.of(1, 2, 3), DType.FLOAT32), false).size());
  }

  @Test
  void badInitialStatesChangeNothing() {
    Utils.clearSession();
    LSTM lstm = LSTM.builder(2).returnState(true).build();
    Tensor x = Tensor.zeros(Shape.of(3, 2, 4), DType.FLOAT32);
    Tensor h = Tensor.zeros(Shape.of(3, 2), DType.FLOAT32);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> lstm.applyWithState(x, List.of(h), false));
    assertEquals("Layer \"lstm\" expects 2 initial states, got 1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                lstm.applyWithState(
                    x, List.of(h, Tensor.zeros(Shape.of(2, 2), DType.FLOAT32)), false));
    assertEquals(
        "Layer \"lstm\": initial state 1 must be a float tensor of shape (3, 2), got float32 (2, 2)",
        e.getMessage());
    assertTrue(lstm.variables().isEmpty(), "nothing built");
    assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2).recurrentDropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> GRU.builder(2).dropout(-0.1));
  }

  @Test
  void dropoutAndRecurrentDropoutAgainstKerasCells() {
    double[][] rates = {{0.3, 0.4}, {0.0, 0.5}, {0.25, 0.0}};
    for (double[] rate : rates) {
      for (int kind = 0; kind < 3; kind++) {
        Utils.clearSession();
        RecurrentLayer l = layer(kind, rate[0], rate[1], 11, false);
        Tensor x = random(5, B, T, F);
        Tensor y = l.apply(x, true);
        Tensor[][] m = l.lastMasks();
        assertNotNull(m);
        int gates = l.kernel().shape().dim(1) / U;
        boolean perGate = rate[1] > 0 && gates > 1;
        checkMasks(m[0], rate[0], perGate ? gates : 1, F);
        checkMasks(m[1], rate[1], gates, U);
        double[] expected = reference(l, kind, x, m[0], m[1]);
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12, kind + " " + Arrays.toString(rate));
        // inference: no dropout at all
        double[] plain = reference(l, kind, x, null, null);
        assertArrayEquals(plain, l.apply(x, false).toDoubleArray(), 1e-12);
        assertFalse(Arrays.equals(plain, y.toDoubleArray()), "training dropped something");
      }
    }
  }

  @Test
  void seededMasksRepeatAcrossLayersAndChangeAcrossCalls() {
    Tensor x = random(9, B, T, F);
    double[][] outs = new double[3][];
    for (int k = 0; k < 2; k++) {
      Utils.clearSession();
      RecurrentLayer l = layer(1, 0.3, 0.3, 21, false);
      outs[k] = l.apply(x, true).toDoubleArray();
      if (k == 1) {
        outs[2] = l.apply(x, true).toDoubleArray();
      }
    }
    assertArrayEquals(outs[0], outs[1], 0.0, "same seed, same masks");
    assertFalse(Arrays.equals(outs[1], outs[2]), "a new mask per call");
  }

  @Test
  void gradientsThroughTheMasksAndTheStates() {
    // with the masks fixed for the check (a seeded layer in micro-batched training draws from the
    // step and micro-batch only), d/dx and d/dw against central differences
    for (int kind = 0; kind < 3; kind++) {
      Utils.clearSession();
      RecurrentLayer l = layer(kind, 0.3, 0.4, 31, true);
      Tensor x = random(6, B, T, F);
      l.apply(x);
      MicroBatches.Context outer = MicroBatches.enter(3, 1, new ArrayList<>());
      try {
        LayerChecks.gradients(l, v -> l.applyWithState(v, true).get(l.stateCount()), x, 1e-6);
      } finally {
        MicroBatches.leave(outer);
      }
    }
  }

  private static RecurrentLayer layer(
      int kind, double dropout, double recurrentDropout, long seed, boolean state) {
    RecurrentLayer l;
    switch (kind) {
      case 0:
        l =
            LSTM.builder(U)
                .dropout(dropout)
                .recurrentDropout(recurrentDropout)
                .seed(seed)
                .returnState(state)
                .dtype(DType.FLOAT64)
                .build();
        break;
      case 1:
        l =
            GRU.builder(U)
                .dropout(dropout)
                .recurrentDropout(recurrentDropout)
                .seed(seed)
                .returnState(state)
                .returnSequences(true)
                .dtype(DType.FLOAT64)
                .build();
        break;
      default:
        l =
            SimpleRNN.builder(U)
                .dropout(dropout)
                .recurrentDropout(recurrentDropout)
                .seed(seed)
                .returnState(state)
                .dtype(DType.FLOAT64)
                .build();
    }
    return built(l, 100 + kind);
  }

  private static void checkMasks(Tensor[] masks, double rate, int count, int width) {
    if (rate == 0) {
      assertNull(masks);
      return;
    }
    assertEquals(count, masks.length);
    int zeros = 0;
    for (Tensor m : masks) {
      assertEquals(Shape.of(B, width), m.shape());
      for (double v : m.toDoubleArray()) {
        assertTrue(v == 0 || Math.abs(v - 1 / (1 - rate)) < 1e-12, "mask value " + v);
        zeros += v == 0 ? 1 : 0;
      }
    }
    assertTrue(zeros > 0 && zeros < count * B * width, "some kept, some dropped: " + zeros);
  }

  // ---------------------------------------------------------------- Keras's cells in float64

  /** The layer's output (last h, or every h with returnSequences) as Keras computes it. */
  private static double[] reference(
      RecurrentLayer l, int kind, Tensor xt, Tensor[] inMasks, Tensor[] recMasks) {
    int gates = kind == 0 ? 4 : kind == 1 ? 3 : 1;
    double[][] k = matrix(l.kernel().toDoubleArray(), F, gates * U);
    double[][] rk = matrix(l.recurrentKernel().toDoubleArray(), U, gates * U);
    double[] bias = l.bias().toDoubleArray();
    double[] x = xt.toDoubleArray();
    double[][][] dm = new double[gates][][];
    double[][][] rm = new double[gates][][];
    for (int g = 0; g < gates; g++) {
      // implementation 2 (one input mask) unless the recurrent dropout asks for 1
      dm[g] = inMasks == null ? null : matrix(inMasks[Math.min(g, inMasks.length - 1)]);
      rm[g] = recMasks == null ? null : matrix(recMasks[g]);
    }
    double[][] h = new double[B][U];
    double[][] c = new double[B][U];
    double[] seq = new double[B * T * U];
    for (int t = 0; t < T; t++) {
      double[][] xs = new double[B][F];
      for (int b = 0; b < B; b++) {
        for (int f = 0; f < F; f++) {
          xs[b][f] = x[(b * T + t) * F + f];
        }
      }
      double[][][] xg = new double[gates][][];
      double[][][] hg = new double[gates][][];
      for (int g = 0; g < gates; g++) {
        xg[g] = dot(dm[g] == null ? xs : mul(xs, dm[g]), k, g * U);
        hg[g] = dot(rm[g] == null ? h : mul(h, rm[g]), rk, g * U);
      }
      double[][] hn = new double[B][U];
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < U; j++) {
          if (kind == 0) {
            double i = sig(xg[0][b][j] + bias[j] + hg[0][b][j]);
            double f = sig(xg[1][b][j] + bias[U + j] + hg[1][b][j]);
            c[b][j] = f * c[b][j] + i * Math.tanh(xg[2][b][j] + bias[2 * U + j] + hg[2][b][j]);
            double o = sig(xg[3][b][j] + bias[3 * U + j] + hg[3][b][j]);
            hn[b][j] = o * Math.tanh(c[b][j]);
          } else if (kind == 1) {
            // reset_after: bias (2, 3u), row 0 for the input, row 1 for the recurrent part
            double z = sig(xg[0][b][j] + bias[j] + hg[0][b][j] + bias[3 * U + j]);
            double r = sig(xg[1][b][j] + bias[U + j] + hg[1][b][j] + bias[4 * U + j]);
            double hh =
                Math.tanh(xg[2][b][j] + bias[2 * U + j] + r * (hg[2][b][j] + bias[5 * U + j]));
            hn[b][j] = z * h[b][j] + (1 - z) * hh;
          } else {
            hn[b][j] = Math.tanh(xg[0][b][j] + bias[j] + hg[0][b][j]);
          }
          seq[(b * T + t) * U + j] = hn[b][j];
        }
      }
      h = hn;
    }
    if (l.returnSequences()) {
      return seq;
    }
    double[] last = new double[B * U];
    for (int b = 0; b < B; b++) {
      System.arraycopy(h[b], 0, last, b * U, U);
    }
    return last;
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double[][] matrix(Tensor t) {
    return matrix(t.toDoubleArray(), t.shape().dim(0), t.shape().dim(1));
  }

  private static double[][] matrix(double[] a, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(a, i * cols, m[i], 0, cols);
    }
    return m;
  }

  private static double[][] mul(double[][] a, double[][] m) {
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = a[i][j] * m[i][j];
      }
    }
    return r;
  }

  /** {@code a (rows, k) x w[:, from : from + U]}. */
  private static double[][] dot(double[][] a, double[][] w, int from) {
    double[][] r = new double[a.length][U];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < U; j++) {
        double s = 0;
        for (int q = 0; q < w.length; q++) {
          s += a[i][q] * w[q][from + j];
        }
        r[i][j] = s;
      }
    }
    return r;
  }
}
