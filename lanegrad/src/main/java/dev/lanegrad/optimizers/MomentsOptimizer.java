package dev.lanegrad.optimizers;

/** The Adam family's two decay rates and epsilon (Adam, AdamW, Adamax, Nadam), checked. */
abstract class MomentsOptimizer extends SlottedOptimizer {
  final double beta1;
  final double beta2;
  final double epsilon;

  MomentsOptimizer(String name, MomentsBuilder<?> b) {
    super(name, b);
    b.check();
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  /** The decay of the first moment. */
  public double beta1() {
    return beta1;
  }

  /** The decay of the second moment (Adamax: of the infinity norm). */
  public double beta2() {
    return beta2;
  }

  /** The constant added to the denominator. */
  public double epsilon() {
    return epsilon;
  }
}
