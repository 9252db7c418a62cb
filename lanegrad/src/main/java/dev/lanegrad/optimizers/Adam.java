package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.List;

/**
 * Adam with Keras's formulas and defaults ({@code beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7,
 * amsgrad = false}), at step {@code t = iterations + 1}:
 *
 * <pre>
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m = m + (g - m) * (1 - beta1)
 * v = v + (g^2 - v) * (1 - beta2)
 * amsgrad: vhat = max(vhat, v), and vhat takes v's place below
 * w = w - (m * alpha) / (sqrt(v) + epsilon)
 * </pre>
 *
 * {@code m}, {@code v} (and {@code vhat}) start at zero; the arithmetic is the variable's dtype's.
 * The first step moves each weight by about {@code lr} against the sign of its gradient.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;
  private final SlotStore slots;

  /** Keras's defaults: learning rate 0.001. */
  public Adam() {
    this(0.001);
  }

  /** Keras's default betas and epsilon. @throws IllegalArgumentException for a negative rate */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /**
   * All hyper-parameters.
   *
   * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
   *     negative or non-finite epsilon
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this(builder().learningRate(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon));
  }

  private Adam(Builder b) {
    super("Adam", b);
    checkBetas("Adam", b.beta1, b.beta2, b.epsilon);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.amsgrad = b.amsgrad;
    this.slots = new SlotStore(new double[amsgrad ? 3 : 2]);
  }

  static void checkBetas(String name, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          name + ": beta1 and beta2 must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          name + ": epsilon must be a finite number >= 0, got " + epsilon);
    }
  }

  /**
   * A builder with Keras's defaults (learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7):
   * {@code Adam.builder().learningRate(new CosineDecay(1e-3, 5000)).amsgrad(true).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Adam's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    private Builder() {
      super("Adam", 0.001);
    }

    /** The decay of the first moment, in [0, 1). */
    public Builder beta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    /** The decay of the second moment, in [0, 1). */
    public Builder beta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    /** The constant added to {@code sqrt(v)}, {@code >= 0}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** AMSGrad: divide by the largest second moment so far (default false). */
    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
     *     negative or non-finite epsilon or option
     */
    @Override
    public Adam build() {
      return new Adam(this);
    }
  }

  /** The decay of the first moment. */
  public double beta1() {
    return beta1;
  }

  /** The decay of the second moment. */
  public double beta2() {
    return beta2;
  }

  /** The constant added to {@code sqrt(v)}. */
  public double epsilon() {
    return epsilon;
  }

  /** Whether AMSGrad's maximum of the second moments is used. */
  public boolean amsgrad() {
    return amsgrad;
  }

  /** {@code [m, v]}, and {@code vhat} with AMSGrad: Keras's slot names. */
  @Override
  public List<String> slotNames() {
    return amsgrad ? List.of("m", "v", "vhat") : List.of("m", "v");
  }

  @Override
  protected Object slotArray(Variable variable, int index) {
    return slots.get(variable, index);
  }

  @Override
  protected void setSlotArray(Variable variable, int index, Object array) {
    slots.set(variable, index, array);
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    step(slots, variable, gradient, step, learningRate(), beta1, beta2, epsilon, amsgrad);
  }

  /** Adam's update (also AdamW's, after its weight decay). */
  static void step(
      SlotStore slots,
      Variable variable,
      Tensor gradient,
      long step,
      double learningRate,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    UpdateKernels k = UpdateKernels.get();
    if (w instanceof float[] wf) {
      Object[] s = slots.arrays(variable, wf.length, true);
      // Keras casts beta and the step to the variable's dtype and takes the power there
      float b1p = (float) Math.pow((float) beta1, (float) step);
      float b2p = (float) Math.pow((float) beta2, (float) step);
      float alpha = (float) learningRate * (float) Math.sqrt(1f - b2p) / (1f - b1p);
      // Keras writes (1 - self.beta_1) with Python numbers: the difference is taken in double
      float c1 = (float) (1 - beta1);
      float c2 = (float) (1 - beta2);
      float[] m = (float[]) s[0];
      float[] v = (float[]) s[1];
      if (amsgrad) {
        k.adamAmsgradF32(
            wf, (float[]) g, m, v, (float[]) s[2], (float[]) next, alpha, c1, c2, (float) epsilon);
      } else {
        k.adamF32(wf, (float[]) g, m, v, (float[]) next, alpha, c1, c2, (float) epsilon);
      }
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots.arrays(variable, wd.length, false);
      double b1p = Math.pow(beta1, step);
      double b2p = Math.pow(beta2, step);
      double alpha = learningRate * Math.sqrt(1 - b2p) / (1 - b1p);
      double[] m = (double[]) s[0];
      double[] v = (double[]) s[1];
      if (amsgrad) {
        k.adamAmsgradF64(
            wd,
            (double[]) g,
            m,
            v,
            (double[]) s[2],
            (double[]) next,
            alpha,
            1 - beta1,
            1 - beta2,
            epsilon);
      } else {
        k.adamF64(wd, (double[]) g, m, v, (double[]) next, alpha, 1 - beta1, 1 - beta2, epsilon);
      }
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "Adam(learningRate="
        + learningRateString()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + (amsgrad ? ", amsgrad=true" : "")
        + commonOptionsString()
        + ")";
  }
}
