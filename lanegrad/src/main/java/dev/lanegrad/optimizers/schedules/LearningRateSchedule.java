package dev.lanegrad.optimizers.schedules;

/**
 * A learning rate that changes with the optimizer's step, as Keras's {@code
 * tf.keras.optimizers.schedules.LearningRateSchedule}: pass one where an optimizer takes a number.
 *
 * <pre>{@code
 * Optimizer opt = SGD.builder().learningRate(new CosineDecay(0.1, 1000)).build();
 * LearningRateSchedule inverse = step -> 0.1 / (step + 1);   // lr(step) = 0.1 / (step + 1)
 * }</pre>
 *
 * <p>The built-in schedules compute in float32, as Keras does when the initial rate is a Python
 * number, so {@link #at} returns a {@code double} that is exactly a float32 value.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * The learning rate of the optimizer's step number {@code step}: 0 for the first step, as Keras's
   * {@code iterations} before the step.
   */
  double at(long step);
}
