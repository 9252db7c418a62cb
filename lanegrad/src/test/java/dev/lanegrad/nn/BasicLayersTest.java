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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flatten, Reshape, ActivationLayer and the Activation values; LayerNormalization. */
class BasicLayersTest {
  @TempDir Path dir;

  @Test
  void flattenAndReshape() {
    Utils.clearSession();
    Flatten f = new Flatten();
    assertEquals("flatten", f.name());
    Tensor x = Tensor.range(24).reshape(2, 3, 4);
    Tensor y = f.apply(x);
    assertEquals(Shape.of(2, 12), y.shape());
    assertArrayEquals(x.toIntArray(), y.toIntArray(), "row-major order kept");
    assertEquals(Shape.of(3, 1), f.apply(Tensor.of(new float[] {1, 2, 3})).shape());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.apply(Tensor.of(1f)));
    assertTrue(e.getMessage().contains("expected min_ndim=1, found ndim=0"), e.getMessage());

    Reshape r = new Reshape(-1, 2);
    assertEquals("reshape", r.name());
    assertEquals(Shape.of(2, 6, 2), r.apply(x).shape());
    assertEquals(Shape.of(2, 4, 3), new Reshape(4, 3).apply(x).shape());
    e = assertThrows(IllegalArgumentException.class, () -> new Reshape(5).apply(x));
    assertTrue(
        e.getMessage().contains("total size of the new array must be unchanged")
            && e.getMessage().contains("[3, 4]")
            && e.getMessage().contains("[5]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
    assertThrows(IllegalArgumentException.class, () -> new Reshape(0));
    // the gradient is the upstream gradient reshaped back
    LayerChecks.gradients(r, r::apply, random(1, 2, 3, 4), 1e-8);
    LayerChecks.gradients(f, f::apply, random(2, 2, 3, 4), 1e-8);
  }

  @Test
  void activationLayerAndValues() {
    Utils.clearSession();
    ActivationLayer a = new ActivationLayer(Activation.RELU);
    assertEquals("activation", a.name());
    assertEquals("activation_1", new ActivationLayer(Activation.TANH).name());
    assertArrayEquals(
        new float[] {0, 2}, a.apply(Tensor.of(new float[][] {{-1, 2}})).toFloatArray());
    // Keras's documented examples (tf.keras.activations.*, TF 2.15 docstrings), float64
    double[] x = {-3, -1, 0, 1, 3};
    Tensor t = Tensor.of(x);
    double[][] expected = {
      {-0.95021293, -0.63212056, 0, 1, 3}, // elu
      {-1.6705688, -1.1113307, 0, 1.050701, 3.152103}, // selu
      {-0.00404951, -0.15865526, 0, 0.8413447, 2.9959507}, // gelu (exact)
      {0.04858735, 0.31326169, 0.69314718, 1.31326169, 3.04858735}, // softplus
      {-0.75, -0.5, 0, 0.5, 0.75}, // softsign
      {-0.14227762, -0.26894142, 0, 0.73105858, 2.85772238}, // silu
      {0, 0, 0, 1, 3}, // relu6
      {-0.6, -0.2, 0, 1, 3}, // leaky relu, alpha 0.2
      {0.04978707, 0.36787944, 1, 2.71828183, 20.08553692}, // exponential
    };
    Activation[] which = {
      Activation.ELU,
      Activation.SELU,
      Activation.GELU,
      Activation.SOFTPLUS,
      Activation.SOFTSIGN,
      Activation.SILU,
      Activation.RELU6,
      Activation.LEAKY_RELU,
      Activation.EXPONENTIAL
    };
    for (int k = 0; k < which.length; k++) {
      double[] got = which[k].apply(t).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(expected[k][i], got[i], 1e-6, which[k] + " at " + x[i]);
      }
    }
    assertArrayEquals(
        new float[] {0, 3, 6},
        Activation.RELU6.apply(Tensor.of(new float[] {-1, 3, 9})).toFloatArray());
    double[] ls =
        Activation.LOG_SOFTMAX.apply(Tensor.of(new double[][] {{1, 2, 3}})).toDoubleArray();
    assertEquals(-2.40760596, ls[0], 1e-8);
    assertEquals(-0.40760596, ls[2], 1e-8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ActivationLayer(Activation.SIGMOID).apply(Tensor.of(new int[][] {{1}})));
    assertTrue(e.getMessage().contains("int32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ActivationLayer(null));
    for (Activation act : Activation.values()) {
      ActivationLayer l = new ActivationLayer(act);
      LayerChecks.gradients(l, l::apply, random(3, 2, 3).mul(2.0).add(0.1), 1e-6);
    }
  }

  @Test
  void layerNormalization() {
    Utils.clearSession();
    LayerNormalization ln = new LayerNormalization();
    // Keras docstring: LayerNormalization(axis=1) on arange(10).reshape(5, 2) * 10 gives -1, 1
    Tensor data = Tensor.range(10).reshape(5, 2).mul(10).cast(DType.FLOAT32);
    float[] y = ln.apply(data).toFloatArray();
    for (int i = 0; i < 10; i += 2) {
      // (x - mean) / sqrt(25 + 0.001): 5 / 5.0001 = 0.99998
      assertEquals(-0.99998, y[i], 1e-5);
      assertEquals(0.99998, y[i + 1], 1e-5);
    }
    assertEquals(
        List.of("layer_normalization/gamma:0 (2,)", "layer_normalization/beta:0 (2,)"),
        LayerChecks.names(ln));
    float[] z = new LayerNormalization().apply(Tensor.of(new float[][] {{1, 2, 3}})).toFloatArray();
    assertEquals(-1.2238272f, z[0], 1e-6f);
    assertEquals(0f, z[1], 1e-6f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ln.apply(Tensor.of(new float[][] {{1, 2, 3}})));
    assertTrue(
        e.getMessage().contains("expected axis -1 of input shape to have value 2"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new LayerNormalization().apply(Tensor.of(new int[][] {{1}})));

    LayerNormalization g =
        LayerNormalization.builder()
            .dtype(DType.FLOAT64)
            .gammaInitializer(Initializers.constant(new double[] {0.5, 2, -1}))
            .betaInitializer(Initializers.constant(new double[] {0.1, 0.2, 0.3}))
            .build();
    LayerChecks.gradients(g, g::apply, random(4, 2, 2, 3), 1e-6);
    LayerChecks.checkpointRoundTrip(
        dir, ln, LayerNormalization::new, Tensor.of(new float[][] {{3, 1}}));
  }
}
