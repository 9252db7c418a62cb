package dev.lanegrad.optimizers.schedules;

/**
 * Polynomial decay from {@code initialLearningRate} to {@code endLearningRate} over {@code
 * decaySteps}, as Keras's {@code PolynomialDecay}, in float32:
 *
 * <pre>
 * without cycle: s = min(step, decaySteps);  d = decaySteps
 * with cycle:    s = step;  d = decaySteps * (step == 0 ? 1 : ceil(step / decaySteps))
 * lr(step) = (initialLearningRate - endLearningRate) * (1 - s / d)^power + endLearningRate
 * </pre>
 *
 * {@code new PolynomialDecay(0.1, 100, 0.01, 1, false)} falls linearly from 0.1 to 0.01 at step 100
 * and stays there.
 *
 * @param initialLearningRate the rate at step 0, {@code >= 0}
 * @param decaySteps the length of the decay, {@code > 0}
 * @param endLearningRate the rate at its end, {@code >= 0}
 * @param power the polynomial's power, finite
 * @param cycle restart the decay after each {@code decaySteps}, with a longer period
 */
public record PolynomialDecay(
    double initialLearningRate,
    long decaySteps,
    double endLearningRate,
    double power,
    boolean cycle)
    implements LearningRateSchedule {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate, a non-finite power, or
   *     {@code decaySteps <= 0}
   */
  public PolynomialDecay {
    String op = "PolynomialDecay";
    F32.nonNegative(op, "initialLearningRate", initialLearningRate);
    F32.positive(op, "decaySteps", decaySteps);
    F32.nonNegative(op, "endLearningRate", endLearningRate);
    F32.finite(op, "power", power);
  }

  /** Keras's defaults: linear ({@code power = 1}) to 0.0001, no cycle. */
  public PolynomialDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0001, 1.0, false);
  }

  @Override
  public double at(long step) {
    float init = (float) initialLearningRate;
    float end = (float) endLearningRate;
    float s = (float) step;
    float d = (float) decaySteps;
    if (cycle) {
      float multiplier = s == 0f ? 1f : F32.ceil(s / (float) decaySteps);
      d = d * multiplier;
    } else {
      s = Math.min(s, d);
    }
    float p = s / d;
    return (init - end) * F32.pow(1f - p, (float) power) + end;
  }
}
