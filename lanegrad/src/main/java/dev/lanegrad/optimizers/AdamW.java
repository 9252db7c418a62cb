package dev.lanegrad.optimizers;

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
 * The slots and the update are {@link Adam}'s; the arithmetic is the variable's dtype's. {@code new
 * AdamW(0.001, 0.01)}.
 */
public class AdamW extends AdamBase {
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
    super("AdamW", b, b.amsgrad);
  }

  /**
   * A builder with Keras's defaults (weight decay 0.004): {@code
   * AdamW.builder().learningRate(1e-3).weightDecay(0.01).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** AdamW's options; {@link #build()} checks them. */
  public static final class Builder extends MomentsBuilder<Builder> {
    private boolean amsgrad;

    private Builder() {
      super("AdamW");
      weightDecay(0.004);
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
}
