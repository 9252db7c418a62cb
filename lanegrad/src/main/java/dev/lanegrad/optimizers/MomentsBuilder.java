package dev.lanegrad.optimizers;

/**
 * The options of the Adam family (Adam, AdamW, Adamax, Nadam): two decay rates and an epsilon, with
 * Keras's defaults 0.9, 0.999 and 1e-7.
 *
 * @param <B> the concrete builder
 */
abstract class MomentsBuilder<B extends MomentsBuilder<B>> extends Optimizer.Builder<B> {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-7;

  MomentsBuilder(String optimizer) {
    super(optimizer, 0.001);
  }

  /** The decay of the first moment, in [0, 1); Keras's default 0.9. */
  public B beta1(double beta1) {
    this.beta1 = beta1;
    return me();
  }

  /** The decay of the second moment (Adamax: of the infinity norm), in [0, 1); default 0.999. */
  public B beta2(double beta2) {
    this.beta2 = beta2;
    return me();
  }

  /** The constant added to the denominator, {@code >= 0}; Keras's default 1e-7. */
  public B epsilon(double epsilon) {
    this.epsilon = epsilon;
    return me();
  }

  @SuppressWarnings("unchecked")
  private B me() {
    return (B) this;
  }

  /**
   * Checks the betas and epsilon, naming the optimizer.
   *
   * @throws IllegalArgumentException for a beta outside [0, 1) or a negative or infinite epsilon
   */
  void check() {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          optimizer
              + ": beta1 and beta2 must be in [0, 1), got beta1="
              + beta1
              + ", beta2="
              + beta2);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          optimizer + ": epsilon must be a finite number >= 0, got " + epsilon);
    }
  }
}
