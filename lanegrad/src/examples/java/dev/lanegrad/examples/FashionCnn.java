package dev.lanegrad.examples;

import dev.lanegrad.Padding;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.ActivationLayer;
import dev.lanegrad.nn.BatchNormalization;
import dev.lanegrad.nn.Conv2D;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Dropout;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.MaxPooling2D;
import dev.lanegrad.nn.Reshape;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.nio.file.Path;

/**
 * A small convnet on Fashion-MNIST: two blocks of Conv2D (3x3, SAME, no bias), BatchNormalization,
 * ReLU and MaxPooling2D (32 then 64 filters), then Dropout, Dense(128, relu), Dropout and
 * Dense(10); Adam with a cosine decay of the learning rate from 0.001 to 0 over the 10 epochs,
 * batch 32. The Fashion-MNIST benchmark lists 0.916 for TF's 2-conv convnet and 0.934 for 2 Conv +
 * pooling + BN.
 *
 * <p>{@code ./mvnw -q test-compile exec:exec@demo -Ddemo.main=dev.lanegrad.examples.FashionCnn}
 * (needs {@code apt-get install dataset-fashion-mnist}).
 */
public final class FashionCnn {
  private FashionCnn() {}

  public static void main(String[] args) {
    Path dir = Fashion.dataDir();
    if (dir == null) {
      return;
    }
    Utils.setRandomSeed(42);
    int epochs = Integer.getInteger("lanegrad.fashion.epochs", 10);
    Fashion.Data data = Fashion.load(dir);
    System.out.println(
        "FashionCnn: [Conv2D(32, 3) -> BN -> ReLU -> MaxPool(2)] -> [Conv2D(64, 3) -> BN -> ReLU"
            + " -> MaxPool(2)] -> Dropout(0.25) -> Dense(128, relu) -> Dropout(0.5) -> Dense(10),"
            + " Adam(CosineDecay(0.001))");
    // BN between the convolution and its ReLU, as Keras's examples place it; the convolution's
    // bias would be cancelled by BN's centring, so it has none
    Sequential model =
        new Sequential(
            Reshape.builder(28, 28, 1).inputShape(28, 28).build(),
            Conv2D.builder(32, 3).padding(Padding.SAME).useBias(false).build(),
            new BatchNormalization(),
            new ActivationLayer(Activation.RELU),
            new MaxPooling2D(2),
            Conv2D.builder(64, 3).padding(Padding.SAME).useBias(false).build(),
            new BatchNormalization(),
            new ActivationLayer(Activation.RELU),
            new MaxPooling2D(2),
            new Dropout(0.25, 1),
            new Flatten(),
            new Dense(128, Activation.RELU),
            new Dropout(0.5, 2),
            new Dense(10));
    int batch = 32;
    Fashion.run(
        "fashion-cnn", model, Fashion.adamCosine(0.001, data, epochs, batch), data, epochs, batch);
  }
}
