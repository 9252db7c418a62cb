package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential models as tf.keras builds them (ahead with an input shape, through nested stacks, at
 * the first call without one), and the metrics fit reports as float32 means. The expected values
 * are TF's and Keras's (docstrings, guides, kernels, gradient functions); each test names its
 * source.
 */
class ModelSemanticsTest {

  /**
   * tf.keras: {@code Sequential([Dense(4, input_shape=(3,)), Dense(2)])} builds every layer as it
   * is added, so {@code model.summary()} and {@code count_params()} show 16 + 10 = 26 before any
   * call, and {@code model.variables} lists all four weights.
   */
  @Test
  void sequentialWithAnInputShapeBuildsEveryLayer() {
    Utils.clearSession();
    Sequential m = new Sequential(Dense.builder(4).inputShape(3).build(), new Dense(2));
    assertTrue(m.built());
    assertEquals(26, m.countParams());
    List<String> names = new ArrayList<>();
    for (Variable v : m.variables()) {
      names.add(v.name() + " " + v.shape());
    }
    assertEquals(
        List.of(
            "dense/kernel:0 (3, 4)",
            "dense/bias:0 (4,)",
            "dense_1/kernel:0 (4, 2)",
            "dense_1/bias:0 (2,)"),
        names);
    String summary = m.summary();
    assertTrue(
        summary.contains("dense_1 (Dense)")
            && summary.contains(" dense_1 (Dense)             (None, 2)                 10        ")
            && summary.contains("Total params: 26")
            && summary.contains("Trainable params: 26"),
        summary);

    // add() builds too, on the last layer's output: 26 + (2 * 5 + 5)
    m.add(new Dense(5));
    assertEquals(41, m.countParams());
    Tensor out = m.apply(Tensor.of(new float[][] {{1, 2, 3}}));
    assertArrayEquals(new int[] {1, 5}, out.shape().dims());
  }

  /** A stack inside a stack is built through, as Keras's nested Sequential models are. */
  @Test
  void nestedSequentialBuildsThrough() {
    Sequential inner = new Sequential(Dense.builder(4).inputShape(3).build(), new Dense(2));
    Sequential outer = new Sequential(inner, new Dense(5));
    assertEquals(16 + 10 + 15, outer.countParams());
    assertArrayEquals(
        new int[] {2, 5}, outer.apply(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)).shape().dims());
  }

  /** Without an input shape nothing is built until the first call (Keras: "not yet built"). */
  @Test
  void sequentialWithoutAnInputShapeWaitsForItsFirstCall() {
    Sequential m = new Sequential(new Dense(4), new Dense(2));
    assertEquals(0, m.countParams());
    m.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32));
    assertEquals(26, m.countParams());
  }

  /**
   * A layer built for another width is still added (the error waits for the call, which names both
   * shapes).
   */
  @Test
  void aMismatchedPrebuiltLayerIsReportedWhenCalled() {
    Sequential m =
        new Sequential(
            Dense.builder(2).inputShape(3).build(), Dense.builder(1).inputShape(5).build());
    assertEquals(8 + 6, m.countParams());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32)));
    assertTrue(
        e.getMessage().contains("expected axis -1 of input shape to have value 5"), e.getMessage());
  }

  /**
   * Keras's loss and accuracy metrics are float32 Means: accuracy 2 of 3 is 0.6666667f
   * (0.6666666865348816 as a Python float), the loss is (l * 3) / 3 in float32.
   */
  @Test
  void kerasMetricsAreFloat32Means() {
    Sequential m =
        new Sequential(
            Dense.builder(2)
                .inputShape(1)
                .kernelInitializer(dev.lanegrad.nn.Initializers.constant(new float[] {1, -1}))
                .build());
    m.compile(
        new dev.lanegrad.optimizers.SGD(0.1),
        Losses.sparseCategoricalCrossentropy(true),
        "accuracy");
    Tensor x = Tensor.of(new float[][] {{1}, {2}, {-1}});
    Tensor y = Tensor.of(new int[] {0, 0, 0}); // logits [1, -1], [2, -2], [-1, 1]: 2 right
    java.util.Map<String, Double> r = m.evaluate(x, y);
    assertEquals(0.6666666865348816, r.get("accuracy"), 0.0);
    float l = Losses.sparseCategoricalCrossentropy(y, m.apply(x), true).floatValue();
    assertEquals((double) (l * 3f / 3f), r.get("loss"), 0.0);
  }
}
