package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's {@code activity_regularizer}: each call adds {@code regularizer(output) / batch} to the
 * layer's losses (tf_keras/engine/base_layer.py, {@code _handle_activity_regularization}), which
 * fit minimises with the data loss and evaluate reports; the value of tf_keras/regularizers.py's
 * docstring, a training step against the same step written with a tape, saving and loading.
 */
class ActivityRegularizerTest {
  @TempDir Path dir;

  @Test
  void kerasDocstringValue() {
    // tf_keras/regularizers.py: Dense(5, kernel_initializer='ones', activity_regularizer=L2(0.01))
    // on ones(5, 5) * 2: out = 10 everywhere, 0.01 * 25 * 100 / 5 = 5.0
    Dense layer =
        Dense.builder(5)
            .kernelInitializer(Initializers.ones())
            .activityRegularizer(Regularizers.l2(0.01))
            .build();
    layer.apply(Tensor.ones(Shape.of(5, 5), dev.lanegrad.DType.FLOAT32).mul(2.0));
    List<Tensor> losses = layer.losses();
    assertEquals(1, losses.size());
    assertEquals(5.0f, losses.get(0).floatValue(), 0f);
    // the next call's penalty replaces it: batch of 1, out = 5: 0.01 * 5 * 25 / 1
    layer.apply(Tensor.ones(Shape.of(1, 5), dev.lanegrad.DType.FLOAT32));
    assertEquals(1.25f, layer.losses().get(0).floatValue(), 1e-6f);
    assertNull(Dense.builder(2).build().activityRegularizer());
  }

  private static Sequential model(int seed) {
    return new Sequential(
        Dense.builder(4)
            .activation(Activation.TANH)
            .kernelInitializer(Initializers.glorotUniform(seed))
            .activityRegularizer(Regularizers.l1(0.05))
            .inputShape(3)
            .build(),
        Dense.builder(1).kernelInitializer(Initializers.glorotUniform(seed + 1)).build());
  }

  @Test
  void fitMinimisesItAndEvaluateReportsIt() {
    Tensor x = Tensor.randomUniform(Shape.of(8, 3), -1, 1, 5);
    Tensor y = Tensor.randomUniform(Shape.of(8, 1), -1, 1, 6);
    Sequential traced = model(11);
    traced.compile(new SGD(0.1), Losses::meanSquaredError);
    double stepLoss = traced.trainOnBatch(x, y);

    // the same step with a tape: mse + 0.05 * sum|h| / 8
    Sequential eager = model(11);
    Layer first = eager.layers().get(0);
    GradientTape tape = new GradientTape();
    Tensor l;
    try (tape) {
      Tensor h = first.apply(x, true);
      Tensor p = eager.layers().get(1).apply(h, true);
      l = Losses.meanSquaredError(y, p).mean().add(h.abs().sum().mul(0.05).div(8.0));
    }
    List<Variable> vars = eager.trainableVariables();
    new SGD(0.1).applyGradients(tape.gradient(l, vars), vars);
    assertEquals(l.doubleValue(), stepLoss, 1e-6);
    for (int k = 0; k < vars.size(); k++) {
      assertArrayClose(
          vars.get(k).toFloatArray(), traced.trainableVariables().get(k).toFloatArray());
    }
    // evaluate's loss holds the penalty of its own batch
    Tensor h = traced.layers().get(0).apply(x);
    double mse = Losses.meanSquaredError(y, traced.predict(x)).mean().doubleValue();
    double expected = mse + h.abs().sum().doubleValue() * 0.05 / 8;
    assertEquals(expected, traced.evaluate(x, y).get("loss"), 1e-5);
  }

  private static void assertArrayClose(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-6f, "at " + i);
    }
  }

  @Test
  void savedAndLoadedWithTheModel() {
    Tensor x = Tensor.randomUniform(Shape.of(2, 3), -1, 1, 9);
    Sequential s = model(3);
    s.compile(new SGD(0.1), Losses::meanSquaredError);
    Path f = dir.resolve("m.lanegrad");
    s.save(f);
    Layer d = ((Sequential) Model.load(f)).layers().get(0);
    assertNotNull(d.activityRegularizer());
    Tensor a = s.layers().get(0).apply(x);
    assertEquals(sumAbs(a) * 0.05f / 2, s.layers().get(0).losses().get(0).floatValue(), 1e-6f);
    d.apply(x);
    assertEquals(
        s.layers().get(0).losses().get(0).floatValue(), d.losses().get(0).floatValue(), 0f);

    // a layer of the common builder: Conv1D, penalty 0.5 * sum(y^2) / batch
    Sequential c =
        new Sequential(
            Conv1D.builder(2, 1)
                .kernelInitializer(Initializers.glorotUniform(4))
                .activityRegularizer(Regularizers.l2(0.5))
                .inputShape(5, 3)
                .build());
    c.compile(new SGD(0.1), Losses::meanSquaredError);
    Path g = dir.resolve("c.lanegrad");
    c.save(g);
    Layer conv = ((Sequential) Model.load(g)).layers().get(0);
    Tensor xc = Tensor.randomUniform(Shape.of(2, 5, 3), -1, 1, 10);
    Tensor yc = conv.apply(xc);
    assertEquals(
        yc.square().sum().floatValue() * 0.5f / 2, conv.losses().get(0).floatValue(), 1e-6f);
  }

  private static float sumAbs(Tensor t) {
    float s = 0;
    for (float v : t.toFloatArray()) {
      s += Math.abs(v);
    }
    return s;
  }
}
