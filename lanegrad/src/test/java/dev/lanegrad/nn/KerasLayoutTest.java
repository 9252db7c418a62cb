package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keras-layout weights loaded into lanegrad's layers give Keras's outputs. The weights, inputs and
 * expected outputs come from src/test/resources/keras/layers.npz, written by make_npz.py beside it,
 * which spells out each Keras 2.15 layer's forward pass in NumPy (float64) from its source.
 */
class KerasLayoutTest {
  static Map<String, Tensor> npz;

  @BeforeAll
  static void load() throws URISyntaxException {
    npz = Tensor.loadNpz(Path.of(KerasLayoutTest.class.getResource("/keras/layers.npz").toURI()));
  }

  static void set(Variable v, String key) {
    Tensor t = npz.get(key);
    assertEquals(v.shape(), t.shape(), v.name() + " vs " + key);
    v.assign(t);
  }

  @Test
  void multiHeadAttention() {
    Utils.clearSession();
    MultiHeadAttention mha = new MultiHeadAttention(2, 3);
    Tensor q = npz.get("mha_query");
    Tensor v = npz.get("mha_value");
    mha.apply(q, v); // builds
    List<Variable> w = mha.variables();
    assertEquals(
        List.of(
            "multi_head_attention/query/kernel:0 (5, 2, 3)",
            "multi_head_attention/query/bias:0 (2, 3)",
            "multi_head_attention/key/kernel:0 (6, 2, 3)",
            "multi_head_attention/key/bias:0 (2, 3)",
            "multi_head_attention/value/kernel:0 (6, 2, 3)",
            "multi_head_attention/value/bias:0 (2, 3)",
            "multi_head_attention/attention_output/kernel:0 (2, 3, 5)",
            "multi_head_attention/attention_output/bias:0 (5,)"),
        LayerChecks.names(mha));
    String[] keys = {
      "query_kernel", "query_bias", "key_kernel", "key_bias",
      "value_kernel", "value_bias", "output_kernel", "output_bias"
    };
    for (int i = 0; i < keys.length; i++) {
      set(w.get(i), "mha_" + keys[i]);
    }
    close(npz.get("mha_out").toFloatArray(), mha.apply(q, v).toFloatArray(), 1e-5f, "mha");
    close(
        npz.get("mha_out_masked").toFloatArray(),
        mha.apply(q, v, null, npz.get("mha_mask"), false).toFloatArray(),
        1e-5f,
        "masked mha");
  }
}
