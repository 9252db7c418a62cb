package dev.lanegrad.optimizers.schedules;

/**
 * Inverse time decay, as Keras's {@code InverseTimeDecay}, in float32:
 *
 * <pre>
 * p = step / decaySteps            (floor(p) when staircase)
 * lr(step) = initialLearningRate / (1 + decayRate * p)
 * </pre>
 *
 * {@code new InverseTimeDecay(0.1, 1, 0.5, false)} gives 0.1, 0.0667, 0.05, 0.04, ...
 *
 * @param initialLearningRate the rate at step 0, {@code >= 0}
 * @param decaySteps the steps per unit of {@code p}, {@code > 0}
 * @param decayRate the rate of decay, {@code >= 0}
 * @param staircase decay in whole periods
 */
public record InverseTimeDecay(
    double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
    implements LearningRateSchedule {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate, or {@code decaySteps <= 0}
   */
  public InverseTimeDecay {
    String op = "InverseTimeDecay";
    F32.nonNegative(op, "initialLearningRate", initialLearningRate);
    F32.positive(op, "decaySteps", decaySteps);
    F32.nonNegative(op, "decayRate", decayRate);
  }

  /** Continuous decay ({@code staircase = false}, Keras's default). */
  public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  @Override
  public double at(long step) {
    float p = (float) step / (float) decaySteps;
    if (staircase) {
      p = F32.floor(p);
    }
    return (float) initialLearningRate / (1f + (float) decayRate * p);
  }
}
