package dev.lanegrad.bench;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.BatchNormalization;
import dev.lanegrad.nn.Conv2D;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Dropout;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.GRU;
import dev.lanegrad.nn.LSTM;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.MaxPooling2D;
import dev.lanegrad.nn.Reshape;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import dev.lanegrad.optimizers.Adam;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the Fashion-MNIST example models, as {@code Model.fit} runs it (forward in
 * training mode under a tape, sparse softmax cross-entropy from logits, {@code tape.gradient},
 * Adam(0.001) {@code applyGradients}), beside bench/steps_torch.py (the same models in eager
 * PyTorch): {@code model} = {@code cnn}, FashionCnn's [Conv2D(32, 3, relu, SAME) -> BN ->
 * MaxPool(2)] -> [Conv2D(64, 3, relu) -> BN -> MaxPool(2)] -> Dropout(0.25) -> Dense(128, relu) ->
 * Dropout(0.5) -> Dense(10); {@code gru}, FashionRnn's GRU(128) over the 28 rows -> Dense(10);
 * {@code lstm}, the same with LSTM(128). Inputs: 16 seeded batches of synthetic {@code [batch, 28,
 * 28]} images and int32 labels (a step's time does not depend on the pixels). Examples/s = batch /
 * time; {@code bench/pair.sh step/} runs both sides interleaved and prints their ratio. {@code
 * step} is the eager tape step; {@code fit} the compiled model's {@code trainOnBatch}, fit's step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
public class FashionStepBench {
  static final int BATCHES = 16;

  /** One model, its optimizer and its batches. */
  @State(Scope.Thread)
  public static class Step {
    @Param({"cnn", "gru", "lstm"})
    public String model;

    @Param({"32", "128"})
    public int batch;

    Tensor[] xs;
    Tensor[] ys;
    int next;
    Sequential net;
    List<Variable> vars;
    Adam adam;
    Sequential fitNet;

    @Setup
    public void setup() {
      Utils.setRandomSeed(42);
      SplittableRandom r = new SplittableRandom(20261207);
      xs = new Tensor[BATCHES];
      ys = new Tensor[BATCHES];
      for (int i = 0; i < BATCHES; i++) {
        xs[i] = Tensor.randomNormal(Shape.of(batch, 28, 28), 100 + i);
        int[] labels = new int[batch];
        for (int j = 0; j < batch; j++) {
          labels[j] = r.nextInt(10);
        }
        ys[i] = Tensor.of(labels);
      }
      net = build(model);
      net.apply(xs[0], false);
      vars = net.trainableVariables();
      adam = new Adam(0.001);
      Utils.setRandomSeed(42);
      fitNet = build(model);
      fitNet.compile(new Adam(0.001), (y, p) -> Losses.sparseCategoricalCrossentropy(y, p, true));
      fitNet.apply(xs[0], false);
    }
  }

  /** The example's model (FashionCnn, FashionRnn; LSTM in place of the GRU for {@code lstm}). */
  static Sequential build(String model) {
    switch (model) {
      case "cnn":
        return new Sequential(
            Reshape.builder(28, 28, 1).inputShape(28, 28).build(),
            Conv2D.builder(32, 3).activation(Activation.RELU).padding(Padding.SAME).build(),
            new BatchNormalization(),
            new MaxPooling2D(2),
            Conv2D.builder(64, 3).activation(Activation.RELU).build(),
            new BatchNormalization(),
            new MaxPooling2D(2),
            new Dropout(0.25, 1),
            new Flatten(),
            new Dense(128, Activation.RELU),
            new Dropout(0.5, 2),
            new Dense(10));
      case "gru":
        return new Sequential(GRU.builder(128).inputShape(28, 28).build(), new Dense(10));
      case "lstm":
        return new Sequential(LSTM.builder(128).inputShape(28, 28).build(), new Dense(10));
      default:
        throw new IllegalArgumentException("FashionStepBench: unknown model " + model);
    }
  }

  @Benchmark
  public Tensor step(Step s) {
    Tensor xb = s.xs[s.next];
    Tensor yb = s.ys[s.next];
    s.next = (s.next + 1) % BATCHES;
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Losses.sparseCategoricalCrossentropy(yb, s.net.apply(xb, true), true);
    }
    s.adam.applyGradients(tape.gradient(loss, s.vars), s.vars);
    return loss;
  }

  /**
   * The same step as {@code Model.fit} runs it now: {@code trainOnBatch} (Keras's train_on_batch),
   * whose step is a {@link dev.lanegrad.StepFunction} (ops' result buffers reused call to call).
   */
  @Benchmark
  public double fit(Step s) {
    Tensor xb = s.xs[s.next];
    Tensor yb = s.ys[s.next];
    s.next = (s.next + 1) % BATCHES;
    return s.fitNet.trainOnBatch(xb, yb);
  }
}
