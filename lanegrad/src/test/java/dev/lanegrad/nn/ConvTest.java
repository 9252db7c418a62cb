package dev.lanegrad.nn;

import static dev.lanegrad.nn.LayerChecks.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientCheck;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conv1D and Conv2D: values, names, shapes, gradients to second order, errors, Checkpoint. */
class ConvTest {
  @TempDir Path dir;

  @Test
  void conv2dByHandAndNames() {
    Utils.clearSession();
    // a 2x2 window of ones over 1..9: window sums 12 16 24 28, plus bias 1
    Conv2D c =
        Conv2D.builder(1, 2)
            .kernelInitializer(Initializers.ones())
            .biasInitializer(Initializers.constant(1f))
            .build();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 3, 3, 1);
    assertArrayEquals(new float[] {13, 17, 25, 29}, c.apply(x).toFloatArray());
    assertEquals(
        List.of("conv2d/kernel:0 (2, 2, 1, 1)", "conv2d/bias:0 (1,)"), LayerChecks.names(c));
    assertEquals("conv2d_1", new Conv2D(1, 1).name());
    assertEquals("conv1d", new Conv1D(1, 1).name());
    // SAME keeps 3x3 with strides 1; strides 2 gives ceil(3 / 2) = 2
    Conv2D same = Conv2D.builder(4, 3).padding(Padding.SAME).strides(2).build();
    assertEquals(Shape.of(1, 2, 2, 4), same.apply(x).shape());
    // the Keras docstring: Conv2D(2, 3, activation='relu') on (4, 28, 28, 3) gives (4, 26, 26, 2)
    assertEquals(
        Shape.of(4, 26, 26, 2),
        new Conv2D(2, 3).apply(Tensor.zeros(Shape.of(4, 28, 28, 3), DType.FLOAT32)).shape());
    // Conv1D docstring: Conv1D(32, 3) on (4, 10, 128) gives (4, 8, 32)
    assertEquals(
        Shape.of(4, 8, 32),
        new Conv1D(32, 3).apply(Tensor.zeros(Shape.of(4, 10, 128), DType.FLOAT32)).shape());
    Conv1D c1 = Conv1D.builder(1, 2).kernelInitializer(Initializers.ones()).useBias(false).build();
    assertArrayEquals(
        new float[] {3, 5, 7},
        c1.apply(Tensor.of(new float[] {1, 2, 3, 4}).reshape(1, 4, 1)).toFloatArray());
  }

  @Test
  void kerasLayout() throws Exception {
    var npz = Tensor.loadNpz(Path.of(ConvTest.class.getResource("/keras/layers.npz").toURI()));
    Conv2D valid = Conv2D.builder(4, 3).kernelSize(3, 2).build();
    Conv2D same =
        Conv2D.builder(4, 3)
            .kernelSize(3, 2)
            .padding(Padding.SAME)
            .activation(Activation.RELU)
            .build();
    Tensor x = npz.get("conv_x");
    valid.apply(x);
    same.apply(x);
    for (Conv2D c : List.of(valid, same)) {
      c.kernel().assign(npz.get("conv_kernel"));
      c.bias().assign(npz.get("conv_bias"));
    }
    LayerChecks.close(
        npz.get("conv_valid").toFloatArray(), valid.apply(x).toFloatArray(), 1e-5f, "valid");
    LayerChecks.close(
        npz.get("conv_same").toFloatArray(), same.apply(x).toFloatArray(), 1e-5f, "same");
  }

  @Test
  void gradientsFirstAndSecondOrder() {
    Conv2D c =
        Conv2D.builder(2, 2)
            .strides(2, 1)
            .padding(Padding.SAME)
            .activation(Activation.TANH)
            .dtype(DType.FLOAT64)
            .build();
    Tensor x = random(3, 2, 3, 4, 2);
    c.apply(x);
    LayerChecks.gradients(c, c::apply, x, 1e-6);
    Conv1D c1 = Conv1D.builder(3, 2).dilationRate(2).dtype(DType.FLOAT64).build();
    Tensor s = random(4, 2, 6, 2);
    c1.apply(s);
    LayerChecks.gradients(c1, c1::apply, s, 1e-6);
    // second order: the gradient of sum(conv(x)^2 * w) with respect to x, differentiated again
    Tensor w = random(5, 2, 2, 4, 2);
    GradientCheck.Result r =
        GradientCheck.check(
            xi -> {
              try (GradientTape inner = new GradientTape()) {
                inner.watch(xi);
                Tensor l = c.apply(xi).square().mul(w).sum();
                return inner.gradient(l, List.of(xi)).get(0);
              }
            },
            x);
    assertTrue(r.passed(1e-5), r.report(1e-5));
  }

  @Test
  void badInput() {
    Utils.clearSession();
    Conv2D c = new Conv2D(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.apply(Tensor.zeros(Shape.of(2, 28, 28), DType.FLOAT32)));
    assertEquals(
        "Input 0 of layer \"conv2d\" is incompatible with the layer: expected min_ndim=4,"
            + " found ndim=3. Full shape received: (2, 28, 28)",
        e.getMessage());
    assertTrue(c.variables().isEmpty());
    c.apply(Tensor.zeros(Shape.of(1, 5, 5, 1), DType.FLOAT32));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.apply(Tensor.zeros(Shape.of(1, 5, 5, 3), DType.FLOAT32)));
    assertTrue(
        e.getMessage().contains("expected axis -1 of input shape to have value 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.apply(Tensor.zeros(Shape.of(1, 2, 2, 1), DType.FLOAT32)));
    assertTrue(e.getMessage().contains("<= 0 due to downsampling"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> c.apply(Tensor.zeros(Shape.of(1, 5, 5, 1), DType.BOOL)));
    assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
    assertThrows(IllegalArgumentException.class, () -> Conv2D.builder(1, 3).strides(1, 2, 3));
  }

  @Test
  void checkpointAndSummary() {
    Utils.clearSession();
    Conv2D c = Conv2D.builder(3, 2).inputShape(4, 4, 2).build();
    Tensor x = random(8, 1, 4, 4, 2).cast(DType.FLOAT32);
    LayerChecks.checkpointRoundTrip(dir, c, () -> new Conv2D(3, 2), x);
    Utils.clearSession();
    Sequential m =
        new Sequential(
            Conv2D.builder(32, 3).activation(Activation.RELU).inputShape(28, 28, 1).build(),
            new Flatten(),
            new Dense(10));
    String s = m.summary();
    assertTrue(s.contains(" conv2d (Conv2D)             (None, 26, 26, 32)        320       "), s);
    assertTrue(s.contains(" flatten (Flatten)           (None, 21632)             0         "), s);
  }
}
