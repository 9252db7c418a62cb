package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.close;
import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimpleRNN, LSTM and GRU: Keras-layout weights from layers.npz (make_npz.py writes Keras 2.15's
 * standard_lstm / standard_gru / SimpleRNNCell in NumPy) give Keras's outputs; names, shapes, the
 * unit forget bias, gradients through the unrolled tape, bad input, Checkpoint.
 */
class RecurrentTest {
  @TempDir Path dir;

  static Map<String, Tensor> npz() throws Exception {
    return Tensor.loadNpz(Path.of(RecurrentTest.class.getResource("/keras/layers.npz").toURI()));
  }

  static void load(RecurrentLayer l, Map<String, Tensor> npz, String p) {
    l.apply(npz.get(p + "_x"));
    l.kernel().assign(npz.get(p + "_kernel"));
    l.recurrentKernel().assign(npz.get(p + "_recurrent_kernel"));
    l.bias().assign(npz.get(p + "_bias"));
  }

  @Test
  void kerasLayout() throws Exception {
    Map<String, Tensor> npz = npz();
    Utils.clearSession();
    String[] prefixes = {"lstm", "gru", "rnn"};
    RecurrentLayer[][] layers = {
      {new LSTM(4), LSTM.builder(4).returnSequences(true).build()},
      {new GRU(4), GRU.builder(4).returnSequences(true).build()},
      {new SimpleRNN(4), SimpleRNN.builder(4).returnSequences(true).build()}
    };
    for (int k = 0; k < 3; k++) {
      String p = prefixes[k];
      load(layers[k][0], npz, p);
      load(layers[k][1], npz, p);
      Tensor x = npz.get(p + "_x");
      close(npz.get(p + "_last").toFloatArray(), layers[k][0].apply(x).toFloatArray(), 2e-6f, p);
      Tensor seq = layers[k][1].apply(x);
      assertEquals(Shape.of(2, 5, 4), seq.shape());
      close(npz.get(p + "_sequences").toFloatArray(), seq.toFloatArray(), 2e-6f, p + " seq");
    }
    assertEquals(
        List.of(
            "lstm/lstm_cell/kernel:0 (3, 16)",
            "lstm/lstm_cell/recurrent_kernel:0 (4, 16)",
            "lstm/lstm_cell/bias:0 (16,)"),
        LayerChecks.names(layers[0][0]));
    assertEquals(
        List.of(
            "gru/gru_cell/kernel:0 (3, 12)",
            "gru/gru_cell/recurrent_kernel:0 (4, 12)",
            "gru/gru_cell/bias:0 (2, 12)"),
        LayerChecks.names(layers[1][0]));
    assertEquals(
        "simple_rnn/simple_rnn_cell/kernel:0 (3, 4)", LayerChecks.names(layers[2][0]).get(0));
  }

  @Test
  void kerasDefaults() {
    LSTM lstm = new LSTM(3);
    lstm.apply(Tensor.zeros(Shape.of(1, 2, 5), DType.FLOAT32));
    // unit forget bias: [0 0 0 | 1 1 1 | 0 0 0 0 0 0]
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, lstm.bias().toFloatArray());
    // orthogonal recurrent kernel (3, 12): its rows are orthonormal
    Tensor u = lstm.recurrentKernel();
    float[] g = u.matmul(u.transpose()).toFloatArray();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(i == j ? 1f : 0f, g[i * 3 + j], 1e-5f);
      }
    }
    LSTM noForget = LSTM.builder(2).unitForgetBias(false).build();
    noForget.apply(Tensor.zeros(Shape.of(1, 1, 1), DType.FLOAT32));
    assertArrayEquals(new float[8], noForget.bias().toFloatArray());
    // a sequence of one step: h = o * tanh(i * tanh(z_c)) with zero input and weights
    assertArrayEquals(
        new float[3], lstm.apply(Tensor.zeros(Shape.of(1, 1, 5), DType.FLOAT32)).toFloatArray());
  }

  @Test
  void gradientsThroughTheUnrolledTape() {
    Tensor x = random(3, 2, 4, 3);
    for (RecurrentLayer l :
        List.<RecurrentLayer>of(
            LSTM.builder(3)
                .dtype(DType.FLOAT64)
                .biasInitializer(Initializers.randomUniform(-0.5, 0.5, 1))
                .build(),
            GRU.builder(3)
                .returnSequences(true)
                .dtype(DType.FLOAT64)
                .biasInitializer(Initializers.randomUniform(-0.5, 0.5, 2))
                .build(),
            SimpleRNN.builder(3).goBackwards(true).dtype(DType.FLOAT64).build())) {
      l.apply(x);
      LayerChecks.gradients(l, l::apply, x, 1e-6);
    }
  }

  @Test
  void badInputAndCheckpoint() {
    Utils.clearSession();
    GRU gru = new GRU(2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gru.apply(Tensor.zeros(Shape.of(3, 4), DType.FLOAT32)));
    assertEquals(
        "Input 0 of layer \"gru\" is incompatible with the layer: expected ndim=3, found ndim=2."
            + " Full shape received: (3, 4)",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> gru.apply(Tensor.zeros(Shape.of(1, 3, 4), DType.INT32)));
    assertTrue(gru.variables().isEmpty());
    Tensor x = random(5, 2, 3, 4).cast(DType.FLOAT32);
    gru.apply(x);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gru.apply(Tensor.zeros(Shape.of(1, 3, 5), DType.FLOAT32)));
    assertTrue(e.getMessage().contains("expected axis -1 of input shape to have value 4"));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    LayerChecks.checkpointRoundTrip(dir, gru, () -> new GRU(2), x);
    Utils.clearSession();
    Sequential m = new Sequential(LSTM.builder(8).inputShape(28, 28).build(), new Dense(10));
    String s = m.summary();
    assertTrue(s.contains(" lstm (LSTM)                 (None, 8)                 1184      "), s);
  }
}
