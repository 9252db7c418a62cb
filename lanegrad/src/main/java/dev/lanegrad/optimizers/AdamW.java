package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;

/**
 * Adam with decoupled weight decay, as Keras 2.15's {@code AdamW} (defaults {@code weightDecay =
 * 0.004, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7}, learning rate 0.001). Each step, at {@code t
 * = iterations + 1}, after any clipping:
 *
 * <pre>
 * w = w - w * weightDecay * lr
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m = m + (g - m) * (1 - beta1)
 * v = v + (g^2 - v) * (1 - beta2)
 * amsgrad: vhat = max(vhat, v), and vhat takes v's place below
 * w = w - (m * alpha) / (sqrt(v) + epsilon)
 * </pre>
 *
 * The slots are Adam's; the arithmetic is the variable's dtype's. {@code new AdamW(0.001, 0.01)}.
 */
public class AdamW extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;
  private final SlotStore slots;

  /** Keras's defaults: learning rate 0.001, weight decay 0.004. */
  public AdamW() {
    this(0.001, 0.004);
  }

  /**
   * Keras's default betas and epsilon.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate or weight decay
   */
  public AdamW(double learningRate, double weightDecay) {
    this(builder().learningRate(learningRate).weightDecay(weightDecay));
  }

  private AdamW(Builder b) {
    super("AdamW", b);
    Adam.checkBetas("AdamW", b.beta1, b.beta2, b.epsilon);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.amsgrad = b.amsgrad;
    this.slots = new SlotStore(new double[amsgrad ? 3 : 2]);
  }

  /**
   * A builder with Keras's defaults (weight decay 0.004): {@code
   * AdamW.builder().learningRate(1e-3).weightDecay(0.01).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** AdamW's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    private Builder() {
      super("AdamW", 0.001);
      weightDecay(0.004);
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
     * @throws IllegalArgumentException for a negative learning rate or weight decay, a beta outside
     *     [0, 1), or a negative or non-finite epsilon or option
     */
    @Override
    public AdamW build() {
      return new AdamW(this);
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
    // the decay ran before, in Optimizer.applyGradients, as Keras's base class runs it
    Adam.step(slots, variable, gradient, step, learningRate(), beta1, beta2, epsilon, amsgrad);
  }

  @Override
  public String toString() {
    return "AdamW(learningRate="
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
