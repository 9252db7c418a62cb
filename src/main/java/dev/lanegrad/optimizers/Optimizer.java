package dev.lanegrad.optimizers;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Updates variables from their gradients, as a Keras optimizer's {@code apply_gradients}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1);
 * Variable w = Variable.of(5f);
 * GradientTape tape = new GradientTape();
 * Tensor loss;
 * try (tape) { loss = w.square(); }
 * opt.applyGradients(List.of(tape.gradient(loss, w)), List.of(w));   // w = 5 - 0.1 * 10 = 4
 * }</pre>
 *
 * <p>Each variable's update is one fused loop over its array, in place unless a snapshot or a tape
 * shares that array (then the variable first adopts a copy, so recorded values never change).
 * The arithmetic is the variable's dtype's (float32 for float32 variables, as TF computes it).
 * The optimizer keeps its per-variable state (momentum, Adam's moments) keyed by variable
 * identity. Not thread-safe: one thread steps an optimizer at a time.
 */
public abstract class Optimizer {
  private final String name;
  private final double learningRate;
  private long iterations;

  /**
   * An optimizer with a fixed learning rate.
   *
   * @param name for messages ({@code "SGD"})
   * @param learningRate the step size, {@code >= 0}
   * @throws IllegalArgumentException for a negative or non-finite learning rate
   */
  protected Optimizer(String name, double learningRate) {
    this.name = name;
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          name + ": learningRate must be a finite number >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /**
   * Applies one step: each variable with a non-null gradient is updated; a {@code null} gradient
   * leaves its variable alone, as TF does. {@link #iterations()} then grows by one. Every argument
   * is checked before any variable changes.
   *
   * @throws IllegalArgumentException for lists of different sizes, a null list or variable, every
   *     gradient null (or no variables), a non-float variable, or a gradient whose dtype or shape
   *     differs from its variable's; nothing is then changed
   */
  public void applyGradients(List<? extends Tensor> gradients, List<Variable> variables) {
    String what = name + ".applyGradients";
    if (gradients == null || variables == null) {
      throw new IllegalArgumentException(what + ": gradients and variables must not be null");
    }
    if (gradients.size() != variables.size()) {
      throw new IllegalArgumentException(
          what + ": got " + gradients.size() + " gradients for " + variables.size()
              + " variables; the lists must have the same size");
    }
    boolean any = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable v = variables.get(i);
      if (v == null) {
        throw new IllegalArgumentException(what + ": variable " + i + " is null");
      }
      names.add(v.name());
      Tensor g = gradients.get(i);
      if (g == null) {
        continue;
      }
      if (!v.dtype().isFloating()) {
        throw new IllegalArgumentException(
            what + ": variable '" + v.name() + "' has dtype " + v.dtype()
                + "; only float32 and float64 variables can be optimized");
      }
      if (g.dtype() != v.dtype() || !g.shape().equals(v.shape())) {
        throw new IllegalArgumentException(
            what + ": gradient " + i + " (shape " + g.shape() + ", dtype " + g.dtype()
                + ") does not match variable '" + v.name() + "' (shape " + v.shape() + ", dtype "
                + v.dtype() + ")");
      }
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException(
          what + ": No gradients provided for any variable: " + names);
    }
    long step = iterations + 1;
    for (int i = 0; i < variables.size(); i++) {
      Tensor g = gradients.get(i);
      if (g != null) {
        update(variables.get(i), g, step);
      }
    }
    iterations = step;
  }

  /**
   * Computes {@code loss} under a tape and applies its gradients to {@code variables}, as Keras's
   * {@code minimize}: {@code opt.minimize(() -> w.square(), List.of(w))}.
   *
   * @return the loss before the step
   */
  public Tensor minimize(Supplier<Tensor> loss, List<Variable> variables) {
    if (loss == null || variables == null) {
      throw new IllegalArgumentException(name + ".minimize: loss and variables must not be null");
    }
    Tensor value;
    GradientTape tape = new GradientTape();
    try (tape) {
      value = loss.get();
    }
    if (value == null) {
      throw new IllegalArgumentException(name + ".minimize: the loss function returned null");
    }
    applyGradients(tape.gradient(value, variables), variables);
    return value;
  }

  /**
   * Updates one variable. Called with arguments already checked: {@code gradient} has the
   * variable's dtype (float32 or float64) and shape; {@code step} is {@link #iterations()} + 1.
   */
  protected abstract void update(Variable variable, Tensor gradient, long step);

  /** The number of steps applied so far. */
  public long iterations() {
    return iterations;
  }

  /** The learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The optimizer's name, {@code "SGD"} or {@code "Adam"}. */
  public String name() {
    return name;
  }
}
