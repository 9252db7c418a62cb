package dev.lanegrad.callbacks;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch (from 0) and the
 * current rate, as Keras's {@code tf.keras.callbacks.LearningRateScheduler}; each epoch's logs get
 * {@code lr}.
 *
 * <pre>{@code
 * // keep the rate for 10 epochs, then decay it by exp(-0.1) per epoch (Keras's example)
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * }</pre>
 */
public final class LearningRateScheduler extends Callback {
  private final BiFunction<Integer, Double, Double> schedule;

  /**
   * A scheduler calling {@code schedule(epoch, currentRate)} before each epoch.
   *
   * @throws IllegalArgumentException for a null function
   */
  public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("LearningRateScheduler: the schedule is null");
    }
    this.schedule = schedule;
  }

  /**
   * @throws IllegalArgumentException when the schedule returns null, a negative, NaN or infinite
   *     rate (training then stops with it)
   */
  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    var optimizer = requireOptimizer("onEpochBegin");
    Double lr = schedule.apply(epoch, optimizer.learningRate());
    if (lr == null || !(lr >= 0) || lr.isInfinite()) {
      throw new IllegalArgumentException(
          "LearningRateScheduler: the schedule returned "
              + lr
              + " for epoch "
              + epoch
              + "; it must be a finite number >= 0");
    }
    optimizer.setLearningRate(lr);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double lr = requireOptimizer("onEpochEnd").learningRate();
    if (logs != null) {
      logs.put("lr", asLogged(lr));
    }
  }

  /** Keras logs its float32 learning-rate variable: 0.001 shows as 0.0010000000474974513. */
  static double asLogged(double lr) {
    return (float) lr;
  }
}
