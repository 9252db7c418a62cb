package dev.lanegrad.examples;

import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.GRU;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.nio.file.Path;

/**
 * A GRU reads each Fashion-MNIST image as a sequence of its 28 rows (28 pixels each) and a Dense
 * layer classifies its last state; Adam with a cosine decay from 0.001 to 0 over the epochs, batch
 * 64. The Fashion-MNIST benchmark lists 0.888-0.897 for GRU models.
 *
 * <p>{@code ./mvnw -q test-compile exec:exec@demo -Ddemo.main=dev.lanegrad.examples.FashionRnn}
 * (needs {@code apt-get install dataset-fashion-mnist}).
 */
public final class FashionRnn {
  private FashionRnn() {}

  public static void main(String[] args) {
    Path dir = Fashion.dataDir();
    if (dir == null) {
      return;
    }
    Utils.setRandomSeed(42);
    int epochs = Integer.getInteger("lanegrad.fashion.epochs", 10);
    int units = Integer.getInteger("lanegrad.fashion.units", 128);
    Fashion.Data data = Fashion.load(dir);
    System.out.println("FashionRnn: GRU(" + units + ") over 28 rows of 28 pixels -> Dense(10)");
    Sequential model = new Sequential(GRU.builder(units).inputShape(28, 28).build(), new Dense(10));
    int batch = 64;
    Fashion.run(
        "fashion-rnn", model, Fashion.adamCosine(0.001, data, epochs, batch), data, epochs, batch);
  }
}
