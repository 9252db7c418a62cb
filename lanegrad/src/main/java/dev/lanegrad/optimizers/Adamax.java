package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.List;

/**
 * Adamax, Adam on the infinity norm, with Keras 2.15's formulas and defaults ({@code beta1 = 0.9,
 * beta2 = 0.999, epsilon = 1e-7}, learning rate 0.001), at step {@code t = iterations + 1}:
 *
 * <pre>
 * m = m + (g - m) * (1 - beta1)
 * u = max(beta2 * u, |g|)
 * w = w - (lr * m) / ((1 - beta1^t) * (u + epsilon))
 * </pre>
 *
 * The slots {@code m} and {@code u} start at zero; the arithmetic is the variable's dtype's. The
 * first step moves each weight by about {@code lr} against the sign of its gradient.
 */
public class Adamax extends MomentsOptimizer {

  /** Keras's defaults: learning rate 0.001. */
  public Adamax() {
    this(0.001);
  }

  /** Keras's defaults with this rate. @throws IllegalArgumentException for a negative rate */
  public Adamax(double learningRate) {
    this(builder().learningRate(learningRate));
  }

  private Adamax(Builder b) {
    super("Adamax", b);
  }

  /** A builder with Keras's defaults: {@code Adamax.builder().learningRate(0.002).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adamax's options; {@link #build()} checks them. */
  public static final class Builder extends MomentsBuilder<Builder> {
    private Builder() {
      super("Adamax");
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
     *     negative or non-finite epsilon or option
     */
    @Override
    public Adamax build() {
      return new Adamax(this);
    }
  }

  /** {@code [m, u]}, Keras's slot names. */
  @Override
  public List<String> slotNames() {
    return List.of("m", "u");
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    if (w instanceof float[] wf) {
      Object[] s = slots().arrays(variable, wf.length, true);
      float b1p = (float) StrictMath.pow((float) beta1, (float) step);
      UpdateKernels.get()
          .adamaxF32(
              wf,
              (float[]) g,
              (float[]) s[0],
              (float[]) s[1],
              (float[]) next,
              (float) learningRate(),
              (float) (1 - beta1), // Keras writes (1 - self.beta_1) with Python numbers
              (float) beta2,
              (float) epsilon,
              1f - b1p);
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots().arrays(variable, wd.length, false);
      double b1p = StrictMath.pow(beta1, step);
      UpdateKernels.get()
          .adamaxF64(
              wd,
              (double[]) g,
              (double[]) s[0],
              (double[]) s[1],
              (double[]) next,
              learningRate(),
              1 - beta1,
              beta2,
              epsilon,
              1 - b1p);
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "Adamax(learningRate="
        + learningRateString()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + commonOptionsString()
        + ")";
  }
}
