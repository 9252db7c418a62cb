package dev.lanegrad.examples;

import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.nio.file.Path;

/**
 * TF's "Basic classification" tutorial on Fashion-MNIST: {@code Flatten(input_shape=(28, 28))},
 * {@code Dense(128, relu)}, {@code Dense(10)}, Adam, sparse categorical cross-entropy from logits,
 * 10 epochs of batch 32 (here with the learning rate on a cosine decay from 0.001 to 0 over the
 * epochs). The tutorial reports a test accuracy of about 0.88.
 *
 * <p>{@code ./mvnw -q test-compile exec:exec@demo -Ddemo.main=dev.lanegrad.examples.FashionMlp}
 * (needs {@code apt-get install dataset-fashion-mnist}; {@code
 * -Dlanegrad.fashion.dir=data/fashion-mnist-slice} runs on the committed slice).
 */
public final class FashionMlp {
  private FashionMlp() {}

  public static void main(String[] args) {
    Path dir = Fashion.dataDir();
    if (dir == null) {
      return;
    }
    Utils.setRandomSeed(42);
    int epochs = Integer.getInteger("lanegrad.fashion.epochs", 10);
    Fashion.Data data = Fashion.load(dir);
    System.out.println(
        "FashionMlp: Flatten -> Dense(128, relu) -> Dense(10), Adam(CosineDecay(0.001))");
    Sequential model =
        new Sequential(
            Flatten.builder().inputShape(28, 28).build(),
            new Dense(128, Activation.RELU),
            new Dense(10));
    int batch = 32;
    Fashion.run(
        "fashion-mlp", model, Fashion.adamCosine(0.001, data, epochs, batch), data, epochs, batch);
  }
}
