package dev.lanegrad.examples;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed notebook 003 ({@code 003_60969199d99c989a.txt}, "Variables and Gradient Tape" by Jawad
 * Haider) in Java: variables as mutable state, gradient descent on {@code L(w) = w**2} with an SGD
 * optimizer, then the same loop by hand with {@code assign}, both loss curves plotted into a PNG.
 */
public final class Seed003Optimizer {
  private Seed003Optimizer() {}

  public static void main(String[] args) {
    // Tensorflow 2.0 Variables
    // This notebook will teach you about variables and how to build a basic computation graph.
    // We will perform gradient descent manually to optimize a simple function.
    // If you're familiar with Tensorflow 1.x, you will find this useful as an example to
    // demonstrate how we can do the same operations, but without sessions, initializers, etc.

    // First, what is the difference between mutable and immutable?
    // An immutable list (Python: a tuple). This should result in an error
    List<Integer> tuple = List.of(1, 2, 3);
    try {
      tuple.set(0, 5);
    } catch (UnsupportedOperationException e) {
      System.out.println(e.getClass().getSimpleName());
    }
    // A list is mutable
    List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
    list.set(0, 5);
    System.out.println(list);

    // Now Tensorflow variables
    Variable a = Variable.of(5.f);
    Variable b = Variable.of(3.f);
    System.out.println(a.mul(b));

    // Eager execution! No need for or variable initializer
    // Because it's a variable, it can be updated (here: a new tensor a + 1, named a)
    Tensor a1 = a.add(1);
    System.out.println(a1);

    // Variables and constants
    Tensor c = Tensor.of(4.f);
    System.out.println(a1.mul(b).add(c));

    // Let's demonstrate a simple optimization problem
    // L(w) = w**2
    Variable w = Variable.of(5.f);

    // Define an optimizer
    SGD optimizer = new SGD(0.1);

    // Store the losses (the notebook forgets to append to this list in its loop; we do, so that
    // the plot shows both curves)
    List<Double> losses = new ArrayList<>();

    // Perform gradient descent
    for (int i = 0; i < 50; i++) {
      Tensor g = getGrad(w);
      optimizer.applyGradients(List.of(g), List.of(w));
      losses.add(getLoss(w).doubleValue());
    }
    System.out.println("Final loss: " + Py.repr(getLoss(w).doubleValue()));

    // Let's do the same thing again, but manually
    w = Variable.of(5.f);

    // Store the losses
    List<Double> losses2 = new ArrayList<>();

    // Perform gradient descent
    for (int i = 0; i < 50; i++) {
      // This is doing: w = w - 0.1 * 2 * w
      // But we don't want to create a new Tensor
      w.assign(w.sub(w.mul(0.1 * 2))); // Python evaluates 0.1 * 2 first, as Java does
      losses2.add(w.pow(2).doubleValue());
    }
    // not printed by the notebook: the manual loop ends where the optimizer's did
    System.out.println("Final loss (manual): " + Py.repr(getLoss(w).doubleValue()));

    // plt.plot(losses, label="losses tf"); plt.plot(losses2, label="losses manual")
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    curves.put("losses tf", losses);
    curves.put("losses manual", losses2);
    Path png =
        Charts.writePng(
            Charts.outputDir().resolve("seed003-losses.png"),
            640,
            420,
            Charts.lines("L(w) = w² from w = 5, SGD(0.1)", "step", "loss", curves));
    System.out.println("Plot: " + png.toAbsolutePath());
  }

  // Now, let us define a loss function
  static Tensor getLoss(Tensor w) {
    return w.pow(2);
  }

  // Use "gradient tape" to record the gradients
  static Tensor getGrad(Variable w) {
    Tensor l;
    GradientTape tape = new GradientTape();
    try (tape) {
      l = getLoss(w);
    }
    // Get the gradient
    return tape.gradient(l, w);
  }
}
