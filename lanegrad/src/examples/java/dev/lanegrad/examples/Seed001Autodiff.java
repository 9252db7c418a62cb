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
 * Seed notebook 001 ({@code 001_5f6ddc3a1506d1d3.txt}, TF's autodiff guide) in Java: gradients of
 * variables and of a matmul model, a Dense(relu) layer's gradients and weight names, trainable
 * variables against constants, {@code watch}, {@code watchAccessedVariables = false}, control flow.
 * A cell that shows a value prints it here. Random weights are seeded ({@link #SEED}).
 */
public final class Seed001Autodiff {
  /** Seed of {@code w = tf.random.normal((4, 2))} and of the Dense layer's kernel. */
  public static final long SEED = 1;

  private Seed001Autodiff() {}

  public static void main(String[] args) {
    Utils.clearSession(); // a fresh notebook kernel: the first Dense layer is "dense"
    // https://www.tensorflow.org/guide/autodiff
    // ### Computing gradients
    // To differentiate automatically, TensorFlow needs to remember what operations happen in what
    // order during the forward pass. Then, during the backward pass, TensorFlow traverses this
    // list of operations in reverse order to compute gradients.
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
    System.out.println(w);

    Variable b = Variable.of(Tensor.ones(Shape.of(2), DType.FLOAT32));
    System.out.println(b);

    x = Variable.builder(new float[][] {{10f, 20f, 30f, 40f}}).dtype(DType.FLOAT32).build();
    System.out.println(x);

    Tensor loss;
    GradientTape tape2 = new GradientTape(true);
    try (tape2) {
      y = Ops.matmul(x, w).add(b);
      loss = Ops.reduceMean(y.pow(2));
    }
    List<Tensor> dl = tape2.gradient(loss, List.of(w, b));
    Tensor dlDw = dl.get(0);
    Tensor dlDb = dl.get(1);

    // The gradient with respect to each source has the shape of the source
    System.out.println(dlDw);
    System.out.println(dlDb);

    Dense layer =
        Dense.builder(2)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(SEED))
            .build();
    Tensor xc = Tensor.of(new float[][] {{10f, 20f, 30f}});

    GradientTape tape3 = new GradientTape();
    try (tape3) {
      y = layer.apply(xc);
      loss = Ops.reduceSum(y.pow(2));
    }
    List<Tensor> grad = tape3.gradient(loss, layer.trainableVariables());
    System.out.println(grad);

    List<Variable> vars = layer.trainableVariables();
    for (int i = 0; i < vars.size(); i++) {
      System.out.println(vars.get(i).name() + ", shape: " + grad.get(i).shape());
    }

    // ### Gradients are calculated only with respect to trainable variables
    // Trainable variable, the value associated with this will be updated during the training
    // process
    Variable x1 = Variable.of(5.0f);
    System.out.println(x1);

    // Trainable has been explicitly set to false
    Variable x2 = Variable.builder(5.0f).trainable(false).build();
    System.out.println(x2);

    // Tensor, not a variable. Gradients are not calculated on Tensors
    Tensor x3 = Ops.add(x1, x2);
    System.out.println(x3);

    Tensor x4 = Tensor.of(5.0f);
    System.out.println(x4);

    GradientTape tape4 = new GradientTape();
    try (tape4) {
      y = x1.pow(2).add(x2.pow(2)).add(x3.pow(2)).add(x4.pow(2));
    }
    grad = tape4.gradient(y, List.of(x1, x2, x3, x4));
    System.out.println(grad);

    // ### Watch constants to calculate gradients with respect to them
    // tf.GradientTape provides hooks that give the user control over what is or is not watched.
    // To record gradients with respect to a tf.Tensor, you need to call GradientTape.watch(x)
    Tensor c1 = Tensor.of(5.0f);
    Variable v2 = Variable.of(3.0f);

    GradientTape tape5 = new GradientTape();
    try (tape5) {
      tape5.watch(c1);
      y = c1.pow(2).add(v2.pow(2));
    }
    System.out.println(tape5.gradient(y, List.of(c1, v2)));

    GradientTape tape6 = new GradientTape(false, false);
    try (tape6) {
      tape6.watch(c1);
      y = c1.pow(2).add(v2.pow(2));
    }
    System.out.println(tape6.gradient(y, List.of(c1, v2)));

    // ### Gradient tape records operations as they occur
    // Conditionals are naturally handled. The gradient only connects to the variable that was used.
    System.out.println(branch(1.0f));
    System.out.println(branch(-1.0f));

    Variable xa = Variable.of(2.f);
    Variable ya = Variable.of(3.f);
    Tensor dyDxa;
    GradientTape tape7 = new GradientTape();
    try (tape7) {
      Tensor z = ya.mul(ya);
      dyDxa = tape7.gradient(z, xa);
    }
    System.out.println(dyDxa);
  }

  /** {@code result = x1**2 if x > 0 else x2**2}, recorded on a persistent tape7. */
  static List<Tensor> branch(float value) {
    Tensor x = Tensor.of(value);
    Variable x1 = Variable.of(5.0f);
    Variable x2 = Variable.of(3.0f);
    Tensor result;
    GradientTape tape = new GradientTape(true);
    try (tape) {
      tape.watch(x);
      if (x.greater(0.0).booleanValue()) {
        result = x1.pow(2);
      } else {
        result = x2.pow(2);
      }
    }
    return tape.gradient(result, List.of(x1, x2));
  }
}
