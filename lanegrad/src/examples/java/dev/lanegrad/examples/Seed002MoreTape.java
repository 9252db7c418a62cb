package dev.lanegrad.examples;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Utils;
import java.util.List;

/**
 * Seed notebook 002 ({@code 002_ac5949fb22126e0a.txt}) in Java: more GradientTape — a persistent
 * tape asked twice, a Dense(relu) layer, non-trainable variables and constants, forced watching,
 * {@code watchAccessedVariables = false}, branches. A cell that shows a value prints it here.
 */
public final class Seed002MoreTape {
  /** Seed of {@code w = tf.random.normal((4, 2))} and of the Dense layer's kernel. */
  public static final long SEED = 2;

  private Seed002MoreTape() {}

  public static void main(String[] args) {
    Utils.clearSession(); // a fresh notebook kernel: the first Dense layer is "dense"
    Variable x = Variable.of(4.0f);
    Tensor y;
    GradientTape tape = new GradientTape();
    try (tape) {
      y = x.pow(2);
    }
    System.out.println(y);

    Tensor dyDx = tape.gradient(y, x);
    System.out.println(dyDx);

    Variable w = Variable.of(Tensor.randomNormal(Shape.of(4, 2), SEED));
    Variable b = Variable.of(Tensor.ones(Shape.of(2), DType.FLOAT32));
    x = Variable.of(new float[][] {{10f, 20f, 30f, 40f}});

    Tensor loss;
    GradientTape tape2 = new GradientTape(true);
    try (tape2) {
      y = Ops.matmul(x, w).add(b);
      loss = Ops.reduceMean(y.pow(2));
    }
    List<Tensor> dl = tape2.gradient(loss, List.of(w, b));
    Tensor dlDw = dl.get(0);
    Tensor dlDb = dl.get(1);
    System.out.println(dlDw);
    System.out.println(dlDb);

    // the tape is persistent: ask it again, for y itself (summed over its elements)
    System.out.println(tape2.gradient(y, List.of(w, b)));

    Dense layer =
        Dense.builder(2)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(SEED))
            .build();
    Tensor xc = Tensor.of(new float[][] {{10f, 20f, 30f, 40f}});

    GradientTape tape3 = new GradientTape();
    try (tape3) {
      y = layer.apply(xc);
      loss = Ops.reduceSum(y.pow(2));
    }
    List<Tensor> grad = tape3.gradient(loss, layer.trainableVariables());
    System.out.println(grad);

    // Non-trainable variables and constants
    Variable x1 = Variable.of(4.0f);
    Variable x2 = Variable.builder(5.0f).trainable(false).build();

    Tensor x3 = Ops.add(x1, x2);
    System.out.println(x3);

    Tensor x4 = Tensor.of(5.0f);
    System.out.println(x4);

    GradientTape tape4 = new GradientTape();
    try (tape4) {
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    grad = tape4.gradient(y, List.of(x1, x2, x3, x4));
    // x2 is set to not trainable, x3 is therefore not trainable either, and x4 is a constant!
    System.out.println(grad);

    GradientTape tape5 = new GradientTape();
    try (tape5) {
      tape5.watch(x2); // Force the tape to watch
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    grad = tape5.gradient(y, List.of(x1, x2, x3, x4));
    System.out.println(grad);

    GradientTape tape6 = new GradientTape(false, false);
    try (tape6) {
      tape6.watch(x1);
      y = x1.pow(2).add(x2.pow(2));
      // Will only track x1, not x2
    }
    grad = tape6.gradient(y, List.of(x1, x2));
    System.out.println(grad);

    // Gradients handle branches and control flow
    Tensor xb = Tensor.of(1.0f);
    Variable v1 = Variable.of(5.0f);
    Variable v2 = Variable.of(6.0f);

    GradientTape tape7 = new GradientTape();
    try (tape7) {
      tape7.watch(xb);
      if (xb.greater(0).booleanValue()) {
        y = v1.pow(2);
      } else {
        y = v2.pow(2);
      }
    }
    grad = tape7.gradient(y, List.of(v1, v2));
    System.out.println(grad); // Knows that x1 is used, x2 is not

    xb = Tensor.of(-1.0f);
    GradientTape tape8 = new GradientTape();
    try (tape8) {
      tape8.watch(xb);
      if (xb.greater(0).booleanValue()) {
        y = v1.pow(2);
      } else {
        y = v2.pow(2);
      }
    }
    grad = tape8.gradient(y, List.of(v1, v2));
    System.out.println(grad); // Knows that x2 is used, x1 is not
  }
}
