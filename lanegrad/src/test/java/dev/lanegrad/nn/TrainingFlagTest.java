package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training flag (Keras's {@code training=} argument, keras/src/engine/base_layer.py {@code
 * _set_training_mode}: an explicit value wins, else the outer call's, else false), {@link
 * Layer#losses()} and the regularization term that {@code fit} adds.
 */
class TrainingFlagTest {
  /** Records the flag of each call; outputs x, or x + 1 when training. */
  static final class Spy extends Layer {
    final List<Boolean> seen = new ArrayList<>();

    @Override
    protected Tensor call(Tensor x) {
      return call(x, false);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
      seen.add(training);
      return training ? x.add(1.0) : x;
    }
  }

  /** A subclassed model whose call applies a child without passing the flag. */
  static final class Wrapper extends Model {
    final Spy inner = new Spy();

    @Override
    protected Tensor call(Tensor x) {
      return inner.apply(x);
    }
  }

  @Test
  void applyDefaultsToInferenceAndPassesTheFlag() {
    Spy s = new Spy();
    Tensor x = Tensor.of(new float[][] {{1, 2}});
    assertEquals(1f, s.apply(x).toFloatArray()[0]);
    assertEquals(2f, s.apply(x, true).toFloatArray()[0]);
    assertEquals(1f, s.apply(x, false).toFloatArray()[0]);
    assertEquals(List.of(false, true, false), s.seen);
  }

  @Test
  void nestedLayersInheritTheOuterFlag() {
    Wrapper w = new Wrapper();
    Tensor x = Tensor.of(new float[][] {{1}});
    w.apply(x, true);
    w.apply(x);
    w.apply(x, false);
    assertEquals(List.of(true, false, false), w.inner.seen);
    // after the outer call the thread holds no flag: a top-level apply infers again
    Spy other = new Spy();
    other.apply(x);
    assertEquals(List.of(false), other.seen);
  }

  @Test
  void sequentialPassesTheFlagToEveryLayer() {
    Spy a = new Spy();
    Spy b = new Spy();
    Sequential m = new Sequential(a, b);
    Tensor y = m.apply(Tensor.of(new float[][] {{0}}), true);
    assertEquals(2f, y.floatValue());
    assertEquals(List.of(true), a.seen);
    assertEquals(List.of(true), b.seen);
  }

  @Test
  void fitTrainsEvaluateAndPredictInfer() {
    Spy spy = new Spy();
    Sequential m =
        new Sequential(
            Dense.builder(1).kernelInitializer(Initializers.ones()).inputShape(1).build(), spy);
    m.compile(new SGD(0.0), Losses::meanSquaredError);
    Tensor x = Tensor.of(new float[][] {{1}, {2}, {3}, {4}});
    Tensor y = Tensor.of(new float[][] {{1}, {2}, {3}, {4}});
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    History h =
        m.fit(
            x,
            y,
            FitOptions.builder()
                .epochs(1)
                .batchSize(4)
                .shuffle(false)
                .output(new PrintStream(sink))
                .build());
    // training adds 1 to every prediction: mse = 1; evaluate and predict see the identity
    assertEquals(1.0, h.get("loss").get(0), 1e-6);
    assertEquals(0.0, m.evaluate(x, y).get("loss"), 1e-6);
    assertEquals(4f, m.predict(x).toFloatArray()[3]);
    assertEquals(List.of(true, false, false), spy.seen);
  }

  @Test
  void regularizationLossesAreRecomputedAndAddedByFit() {
    Dense d =
        Dense.builder(1)
            .kernelInitializer(Initializers.constant(new float[] {2, -3}))
            .biasInitializer(Initializers.constant(0.5f))
            .kernelRegularizer(Regularizers.l1l2(0.1, 0.01))
            .biasRegularizer(Regularizers.l2(1.0))
            .inputShape(2)
            .build();
    // l1l2: 0.1 * (2 + 3) + 0.01 * (4 + 9) = 0.63; bias: 1.0 * 0.25
    List<Tensor> losses = d.losses();
    assertEquals(2, losses.size());
    assertEquals(0.63, losses.get(0).doubleValue(), 1e-6);
    assertEquals(0.25, losses.get(1).doubleValue(), 1e-6);
    d.kernel().assign(new float[][] {{1}, {0}});
    assertEquals(0.11, d.losses().get(0).doubleValue(), 1e-6, "recomputed from the new value");

    // differentiable under a tape: d/dk (0.1 |k| + 0.01 k^2) = 0.1 sign(k) + 0.02 k
    try (GradientTape tape = new GradientTape()) {
      Tensor l = d.losses().get(0);
      float[] g = tape.gradient(l, List.of(d.kernel())).get(0).toFloatArray();
      assertEquals(0.12f, g[0], 1e-6f);
      assertEquals(0f, g[1], 1e-6f);
    }

    // a model holds its layers' losses; fit reports and minimises data loss + penalties
    Sequential m = new Sequential(d);
    assertEquals(2, m.losses().size());
    m.compile(new SGD(0.0), Losses::meanSquaredError);
    Tensor x = Tensor.of(new float[][] {{1, 1}});
    Tensor y = Tensor.of(new float[][] {{1.5f}}); // prediction 1 + 0 + 0.5 = 1.5: data loss 0
    History h =
        m.fit(
            x,
            y,
            FitOptions.builder()
                .epochs(1)
                .batchSize(1)
                .verbose(0)
                .output(new PrintStream(new ByteArrayOutputStream()))
                .build());
    assertEquals(0.11 + 0.25, h.get("loss").get(0), 1e-6);
    assertEquals(0.11 + 0.25, m.evaluate(x, y).get("loss"), 1e-6);

    // one SGD step of lr 0.5 on the penalty alone: k0 = 1 - 0.5 * 0.12, b = 0.5 - 0.5 * (2 * 0.5)
    m.compile(new SGD(0.5), Losses::meanSquaredError);
    m.fit(
        x,
        y,
        FitOptions.builder()
            .epochs(1)
            .batchSize(1)
            .verbose(0)
            .output(new PrintStream(new ByteArrayOutputStream()))
            .build());
    assertEquals(0.94f, d.kernel().toFloatArray()[0], 1e-6f);
    Variable b = d.bias();
    assertEquals(0f, b.toFloatArray()[0], 1e-6f);
  }

  /** A layer that adds an activity penalty in call: replaced at each call, as Keras. */
  static final class Activity extends Layer {
    @Override
    protected Tensor call(Tensor x) {
      addLoss(x.square().sum().mul(0.5));
      return x;
    }
  }

  @Test
  void lossesAddedInCallLastOneCall() {
    Activity a = new Activity();
    a.apply(Tensor.of(new float[] {1, 2}));
    assertEquals(1, a.losses().size());
    assertEquals(2.5, a.losses().get(0).doubleValue(), 1e-6);
    a.apply(Tensor.of(new float[] {3}));
    assertEquals(1, a.losses().size());
    assertEquals(4.5, a.losses().get(0).doubleValue(), 1e-6);
    assertTrue(new Spy().losses().isEmpty());
  }
}
