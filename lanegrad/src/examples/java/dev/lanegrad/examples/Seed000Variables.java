package dev.lanegrad.examples;

import dev.lanegrad.Complex;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Ops;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Utils;
import java.util.List;

/**
 * Seed notebook 000 ({@code 000_18db86599056efec.txt}) in Java: variables, calculus with a {@link
 * GradientTape}, a Dense layer's gradients, watching, control flow, and the {@code y = mx + b}
 * exercise. Run: {@code ./mvnw -q test-compile exec:exec@demo
 * -Ddemo.main=dev.lanegrad.examples.Seed000Variables}.
 */
public final class Seed000Variables {
  /** Seeds the Dense layer's Glorot-uniform kernel (the notebook's is random). */
  public static final long SEED = 0;

  private Seed000Variables() {}

  public static void main(String[] args) {
    Utils.clearSession(); // a fresh notebook kernel: the first Dense layer is "dense"
    // Let's make some variables
    Tensor myTensor = Tensor.of(new float[][] {{1.0f, 2.0f}, {3.0f, 4.0f}});
    Variable myVariable = Variable.of(myTensor);

    // Variables can be all kinds of types, just like tensors
    Variable boolVariable = Variable.of(new boolean[] {false, false, false, true});
    Variable complexVariable = Variable.of(new Complex[] {new Complex(5, 4), new Complex(6, 1)});

    // Change variables
    Variable a = Variable.of(new float[] {2.0f, 3.0f});
    // This will keep the same dtype, float32
    a.assign(new int[] {1, 2});
    // Not allowed as it resizes the variable:
    try {
      a.assign(new float[] {1.0f, 2.0f, 3.0f});
    } catch (IllegalArgumentException e) {
      System.out.println(Py.error(e));
    }

    // Delete a variable using Python lifespans (in Java: the garbage collector, once unreachable).
    Variable w = Variable.of(new float[] {1.0f, 2.0f, 3.0f});
    Variable b = Variable.of(2.0f);
    Tensor x = Tensor.of(new float[] {2.0f, 3.0f, 4.0f});

    Tensor y = w.mul(x).add(b); // Tensor([ 4.  8. 14.], shape=(3,), dtype=float32)
    w = null; // del(w): unreachable now, the collector frees it

    // Calculus
    Variable xv = Variable.of(new float[] {3.0f, 3.0f});

    // y = x ** 2
    y = xv.pow(2); // output [9.0, 9.0]

    System.out.println(y);

    xv = Variable.of(new float[] {3.0f, 3.0f});
    GradientTape tape = new GradientTape();
    try (tape) {
      y = xv.pow(2); // output [9.0, 9.0]
    }
    // dy = 2x * dx
    Tensor dyDx = tape.gradient(y, xv);
    System.out.println(Py.numpy(dyDx)); // output [6.0, 6.0]

    // Gradient tapes for a small model.
    Dense layer =
        Dense.builder(2)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(SEED))
            .build();
    x = Tensor.of(new float[][] {{1f, 2f, 3f}});

    Tensor loss;
    GradientTape tape2 = new GradientTape();
    try (tape2) {
      // Forward pass
      y = layer.apply(x);
      loss = Ops.reduceMean(y.pow(2));
    }
    // Calculate gradients with respect to every trainable variable
    List<Tensor> grad = tape2.gradient(loss, layer.trainableVariables());
    List<Variable> vars = layer.trainableVariables();
    for (int i = 0; i < vars.size(); i++) {
      System.out.println(vars.get(i).name() + ", shape: " + grad.get(i).shape());
    }

    // Gradients from intermediate values.
    x = Tensor.of(3.0f);
    Tensor r;
    Tensor z;
    GradientTape tape3 = new GradientTape();
    try (tape3) {
      tape3.watch(x);
      r = x.mul(x);
      z = r.mul(r);
    }
    // Use the tape to compute the gradient of z with respect to the
    // intermediate value r.
    // dz_dx = 2 * r, where r = x ** 2
    System.out.println(Py.numpy(tape3.gradient(z, r))); // 18

    x = Tensor.of(1.0f);
    Variable v0 = Variable.of(2.0f);
    Variable v1 = Variable.of(2.0f);
    Tensor result;
    GradientTape tape4 = new GradientTape(true);
    try (tape4) {
      tape4.watch(x);
      if (x.greater(0.0).booleanValue()) {
        result = v0;
      } else {
        result = v1.pow(2);
      }
    }
    List<Tensor> dv = tape4.gradient(result, List.of(v0, v1)); // 1.0, None
    System.out.println(dv.get(0) + " " + dv.get(1));

    // Lots more details, like: watching, stopping gradient computation, gradients of non-scalar
    // targets, Jacobians, 2nd order gradients.

    // ## Exercise: y = mx + b
    // Try writing a function, y = mx + b. Send some float tensors into it.
    Tensor theX = Tensor.of(2.0f);
    Tensor theM = Tensor.of(2.0f);
    Tensor theB = Tensor.of(4.0f);

    y = yeqmxb(theX, theM, theB);

    System.out.println(y);

    // Can you figure out the gradient?
    // ## Solution
    GradientTape tape5 = new GradientTape();
    try (tape5) {
      tape5.watch(theX);
      y = yeqmxb(theX, theM, theB);
    }
    System.out.println(tape5.gradient(y, List.of(theX)));

    // Now, find the gradient of y with respect to x!
    GradientTape tape6 = new GradientTape();
    try (tape6) {
      tape6.watch(theX);
      y = yeqmxb(theX, theB, theB);
    }
    System.out.println(tape6.gradient(y, theX));

    // Bonus: Why does this return `None` as a derivative? (It does not: x is watched, dy/dx = m.)
    Tensor anotherX = Tensor.of(40f);
    Tensor anotherM = Tensor.of(30f);
    Tensor anotherB = Tensor.of(20f);
    GradientTape tape7 = new GradientTape();
    try (tape7) {
      tape7.watch(anotherX);
      y = yeqmxb(anotherX, anotherM, anotherB);
    }
    System.out.println(tape7.gradient(y, List.of(anotherX)));
  }

  static Tensor yeqmxb(Tensor x, Tensor m, Tensor b) {
    return m.mul(x).add(b);
  }
}
