package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code model.summary()} as Keras 2.15 prints it (keras/src/utils/layer_utils.py print_summary):
 * the text below is what TF 2.15 prints for the "Basic classification" tutorial's model, trailing
 * spaces included.
 */
class SummaryTest {
  @Test
  void fashionMlpAsKerasPrintsIt() {
    Utils.clearSession();
    Sequential m =
        new Sequential(
            Flatten.builder().inputShape(28, 28).build(),
            new Dense(128, Activation.RELU),
            new Dense(10));
    String expected =
        String.join(
            "\n",
            "Model: \"sequential\"",
            "_________________________________________________________________",
            " Layer (type)                Output Shape              Param #   ",
            "=================================================================",
            " flatten (Flatten)           (None, 784)               0         ",
            "                                                                 ",
            " dense (Dense)               (None, 128)               100480    ",
            "                                                                 ",
            " dense_1 (Dense)             (None, 10)                1290      ",
            "                                                                 ",
            "=================================================================",
            "Total params: 101770 (397.54 KB)",
            "Trainable params: 101770 (397.54 KB)",
            "Non-trainable params: 0 (0.00 Byte)",
            "_________________________________________________________________",
            "");
    assertEquals(expected, m.summary());
  }

  @Test
  void builtByACallAndWrapped() {
    Utils.clearSession();
    Sequential m =
        new Sequential(
            "a_model_with_a_long_name", new Dense(3), new ActivationLayer(Activation.TANH));
    assertThrows(IllegalStateException.class, m::summary, "not built, as Keras refuses");
    m.apply(Tensor.of(new float[][] {{1, 2}}));
    String s = m.summary();
    assertTrue(s.contains(" dense (Dense)               (None, 3)                 9         "), s);
    assertTrue(s.contains(" activation (Activation)     (None, 3)                 0         "), s);
    assertEquals("1.12", Summary.readable(1.125).split(" ")[0], "Python rounds half to even");
    assertEquals("1.00 KB", Summary.readable(1024));
  }
}
