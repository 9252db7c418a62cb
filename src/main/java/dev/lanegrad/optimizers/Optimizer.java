package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;

/** Updates variables from their gradients, as a Keras optimizer's {@code apply_gradients}. */
public abstract class Optimizer {
  /** Applies one step; a {@code null} gradient leaves its variable alone, as TF does. */
  public abstract void applyGradients(List<? extends Tensor> gradients, List<Variable> variables);

  /** The number of steps applied so far. */
  public abstract long iterations();

  /** The learning rate. */
  public abstract double learningRate();
}
