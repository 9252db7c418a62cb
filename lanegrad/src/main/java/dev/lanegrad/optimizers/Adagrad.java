package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.List;

/**
 * Adagrad with Keras 2.15's formulas and defaults ({@code initialAccumulatorValue = 0.1, epsilon =
 * 1e-7}, learning rate 0.001):
 *
 * <pre>
 * accumulator = accumulator + g^2
 * w = w - lr * g / sqrt(accumulator + epsilon)
 * </pre>
 *
 * The {@code accumulator} slot starts at {@code initialAccumulatorValue}; the arithmetic is the
 * variable's dtype's. From {@code w = 1}, {@code g = 1}, lr 0.1: {@code w = 1 - 0.1 / sqrt(1.1)}.
 */
public class Adagrad extends SlottedOptimizer {
  private final double initialAccumulatorValue;
  private final double epsilon;

  /** Keras's defaults: learning rate 0.001. */
  public Adagrad() {
    this(0.001);
  }

  /** Keras's defaults with this rate. @throws IllegalArgumentException for a negative rate */
  public Adagrad(double learningRate) {
    this(builder().learningRate(learningRate));
  }

  private Adagrad(Builder b) {
    super("Adagrad", b);
    if (!(b.initialAccumulatorValue >= 0) || Double.isInfinite(b.initialAccumulatorValue)) {
      throw new IllegalArgumentException(
          "Adagrad: initialAccumulatorValue must be a finite number >= 0, got "
              + b.initialAccumulatorValue);
    }
    if (!(b.epsilon >= 0) || Double.isInfinite(b.epsilon)) {
      throw new IllegalArgumentException(
          "Adagrad: epsilon must be a finite number >= 0, got " + b.epsilon);
    }
    this.initialAccumulatorValue = b.initialAccumulatorValue;
    this.epsilon = b.epsilon;
  }

  /** A builder with Keras's defaults: {@code Adagrad.builder().learningRate(0.01).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adagrad's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    private Builder() {
      super("Adagrad", 0.001);
    }

    /** The accumulators' starting value, {@code >= 0}. */
    public Builder initialAccumulatorValue(double initialAccumulatorValue) {
      this.initialAccumulatorValue = initialAccumulatorValue;
      return this;
    }

    /** The constant added under the square root, {@code >= 0}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative or non-finite rate, value or option
     */
    @Override
    public Adagrad build() {
      return new Adagrad(this);
    }
  }

  /** The accumulators' starting value. */
  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  /** The constant added under the square root. */
  public double epsilon() {
    return epsilon;
  }

  /** {@code [accumulator]}, Keras's slot name. */
  @Override
  public List<String> slotNames() {
    return List.of("accumulator");
  }

  @Override
  double initialSlotValue(int index) {
    return initialAccumulatorValue;
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    if (w instanceof float[] wf) {
      Object[] s = slots().arrays(variable, wf.length, true);
      UpdateKernels.get()
          .adagradF32(
              wf,
              (float[]) g,
              (float[]) s[0],
              (float[]) next,
              (float) learningRate(),
              (float) epsilon);
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots().arrays(variable, wd.length, false);
      UpdateKernels.get()
          .adagradF64(wd, (double[]) g, (double[]) s[0], (double[]) next, learningRate(), epsilon);
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "Adagrad(learningRate="
        + learningRateString()
        + ", initialAccumulatorValue="
        + initialAccumulatorValue
        + ", epsilon="
        + epsilon
        + commonOptionsString()
        + ")";
  }
}
