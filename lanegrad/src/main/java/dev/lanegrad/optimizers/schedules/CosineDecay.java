package dev.lanegrad.optimizers.schedules;

/**
 * A linear warm-up, then a cosine decay, as Keras's {@code CosineDecay} (with {@code warmup_target}
 * and {@code warmup_steps}), in float32:
 *
 * <pre>
 * s = min(step, warmupSteps + decaySteps)
 * warm-up (s &lt; warmupSteps):
 *   lr = (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate
 * decay:
 *   c = 0.5 * (1 + cos(pi * (s - warmupSteps) / decaySteps))
 *   lr = warmupTarget * ((1 - alpha) * c + alpha)
 * </pre>
 *
 * Without warm-up ({@link #CosineDecay(double, long)}, Keras's {@code warmup_target=None}) the
 * decay starts at {@code initialLearningRate}: {@code warmupTarget = initialLearningRate}, {@code
 * warmupSteps = 0}, which is the same arithmetic. {@code new CosineDecay(0.0, 900, 0.0, 0.1, 100)}
 * rises from 0 to 0.1 over 100 steps and falls back to 0 by step 1000.
 *
 * @param initialLearningRate the rate at step 0, {@code >= 0}
 * @param decaySteps the length of the cosine, {@code > 0}
 * @param alpha the final rate as a fraction of the decay's start, finite
 * @param warmupTarget the rate reached at the end of the warm-up, {@code >= 0}
 * @param warmupSteps the length of the warm-up, {@code >= 0}
 */
public record CosineDecay(
    double initialLearningRate,
    long decaySteps,
    double alpha,
    double warmupTarget,
    long warmupSteps)
    implements LearningRateSchedule {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate, a non-finite alpha, {@code
   *     decaySteps <= 0} or {@code warmupSteps < 0}
   */
  public CosineDecay {
    String op = "CosineDecay";
    F32.nonNegative(op, "initialLearningRate", initialLearningRate);
    F32.positive(op, "decaySteps", decaySteps);
    F32.finite(op, "alpha", alpha);
    F32.nonNegative(op, "warmupTarget", warmupTarget);
    if (warmupSteps < 0) {
      throw new IllegalArgumentException(op + ": warmupSteps must be >= 0, got " + warmupSteps);
    }
  }

  /** Cosine decay from {@code initialLearningRate} to 0, without warm-up (Keras's defaults). */
  public CosineDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0, initialLearningRate, 0);
  }

  @Override
  public double at(long step) {
    float init = (float) initialLearningRate;
    float decay = (float) decaySteps;
    float target = (float) warmupTarget;
    float warmup = (float) warmupSteps;
    float s = Math.min((float) step, decay + warmup);
    if (s < warmup) {
      float fraction = s / warmup;
      return (target - init) * fraction + init;
    }
    float fraction = (s - warmup) / decay;
    float cosine = 0.5f * (1f + F32.cos(F32.PI * fraction));
    // Keras writes (1 - self.alpha) with a Python number: the difference is taken in double
    float decayed = (float) (1 - alpha) * cosine + (float) alpha;
    return target * decayed;
  }
}
