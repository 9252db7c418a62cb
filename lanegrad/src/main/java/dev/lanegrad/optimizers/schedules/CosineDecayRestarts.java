package dev.lanegrad.optimizers.schedules;

/**
 * Cosine decay with warm restarts (SGDR), as Keras's {@code CosineDecayRestarts}, in float32: the
 * first period lasts {@code firstDecaySteps}, each next one {@code tMul} times longer and starts
 * {@code mMul} times lower.
 *
 * <pre>
 * f = step / firstDecaySteps
 * tMul == 1: i = floor(f);  f = f - i
 * otherwise: i = floor(log(1 - f * (1 - tMul)) / log(tMul))
 *            f = (f - (1 - tMul^i) / (1 - tMul)) / tMul^i
 * c = 0.5 * mMul^i * (1 + cos(pi * f))
 * lr(step) = initialLearningRate * ((1 - alpha) * c + alpha)
 * </pre>
 *
 * {@code new CosineDecayRestarts(0.1, 100, 2.0, 1.0, 0.0)} decays over steps 0-99, restarts at 100,
 * decays over 100-299, restarts at 300, ...
 *
 * @param initialLearningRate the rate at step 0, {@code >= 0}
 * @param firstDecaySteps the length of the first period, {@code > 0}
 * @param tMul the growth of each period, {@code > 0}
 * @param mMul the factor of each restart's rate, {@code >= 0}
 * @param alpha the lowest rate as a fraction of the period's start, finite
 */
public record CosineDecayRestarts(
    double initialLearningRate, long firstDecaySteps, double tMul, double mMul, double alpha)
    implements LearningRateSchedule {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate or factor, {@code tMul <=
   *     0}, a non-finite alpha, or {@code firstDecaySteps <= 0}
   */
  public CosineDecayRestarts {
    String op = "CosineDecayRestarts";
    F32.nonNegative(op, "initialLearningRate", initialLearningRate);
    F32.positive(op, "firstDecaySteps", firstDecaySteps);
    if (!(tMul > 0) || Double.isInfinite(tMul)) {
      throw new IllegalArgumentException(op + ": tMul must be a finite number > 0, got " + tMul);
    }
    F32.nonNegative(op, "mMul", mMul);
    F32.finite(op, "alpha", alpha);
  }

  /** Keras's defaults: {@code tMul = 2}, {@code mMul = 1}, {@code alpha = 0}. */
  public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
    this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
  }

  @Override
  public double at(long step) {
    float a = (float) alpha;
    float t = (float) tMul;
    float m = (float) mMul;
    float fraction = (float) step / (float) firstDecaySteps;
    float restart;
    if (t == 1f) {
      restart = F32.floor(fraction);
      fraction -= restart;
    } else {
      restart = F32.floor(F32.log(1f - fraction * (1f - t)) / F32.log(t));
      float sum = (1f - F32.pow(t, restart)) / (1f - t);
      fraction = (fraction - sum) / F32.pow(t, restart);
    }
    float cosine = 0.5f * F32.pow(m, restart) * (1f + F32.cos(F32.PI * fraction));
    float decayed = (1f - a) * cosine + a;
    return (float) initialLearningRate * decayed;
  }
}
