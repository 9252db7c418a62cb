package com.example.consumer;

import dev.lanegrad.Tensor;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.util.Map;

/** A two-layer network learns XOR with {@code compile}/{@code fit}, as a lanegrad user writes it. */
public final class Xor {
  private Xor() {}

  /** Trains on the four XOR points and returns the model's metrics on them. */
  public static Map<String, Double> train() {
    Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.of(new float[][] {{0}, {1}, {1}, {0}});
    Sequential model =
        new Sequential(
            Dense.builder(8)
                .activation(Activation.TANH)
                .inputShape(2)
                .kernelInitializer(Initializers.glorotUniform(1))
                .build(),
            Dense.builder(1)
                .activation(Activation.SIGMOID)
                .kernelInitializer(Initializers.glorotUniform(2))
                .build());
    model.compile(new Adam(0.05), Losses::binaryCrossentropy, "accuracy");
    History history =
        model.fit(x, y, FitOptions.builder().epochs(200).batchSize(4).seed(42L).verbose(0).build());
    System.out.println("trained " + history.epochs() + " epochs");
    return model.evaluate(x, y);
  }

  public static void main(String[] args) {
    System.out.println("Java " + Runtime.version().feature());
    Map<String, Double> m = train();
    System.out.printf("loss %.4f, accuracy %.2f%n", m.get("loss"), m.get("accuracy"));
  }
}
