package dev.lanegrad.optimizers;

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
public class Adam extends AdamBase {

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
    super("Adam", b, b.amsgrad);
  }

  /**
   * A builder with Keras's defaults (learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7):
   * {@code Adam.builder().learningRate(new CosineDecay(1e-3, 5000)).amsgrad(true).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Adam's options; {@link #build()} checks them. */
  public static final class Builder extends MomentsBuilder<Builder> {
    private boolean amsgrad;

    private Builder() {
      super("Adam");
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
}
