package dev.lanegrad.optimizers.schedules;

/**
 * Exponential decay, as Keras's {@code ExponentialDecay}, in float32:
 *
 * <pre>
 * p = step / decaySteps            (floor(p) when staircase)
 * lr(step) = initialLearningRate * decayRate^p
 * </pre>
 *
 * {@code new ExponentialDecay(0.1, 100, 0.96, true)} gives 0.1 for steps 0-99, then 0.096.
 *
 * @param initialLearningRate the rate at step 0, {@code >= 0}
 * @param decaySteps the steps per factor of {@code decayRate}, {@code > 0}
 * @param decayRate the factor, {@code >= 0}
 * @param staircase decay in whole periods
 */
public record ExponentialDecay(
    double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
    implements LearningRateSchedule {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate, or {@code decaySteps <= 0}
   */
  public ExponentialDecay {
    String op = "ExponentialDecay";
    F32.nonNegative(op, "initialLearningRate", initialLearningRate);
    F32.positive(op, "decaySteps", decaySteps);
    F32.nonNegative(op, "decayRate", decayRate);
  }

  /** Continuous decay ({@code staircase = false}, Keras's default). */
  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  @Override
  public double at(long step) {
    float p = (float) step / (float) decaySteps;
    if (staircase) {
      p = F32.floor(p);
    }
    return (float) initialLearningRate * F32.pow((float) decayRate, p);
  }
}
