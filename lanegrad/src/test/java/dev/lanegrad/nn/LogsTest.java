package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.Tensor;
import dev.lanegrad.optimizers.SGD;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metric values print as Keras's progress bar prints them; the values keep every digit. */
class LogsTest {

  @Test
  void printsFourDecimalsAndKeepsTheFullValue() {
    Logs logs = new Logs();
    logs.put("loss", 0.12345678);
    logs.put("accuracy", (double) 0.9f); // 0.8999999761581421, a float32 mean widened
    logs.put("lr", 1.5e-5);
    logs.put("zero", 0.0);
    // Keras 2 Progbar: f" {value:.4f}" when abs(value) > 1e-3, else f" {value:.4e}"
    assertEquals("{loss=0.1235, accuracy=0.9000, lr=1.5000e-05, zero=0.0000}", logs.toString());
    assertEquals(0.8999999761581421, logs.get("accuracy"));
  }

  @Test
  void evaluateAndHistoryPrintRounded() {
    Utils.clearSession();
    Tensor x = Tensor.of(new float[][] {{0}, {1}, {2}, {3}, {4}});
    Tensor y = Tensor.of(new float[][] {{0}, {1}, {0}, {1}, {1}});
    Sequential model =
        new Sequential(
            Dense.builder(1)
                .inputShape(1)
                .kernelInitializer(Initializers.constant(0))
                .activation(Activation.SIGMOID)
                .build());
    model.compile(new SGD(0.0), Losses::binaryCrossentropy, "accuracy");
    // weights 0: every prediction is 0.5, so loss = ln 2; Keras's binary accuracy counts
    // y_pred > 0.5 as class 1, so all five predict 0 and two of five are right: 0.4 in float32
    Map<String, Double> m = model.evaluate(x, y);
    assertEquals("{loss=0.6931, accuracy=0.4000}", m.toString());
    assertEquals((double) 0.4f, m.get("accuracy"));
    History h =
        model.fit(x, y, FitOptions.builder().epochs(2).batchSize(5).verbose(0).seed(1L).build());
    assertEquals(
        "History{epochs=2, loss=[0.6931, 0.6931], accuracy=[0.4000, 0.4000]}", h.toString());
    assertEquals((double) 0.4f, h.get("accuracy").get(0));
  }
}
